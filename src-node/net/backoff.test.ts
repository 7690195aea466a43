import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS } from '../../src-shared/domain/hq-retry-policy';
import { fullJitterDelayMs, retryDelayMs } from './backoff';

describe('backoff', () => {
  it('full jitter stays within [0, min(cap, base * 2^(n-1)))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = fullJitterDelayMs(n, { baseMs: 1000, capMs: 300_000 }, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(300_000, 1000 * 2 ** (n - 1)) + 1);
      }),
    );
  });
  it('grows exponentially until the cap', () => {
    const top = (n: number) => fullJitterDelayMs(n, { baseMs: 1000, capMs: 300_000 }, () => 0.999999);
    expect(top(1)).toBe(999);
    expect(top(4)).toBe(7999);
    expect(top(30)).toBe(299_999);
  });
  it('honours Retry-After above the jitter cap, within the clamp (1 s .. 10 min)', () => {
    expect(retryDelayMs(1, 5_000, { baseMs: 10, capMs: 100 })).toBe(5_000);
    expect(retryDelayMs(1, 10 * RETRY_AFTER_MAX_MS)).toBe(RETRY_AFTER_MAX_MS);
    expect(retryDelayMs(1, 0, { baseMs: 10, capMs: 100 })).toBe(RETRY_AFTER_MIN_MS);
    expect(retryDelayMs(3, null, { baseMs: 10, capMs: 100 }, () => 0.5)).toBe(20);
  });
});
