import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs } from './backoff';

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
  it('honours Retry-After even above the jitter cap, up to an hour', () => {
    expect(retryDelayMs(1, 5_000, { baseMs: 10, capMs: 100 })).toBe(5_000);
    expect(retryDelayMs(1, 10 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(3, null, { baseMs: 10, capMs: 100 }, () => 0.5)).toBe(20);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
  });
});
