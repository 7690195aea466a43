import { describe, expect, it } from 'vitest';
import { classifyScan, isScanBurst, SCAN_MAX_GAP_MS, SCAN_MAX_PAUSE_MS } from './scanner';

/** Key times `gap` ms apart, starting at 1000. */
function evenly(n: number, gap: number): number[] {
  return Array.from({ length: n }, (_, i) => 1000 + i * gap);
}

describe('isScanBurst', () => {
  it('takes 18 characters 10 ms apart, ended by Enter, as a scan', () => {
    const t = evenly(18, 10);
    expect(isScanBurst(t, t[17]! + 10)).toBe(true);
  });

  it('still takes a scan with one slow gap inside it (the page was busy), as long as the average holds', () => {
    // the old rule (every gap ≤ 60 ms) split such a scan in two and lost it
    const t = evenly(18, 8);
    for (let i = 9; i < t.length; i++) t[i]! += 70;
    expect(isScanBurst(t, t[17]! + 8)).toBe(true);
  });

  it('does not take people typing (15+ characters at 120 ms) as a scan', () => {
    const t = evenly(18, 120);
    expect(isScanBurst(t, t[17]! + 120)).toBe(false);
  });

  it('refuses bursts that are too short, paused too long, or whose Enter came late', () => {
    expect(isScanBurst(evenly(14, 5), 1000 + 14 * 5)).toBe(false);
    const paused = evenly(18, 5);
    for (let i = 9; i < paused.length; i++) paused[i]! += SCAN_MAX_PAUSE_MS + 1;
    expect(isScanBurst(paused, paused[17]! + 5)).toBe(false);
    const t = evenly(18, 5);
    expect(isScanBurst(t, t[17]! + SCAN_MAX_PAUSE_MS + 1)).toBe(false);
  });

  it('the average limit is exactly SCAN_MAX_GAP_MS', () => {
    const at = evenly(16, SCAN_MAX_GAP_MS);
    expect(isScanBurst(at, at[15]! + 1)).toBe(true);
    const over = evenly(16, SCAN_MAX_GAP_MS + 1);
    expect(isScanBurst(over, over[15]! + 1)).toBe(false);
  });
});

describe('classifyScan', () => {
  it('tells an ID number from a device number and refuses anything else', () => {
    expect(classifyScan('11010519491231002x')).toBe('nationalId');
    expect(classifyScan('490154203237518')).toBe('deviceNumber');
    expect(classifyScan('89860112345678901237')).toBe('deviceNumber');
    expect(classifyScan('4901542032375')).toBe(null);
    expect(classifyScan('ABC0112345678901237')).toBe(null);
  });
});
