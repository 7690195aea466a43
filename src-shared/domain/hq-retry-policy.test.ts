import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyHqFailure,
  clampRetryAfterMs,
  DEAD_LETTER_WINDOW_MS,
  offlineReasonFor,
  parseRetryAfterMs,
  retryWindowExpired,
  RETRY_AFTER_MAX_MS,
  RETRY_AFTER_MIN_MS,
} from './hq-retry-policy';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('HQ retry policy', () => {
  it('Retry-After in seconds or as an HTTP date, clamped to 1 s .. 10 min', () => {
    expect(parseRetryAfterMs('3', NOW)).toBe(3_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(RETRY_AFTER_MIN_MS);
    expect(parseRetryAfterMs('0.2', NOW)).toBe(RETRY_AFTER_MIN_MS);
    expect(parseRetryAfterMs('86400', NOW)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', NOW)).toBe(RETRY_AFTER_MIN_MS);
    expect(parseRetryAfterMs('Fri, 02 Jan 2026 00:00:00 GMT', NOW)).toBe(RETRY_AFTER_MAX_MS);
    for (const bad of [null, undefined, '', 'soon', '-1', '1e9', '2026-01-01', 'Thu, 99 Foo 2026']) expect(parseRetryAfterMs(bad, NOW)).toBeNull();
  });

  it('every clamped wait is within the bounds, whatever HQ sends', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (ms) => {
        const c = clampRetryAfterMs(ms);
        expect(c).toBeGreaterThanOrEqual(RETRY_AFTER_MIN_MS);
        expect(c).toBeLessThanOrEqual(RETRY_AFTER_MAX_MS);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (h) => {
        const v = parseRetryAfterMs(h, NOW);
        expect(v === null || (v >= RETRY_AFTER_MIN_MS && v <= RETRY_AFTER_MAX_MS)).toBe(true);
      }),
    );
  });

  it('only a 4xx that means "never" is a refusal; 5xx and malformed answers are server trouble; the rest is the way to HQ', () => {
    for (const s of [400, 409, 413, 422]) expect(classifyHqFailure(s, 'X')).toBe('refused');
    for (const s of [500, 501, 507]) expect(classifyHqFailure(s, 'INTERNAL')).toBe('server');
    expect(classifyHqFailure(200, 'BAD_RESPONSE')).toBe('server');
    for (const s of [401, 403, 404, 405, 408, 429, 502, 503, 504]) expect(classifyHqFailure(s, 'X')).toBe('transport');
    expect(classifyHqFailure(null, 'NETWORK')).toBe('transport');
    expect(classifyHqFailure(null, 'TIMEOUT')).toBe('transport');
  });

  it('the dead-letter window is wall-clock time since the first failure', () => {
    expect(DEAD_LETTER_WINDOW_MS).toBe(72 * 3_600_000);
    expect(retryWindowExpired(null, NOW)).toBe(false);
    expect(retryWindowExpired(NOW - DEAD_LETTER_WINDOW_MS + 1, NOW)).toBe(false);
    expect(retryWindowExpired(NOW - DEAD_LETTER_WINDOW_MS, NOW)).toBe(true);
    expect(retryWindowExpired(Number.NaN, NOW)).toBe(false);
  });

  it('names why HQ is offline', () => {
    expect(offlineReasonFor(null, 'NETWORK')).toBe('HQ_UNREACHABLE');
    expect(offlineReasonFor(null, 'TIMEOUT')).toBe('HQ_TIMEOUT');
    expect(offlineReasonFor(500, 'INTERNAL')).toBe('HQ_ERROR');
    expect(offlineReasonFor(502, 'HTTP_502')).toBe('HQ_ERROR');
    expect(offlineReasonFor(503, 'UNAVAILABLE')).toBe('HQ_BUSY');
    expect(offlineReasonFor(429, 'RATE_LIMITED')).toBe('HQ_BUSY');
    expect(offlineReasonFor(200, 'BAD_RESPONSE')).toBe('HQ_BAD_RESPONSE');
    expect(offlineReasonFor(401, 'UNAUTHORIZED')).toBe('HQ_TOKEN_REFUSED');
    expect(offlineReasonFor(404, 'NOT_FOUND')).toBe('HQ_REFUSED_REQUEST');
    expect(offlineReasonFor(null, null)).toBe('LOCAL_ERROR');
  });
});
