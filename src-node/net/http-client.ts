import { parseRetryAfterMs } from '../../src-shared/domain/hq-retry-policy';
import { HqErrorBody } from '../../src-shared/hq-protocol/schemas';

/**
 * The HTTP client base for calls to HQ: one error type, one retryable rule, one reading of HQ's error
 * body and Retry-After. The terminal's HQ client (src-main/sync/hq-client.ts) is built on it.
 */

/** A failed HQ call: `retryable` says whether trying again later can help; `retryAfterMs` is HQ's Retry-After, parsed and clamped. */
export class HqError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${code}: ${message}`);
    this.name = 'HqError';
  }
}

/** Trying again later can help: HQ's side failed (5xx), it asked to slow down (429), or the request timed out (408). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** The HqError for a non-2xx answer: HQ's `{ error: { code, message } }` when the body is one, Retry-After parsed and clamped. */
export function errorFromAnswer(res: Response, body: unknown, nowMs: number): HqError {
  const parsed = HqErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : `HTTP_${res.status}`;
  const message = parsed.success ? parsed.data.error.message : res.statusText;
  return new HqError(code, message, res.status, isRetryableStatus(res.status), parseRetryAfterMs(res.headers.get('retry-after'), nowMs));
}

/** A fetch that failed before any answer: TIMEOUT when our own deadline fired, NETWORK otherwise (both retryable). */
export function errorFromFetchFailure(err: unknown, stoppedByCaller = false): HqError {
  const e = err as Error;
  const timeout = e.name === 'TimeoutError' || (e.name === 'AbortError' && !stoppedByCaller);
  return new HqError(timeout ? 'TIMEOUT' : 'NETWORK', e.message, null, true);
}
