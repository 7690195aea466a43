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

/** Longest pause between two characters of one scan; people do not type 15+ characters this evenly fast. */
export const SCAN_MAX_GAP_MS = 60;
const MIN_LENGTH = 15;

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
    let lastAt = 0;
    let seq = 0;
    let start: { el: Element | null; value: string | null } = { el: null, value: null };
    const onKey = (e: KeyboardEvent) => {
      const now = e.timeStamp || performance.now();
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (buffer === '' || now - lastAt > SCAN_MAX_GAP_MS) {
          const el = document.activeElement;
          buffer = '';
          start = { el, value: el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : null };
        }
        buffer += e.key;
        lastAt = now;
        return;
      }
      if (e.key === 'Shift') return;
      if (e.key !== 'Enter') {
        buffer = '';
        return;
      }
      const burst = buffer;
      buffer = '';
      if (burst.length < MIN_LENGTH || now - lastAt > SCAN_MAX_GAP_MS * 2) return;
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
