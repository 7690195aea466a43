import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionSlot } from '../../src-shared/contract';
import { AppError } from '../../src-shared/contract/errors';
import type { ClerkSummary } from '../../src-shared/contract/auth';
import {
  DEFAULT_IDLE_LOCK_MINUTES,
  effectivePolicy,
  isLocked,
  minutesLeft,
  reserveAttempt,
  settleAttempt,
  type PinLockoutPolicy,
} from '../../src-shared/domain/pin-lockout';
import type { StoreSettings } from '../../src-shared/hq-protocol/schemas';
import type { Db } from '../../src-node/db/connection';
import type { ClerkRepo, ClerkRow } from '../db/repos/clerk-repo';
import { clerkPinSubject, createPinGuardRepo, PUBLIC_PIN_SUBJECT, type PinGuardRepo } from '../db/repos/pin-guard-repo';
import type { AuditLog } from './audit';
import { verifyPin } from '../../src-node/crypto/pin-hash';

function summary(row: ClerkRow): ClerkSummary {
  return { clerkId: row.clerk_id, code: row.code, name: row.name, role: row.role };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AuthDeps {
  db: Db;
  clerks: ClerkRepo;
  audit: AuditLog;
  now?: () => Date;
  guards?: PinGuardRepo;
  /** The store's settings from HQ (idle minutes, PIN lockout policy); defaults when absent. */
  settings?: () => StoreSettings | undefined;
}

/**
 * Clerk sign-in for this terminal: one clerk at a time, PINs checked against HQ-issued scrypt hashes.
 *
 * PIN lockout (issue 10 items 2, 3): every PIN check first reserves its attempt in a SQLite transaction
 * (counted as wrong until proven right), so at most `maxFailures` wrong PINs are ever hashed before the
 * lock, whatever the concurrency; locks expire and escalate per the store's policy. Supervisor PINs typed
 * while nobody is signed in (the public `auth.unlockClerk`) count against this terminal's public guard,
 * never against the supervisor's own sign-in.
 *
 * Session (issue 10 item 10): sign-in makes a session secret that the caller's transport keeps (web: an
 * HttpOnly cookie; Electron: the window). Only the holder is signed in; it ends at sign-out, at the next
 * sign-in, and after the store's idle minutes without a signed-in call (the idle lock).
 */
export function createAuthService(deps: AuthDeps) {
  const now = deps.now ?? (() => new Date());
  const guards = deps.guards ?? createPinGuardRepo(deps.db);
  const policy = (): PinLockoutPolicy => effectivePolicy(deps.settings?.()?.pinLockout);
  const idleMs = (): number => (deps.settings?.()?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES) * 60_000;
  /** PIN checks reserved and still hashing, per guard subject (in memory: they end with the process). */
  const running = new Map<string, number>();

  let session: { secret: string; clerk: ClerkSummary; lastCallMs: number } | null = null;
  /** The clerk whose screen the idle lock closed (signed out until their PIN, or another sign-in). */
  let lockedFor: ClerkSummary | null = null;

  function requireClerk(clerkId: string): ClerkRow {
    const row = deps.clerks.findClerkById(clerkId);
    if (!row || !row.active) throw new AppError({ code: 'NOT_FOUND', messageKey: 'auth:unknownClerk', field: 'clerkId' });
    return row;
  }

  function lockedError(subject: string, row: ClerkRow, minutes: number): AppError {
    return subject === PUBLIC_PIN_SUBJECT
      ? new AppError({ code: 'LOCKED', messageKey: 'auth:publicPinThrottled', params: { minutes } })
      : new AppError({ code: 'LOCKED', messageKey: 'auth:pinLocked', params: { name: row.name, minutes } });
  }

  /**
   * Check `row`'s PIN under the guard `subject`: reserve (a transaction, before any hashing), hash, settle
   * (a transaction). Wrong PINs are audited as today (`auth.pinFailed`, `auth.locked`).
   */
  async function checkPin(row: ClerkRow, pin: string, purpose: string, subject = clerkPinSubject(row.clerk_id)): Promise<void> {
    const p = policy();
    const via = subject === PUBLIC_PIN_SUBJECT ? { path: 'public' } : {};
    const reserved = deps.db.transaction(() => {
      const r = reserveAttempt(guards.guardOf(subject), p, now().getTime(), running.get(subject) ?? 0);
      guards.saveGuard(subject, r.state);
      if (!r.ok && r.lockedNow) deps.audit.record('auth.locked', row.clerk_id, { purpose, failures: r.state.failures, until: r.state.lockedUntil, ...via });
      return r;
    })();
    if (!reserved.ok) throw lockedError(subject, row, reserved.minutes);
    running.set(subject, (running.get(subject) ?? 0) + 1);
    let ok = false;
    try {
      ok = await verifyPin(pin, row.pin_hash).catch(() => false);
    } finally {
      const left = (running.get(subject) ?? 1) - 1;
      if (left > 0) running.set(subject, left);
      else running.delete(subject);
    }
    const settled = deps.db.transaction(() => {
      const nowMs = now().getTime();
      const s = settleAttempt(guards.guardOf(subject), p, nowMs, ok, running.get(subject) ?? 0);
      guards.saveGuard(subject, s.state);
      if (!ok) {
        const detail = { purpose, failures: s.state.failures, ...(s.lockedNow ? { until: s.state.lockedUntil } : {}), ...via };
        deps.audit.record(s.lockedNow ? 'auth.locked' : 'auth.pinFailed', row.clerk_id, detail);
      }
      return s;
    })();
    if (ok) return;
    const nowMs = now().getTime();
    if (isLocked(settled.state, nowMs)) throw lockedError(subject, row, minutesLeft(settled.state.lockedUntil!, nowMs));
    const left = p.maxFailures - settled.state.failures;
    if (left <= 0) throw lockedError(subject, row, 1);
    throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:wrongPin', field: 'pin', params: { left } });
  }

  /** The session ends after the idle minutes without a signed-in call: the idle lock, decided here. */
  function expireIfIdle(): void {
    if (!session) return;
    const nowMs = now().getTime();
    if (nowMs - session.lastCallMs <= idleMs()) return;
    deps.audit.record('auth.idleLock', session.clerk.clerkId, { by: 'server', lastCallAt: new Date(session.lastCallMs).toISOString() });
    lockedFor = session.clerk;
    session = null;
  }

  function holds(slot: SessionSlot | undefined): boolean {
    return session !== null && typeof slot?.secret === 'string' && sameSecret(slot.secret, session.secret);
  }

  function clearFor(clerkId: string): { wasLocked: boolean; failures: number } {
    const g = guards.guardOf(clerkPinSubject(clerkId));
    guards.clearGuard(clerkPinSubject(clerkId));
    return { wasLocked: isLocked(g, now().getTime()), failures: g.failures };
  }

  return {
    listClerks: (): ClerkSummary[] => deps.clerks.listActiveClerks().map(summary),
    /** The signed-in clerk of the terminal (dispatch has already checked that the caller holds the session). */
    current: (): ClerkSummary | null => session?.clerk ?? null,
    /** The clerk this caller is signed in as, or null (does not count as activity). */
    sessionClerk(slot: SessionSlot | undefined): ClerkSummary | null {
      expireIfIdle();
      return holds(slot) ? session!.clerk : null;
    },
    /** Dispatch's check for every signed-in method: the caller holds the live session; the call refreshes it. */
    authorize(slot: SessionSlot | undefined): ClerkSummary | null {
      expireIfIdle();
      if (!holds(slot)) return null;
      session!.lastCallMs = now().getTime();
      return session!.clerk;
    },
    async signIn(clerkId: string, pin: string, slot?: SessionSlot): Promise<ClerkSummary> {
      const row = requireClerk(clerkId);
      await checkPin(row, pin, 'signIn');
      expireIfIdle();
      const clerk = summary(row);
      const detail: Record<string, unknown> = {};
      if (lockedFor) detail.afterIdleLockOf = lockedFor.clerkId;
      if (session) detail.replaced = session.clerk.clerkId;
      session = { secret: randomBytes(32).toString('base64url'), clerk, lastCallMs: now().getTime() };
      if (slot) slot.secret = session.secret;
      deps.audit.record('auth.signIn', row.clerk_id, detail);
      lockedFor = null;
      return clerk;
    },
    /** Ends the session for every caller when this caller holds it; a caller without it only forgets its own. */
    signOut(slot?: SessionSlot): void {
      if (session && (slot === undefined || holds(slot))) {
        deps.audit.record('auth.signOut', session.clerk.clerkId, {});
        session = null;
        lockedFor = null;
      }
      if (slot) slot.secret = null;
    },
    /** Idle lock: nobody is signed in until the same clerk's PIN (or another clerk signs in). */
    lock(): void {
      if (!session) return;
      deps.audit.record('auth.idleLock', session.clerk.clerkId, {});
      lockedFor = session.clerk;
      session = null;
    },
    lockedClerk: (): ClerkSummary | null => {
      expireIfIdle();
      return lockedFor;
    },
    /**
     * A supervisor clears a clerk's PIN lockout; logged with who and for whom. From a signed-out terminal
     * (the public path) a wrong supervisor PIN counts against this terminal's public guard, not the supervisor.
     */
    async unlockClerk(clerkId: string, supervisorId: string, pin: string, slot?: SessionSlot): Promise<ClerkSummary> {
      const target = requireClerk(clerkId);
      const supervisor = requireClerk(supervisorId);
      if (supervisor.role !== 'supervisor') throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:notSupervisor', field: 'supervisorId' });
      const signedIn = slot === undefined ? session !== null : holds(slot);
      if (signedIn) {
        await checkPin(supervisor, pin, 'auth.unlockClerk');
      } else {
        // a supervisor locked on their own PIN stays locked on the public path too (checked, not counted)
        const own = guards.guardOf(clerkPinSubject(supervisor.clerk_id));
        const nowMs = now().getTime();
        if (isLocked(own, nowMs)) throw lockedError(clerkPinSubject(supervisor.clerk_id), supervisor, minutesLeft(own.lockedUntil!, nowMs));
        await checkPin(supervisor, pin, 'auth.unlockClerk', PUBLIC_PIN_SUBJECT);
      }
      deps.db.transaction(() => {
        const was = clearFor(target.clerk_id);
        deps.audit.record('auth.unlockClerk', supervisor.clerk_id, { clerkId: target.clerk_id, ...was, path: signedIn ? 'signedIn' : 'public' });
      })();
      return summary(target);
    },
    /** A supervisor's PIN for an override (void, offline limit, lookup unlock, closing with pending sync). */
    async verifySupervisor(clerkId: string, pin: string, purpose: string): Promise<ClerkSummary> {
      const row = requireClerk(clerkId);
      if (row.role !== 'supervisor') throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:notSupervisor', field: 'clerkId' });
      await checkPin(row, pin, purpose);
      deps.audit.record('auth.override', row.clerk_id, { purpose, forClerk: session?.clerk.clerkId ?? null });
      return summary(row);
    },
    /**
     * HQ cleared the clerk's lock (a PIN change, or an admin "unlock clerk"): called inside the pull's
     * transaction. An admin unlock of a supervisor also lifts this terminal's public-path throttle.
     */
    clearLockFromHq(clerkId: string, reason: 'hqPinChange' | 'hqUnlock'): void {
      const was = clearFor(clerkId);
      const row = deps.clerks.findClerkById(clerkId);
      let publicThrottle = false;
      if (reason === 'hqUnlock' && row?.role === 'supervisor') {
        const g = guards.guardOf(PUBLIC_PIN_SUBJECT);
        publicThrottle = g.failures > 0 || g.lockedUntil !== null;
        guards.clearGuard(PUBLIC_PIN_SUBJECT);
      }
      if (was.wasLocked || was.failures > 0 || publicThrottle || reason === 'hqUnlock') {
        deps.audit.record('auth.lockCleared', clerkId, { reason, ...was, publicThrottle });
      }
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
