/**
 * How the terminal treats a failed call to HQ (issue 10 item 6): which failures may ever dead-letter an
 * event, how long a Retry-After may make it wait, and what the status bar says about it. Pure: the outbox
 * worker, the sync state and their tests share these numbers.
 */

/**
 * An event HQ keeps failing (5xx, an unreadable answer for it) is dead-lettered only when its first such
 * failure is this long ago — wall-clock time, so no burst of tries (a clerk pressing "sync now") can get
 * there sooner. Three days cover a long weekend with HQ broken.
 */
export const DEAD_LETTER_WINDOW_MS = 72 * 3_600_000;

/** A Retry-After shorter than this (0 included) is taken as this: HQ cannot turn backoff off. */
export const RETRY_AFTER_MIN_MS = 1_000;
/** A Retry-After longer than this (a broken header, "come back tomorrow") is taken as this. */
export const RETRY_AFTER_MAX_MS = 10 * 60_000;

export function clampRetryAfterMs(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? RETRY_AFTER_MAX_MS : RETRY_AFTER_MIN_MS;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, Math.round(ms)));
}

/**
 * A Retry-After header (delta-seconds or an HTTP date, RFC 9110 §10.2.3) as a wait in ms from `nowMs`,
 * clamped to [RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS]; null when absent or unreadable (the caller's own
 * backoff applies then).
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return clampRetryAfterMs(Number(text) * 1000);
  // an HTTP date names a day of the week; a bare number with a sign or an exponent is not one
  if (!/^[A-Za-z]{3},/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : clampRetryAfterMs(at - nowMs);
}

/**
 * What a failed call says, by HTTP status (null: no answer — network error or timeout) and error code:
 * - `transport`: the way to HQ failed or HQ asked us to wait (network, timeout, 401/403, 404/405, 408,
 *   429, 502/503/504): nobody is blamed, the same events are sent again later;
 * - `server`: HQ is there but failed on what we sent (500 and other 5xx, a 200 that is not a valid answer):
 *   the head event alone is retried; it is dead-lettered only after DEAD_LETTER_WINDOW_MS;
 * - `refused`: HQ says "never" (400, 409, 413, 422 and other 4xx, docs/hq-protocol.md): a batch is split
 *   until the one event is found, which is dead-lettered at once.
 */
export type HqFailureKind = 'transport' | 'server' | 'refused';

const TRANSPORT_STATUSES = new Set([401, 403, 404, 405, 408, 429, 502, 503, 504]);

export function classifyHqFailure(status: number | null, code: string): HqFailureKind {
  if (status === null) return 'transport';
  if (code === 'BAD_RESPONSE') return 'server';
  if (TRANSPORT_STATUSES.has(status)) return 'transport';
  if (status >= 500) return 'server';
  if (status >= 400) return 'refused';
  return 'server';
}

/** Whether an event first failed by HQ at `firstFailedAtMs` may be dead-lettered at `nowMs`. */
export function retryWindowExpired(firstFailedAtMs: number | null, nowMs: number, windowMs: number = DEAD_LETTER_WINDOW_MS): boolean {
  return firstFailedAtMs !== null && Number.isFinite(firstFailedAtMs) && nowMs - firstFailedAtMs >= windowMs;
}

/** Why the status bar says "HQ offline" (translated in the `sync:reason.*` keys). */
export const OFFLINE_REASONS = [
  'HQ_UNREACHABLE',
  'HQ_TIMEOUT',
  'HQ_BUSY',
  'HQ_ERROR',
  'HQ_BAD_RESPONSE',
  'HQ_TOKEN_REFUSED',
  'HQ_REFUSED_REQUEST',
  'LOCAL_ERROR',
] as const;
export type OfflineReason = (typeof OFFLINE_REASONS)[number];

/** The reason a failed call gives (status null: no answer; `code` is the HqError code, or null for a local error). */
export function offlineReasonFor(status: number | null, code: string | null): OfflineReason {
  if (code === null) return 'LOCAL_ERROR';
  if (code === 'BAD_RESPONSE') return 'HQ_BAD_RESPONSE';
  if (status === null) return code === 'TIMEOUT' ? 'HQ_TIMEOUT' : 'HQ_UNREACHABLE';
  if (status === 401 || status === 403) return 'HQ_TOKEN_REFUSED';
  if (status === 429 || status === 503) return 'HQ_BUSY';
  if (status === 408 || status === 504) return 'HQ_TIMEOUT';
  if (status >= 500) return 'HQ_ERROR';
  return 'HQ_REFUSED_REQUEST';
}
