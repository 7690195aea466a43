import { clampRetryAfterMs } from '../../src-shared/domain/hq-retry-policy';

/**
 * When to try HQ again. Full-jitter exponential backoff (a random delay between 0 and
 * min(cap, base * 2^(attempt-1))), so a store's terminals coming back after an outage do not all
 * knock at once; a Retry-After from HQ (429 / 503) is honoured within the clamp of
 * `src-shared/domain/hq-retry-policy.ts` (1 s .. 10 min): HQ can neither turn backoff off nor park the
 * outbox for days.
 */
export interface BackoffPolicy {
  /** Ceiling of the first retry's random delay. */
  baseMs: number;
  /** No jittered delay is ever longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** The delay before retry number `attempt` without jitter: base, 2×base, 4×base … capped (one device, no herd: the print queue). */
export function exponentialDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 60));
}

/** The full-jitter delay before retry number `attempt` (1 = the first retry). */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity long after the cap is reached; min() keeps it finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 60));
  return Math.floor(random() * ceiling);
}

/** The delay before the next try: HQ's Retry-After when it gave one (clamped, never shortened by the jitter cap), else full jitter. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null && !Number.isNaN(retryAfterMs)) return clampRetryAfterMs(retryAfterMs);
  return fullJitterDelayMs(attempt, policy, random);
}
