/**
 * PIN lockout as a pure rule (issue 10 items 2 and 3). A guard counts wrong PINs for one subject (a
 * clerk's own PIN, or this terminal's public unlock path). An attempt is *reserved* (counted as wrong)
 * before its hash is checked, so however many arrive at once, at most `maxFailures` are ever evaluated
 * before the lock; a right PIN gives its reservation back. Locks expire, escalating per `minutes`.
 */
export interface PinLockoutPolicy {
  /** Wrong PINs in a row that lock (the n-th wrong PIN locks). */
  maxFailures: number;
  /** How long the 1st, 2nd, … lock in a row lasts; the last value repeats. */
  minutes: readonly number[];
}

/** What a store gets when HQ sends no policy. */
export const DEFAULT_PIN_LOCKOUT: PinLockoutPolicy = { maxFailures: 5, minutes: [1, 5, 15] };
/** Bounds HQ's policy must stay in (HQ refuses anything else; the terminal falls back to the default). */
export const PIN_LOCKOUT_LIMITS = { maxFailures: { min: 1, max: 20 }, minutes: { min: 1, max: 24 * 60 }, steps: { min: 1, max: 10 } } as const;
/** Minutes without a signed-in call before the session locks, when the store has no setting. */
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export interface PinGuardState {
  /** Wrong PINs in the current round, reservations of checks still running included. */
  failures: number;
  /** Locks in a row since the last right PIN (the escalation step). */
  lockouts: number;
  /** ISO instant the current lock ends, or null. */
  lockedUntil: string | null;
}

export const OPEN_GUARD: PinGuardState = { failures: 0, lockouts: 0, lockedUntil: null };

/** A policy that is usable as it stands, or the default. */
export function effectivePolicy(p: PinLockoutPolicy | undefined | null): PinLockoutPolicy {
  const L = PIN_LOCKOUT_LIMITS;
  const int = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
  if (!p || !int(p.maxFailures, L.maxFailures.min, L.maxFailures.max)) return DEFAULT_PIN_LOCKOUT;
  if (!Array.isArray(p.minutes) || p.minutes.length < L.steps.min || p.minutes.length > L.steps.max) return DEFAULT_PIN_LOCKOUT;
  if (!p.minutes.every((m) => int(m, L.minutes.min, L.minutes.max))) return DEFAULT_PIN_LOCKOUT;
  return p;
}

/** Minutes of the n-th lock in a row (1-based); the last step repeats. */
export function lockoutMinutes(policy: PinLockoutPolicy, nth: number): number {
  const steps = policy.minutes;
  return steps[Math.min(Math.max(nth, 1), steps.length) - 1] ?? steps[steps.length - 1] ?? 1;
}

/** Whole minutes (at least 1) until an ISO instant. */
export function minutesLeft(untilIso: string, nowMs: number): number {
  return Math.max(1, Math.ceil((Date.parse(untilIso) - nowMs) / 60_000));
}

function lockNow(state: PinGuardState, policy: PinLockoutPolicy, nowMs: number): PinGuardState {
  const lockouts = state.lockouts + 1;
  return { failures: state.failures, lockouts, lockedUntil: new Date(nowMs + lockoutMinutes(policy, lockouts) * 60_000).toISOString() };
}

export type Reservation =
  | { ok: true; state: PinGuardState }
  /** Refused without evaluating: locked (until), or every try of the round is taken by checks still running. */
  | { ok: false; state: PinGuardState; lockedNow: boolean; minutes: number };

/**
 * Reserve one attempt. `running` = checks of this subject reserved and not yet settled. An expired lock
 * starts a new round (the escalation step stays until a right PIN).
 */
export function reserveAttempt(state: PinGuardState, policy: PinLockoutPolicy, nowMs: number, running: number): Reservation {
  let s = state;
  if (s.lockedUntil !== null) {
    if (nowMs < Date.parse(s.lockedUntil)) return { ok: false, state: s, lockedNow: false, minutes: minutesLeft(s.lockedUntil, nowMs) };
    s = { failures: Math.min(running, s.failures), lockouts: s.lockouts, lockedUntil: null };
  }
  if (s.failures >= policy.maxFailures) {
    if (running > 0) return { ok: false, state: s, lockedNow: false, minutes: lockoutMinutes(policy, s.lockouts + 1) };
    // nothing running and the round is used up (e.g. HQ lowered maxFailures): lock now
    const locked = lockNow(s, policy, nowMs);
    return { ok: false, state: locked, lockedNow: true, minutes: minutesLeft(locked.lockedUntil!, nowMs) };
  }
  return { ok: true, state: { ...s, failures: s.failures + 1 } };
}

/**
 * Settle an evaluated attempt. Right: the round and the escalation reset (reservations still running stay
 * counted). Wrong: it was counted at reservation; the round used up locks.
 */
export function settleAttempt(
  state: PinGuardState,
  policy: PinLockoutPolicy,
  nowMs: number,
  correct: boolean,
  othersRunning: number,
): { state: PinGuardState; lockedNow: boolean } {
  if (correct) return { state: { failures: Math.min(othersRunning, state.failures), lockouts: 0, lockedUntil: null }, lockedNow: false };
  const locked = state.lockedUntil !== null && nowMs < Date.parse(state.lockedUntil);
  if (!locked && state.failures >= policy.maxFailures) return { state: lockNow(state, policy, nowMs), lockedNow: true };
  return { state, lockedNow: false };
}

/** Whether the guard refuses attempts right now. */
export function isLocked(state: PinGuardState, nowMs: number): boolean {
  return state.lockedUntil !== null && nowMs < Date.parse(state.lockedUntil);
}
