import { useEffect, useRef } from 'react';

/**
 * A barcode scanner is a keyboard that types a whole number in a burst and ends with Enter. This
 * listener sees every key (capture phase, whatever has focus) and picks such bursts out, so a scan is
 * never lost in a button, a plan radio or the cash field: it goes to the customer lookup instead.
 * Fields meant for scans of their own (the payment reference: the customer's WeChat / Alipay code)
 * are marked `data-scan-target` and keep their scans.
 */
export type ScanKind = 'nationalId' | 'deviceNumber';
export interface Scan {
  kind: ScanKind;
  value: string;
  /** Increases with each scan so the same number scanned twice is seen twice. */
  seq: number;
}

/**
 * A scan's characters arrive on average at most this far apart (a scanner types 5-30 ms apart; people
 * do not type 15+ characters at 1,000 per minute).
 */
export const SCAN_MAX_GAP_MS = 60;
/**
 * One pause longer than this ends a burst. A single slower gap inside a scan (the page busy rendering
 * what the first digits typed, a GC pause) is tolerated as long as the average holds.
 */
export const SCAN_MAX_PAUSE_MS = 300;
const MIN_LENGTH = 15;

/**
 * Is a burst of keys a scan? `times` are the characters' key times in ms (in order) and `enterAt` the
 * Enter's: at least 15 characters, on average at most SCAN_MAX_GAP_MS apart, no pause (nor the Enter
 * after the last character) longer than SCAN_MAX_PAUSE_MS.
 */
export function isScanBurst(times: readonly number[], enterAt: number): boolean {
  if (times.length < MIN_LENGTH) return false;
  for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > SCAN_MAX_PAUSE_MS) return false;
  if (enterAt - times[times.length - 1]! > SCAN_MAX_PAUSE_MS) return false;
  return (times[times.length - 1]! - times[0]!) / (times.length - 1) <= SCAN_MAX_GAP_MS;
}

/** What a burst looks like: an 18-character ID number, or a 15-20 digit IMEI / ICCID. */
export function classifyScan(raw: string): ScanKind | null {
  const s = raw.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(s)) return 'nationalId';
  if (/^\d{15,20}$/.test(s)) return 'deviceNumber';
  return null;
}

function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function useScanner(enabled: boolean, onScan: (scan: Scan) => void): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    let buffer = '';
    let times: number[] = [];
    let seq = 0;
    let start: { el: Element | null; value: string | null } = { el: null, value: null };
    const onKey = (e: KeyboardEvent) => {
      const now = e.timeStamp || performance.now();
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        const lastAt = times[times.length - 1];
        const el = document.activeElement;
        // A burst starts after a pause, or where focus moved: keys typed into another field just before
        // (a WeChat code into its reference field) are not the start of this scan.
        if (lastAt === undefined || now - lastAt > SCAN_MAX_PAUSE_MS || el !== start.el) {
          buffer = '';
          times = [];
          start = { el, value: el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : null };
        }
        buffer += e.key;
        times.push(now);
        return;
      }
      if (e.key === 'Shift') return;
      const burst = buffer;
      const burstTimes = times;
      buffer = '';
      times = [];
      if (e.key !== 'Enter') return;
      if (!isScanBurst(burstTimes, now)) return;
      const kind = classifyScan(burst);
      if (!kind) return;
      const el = start.el;
      if (el instanceof HTMLElement && el.closest('[data-scan-target]')) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      // What the burst typed into the field that had focus goes back to what was there before.
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && start.value !== null && el.value !== start.value) {
        setNativeValue(el, start.value);
      }
      seq += 1;
      onScanRef.current({ kind, value: burst.trim().toUpperCase(), seq });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
