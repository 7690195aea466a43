import { AppError } from '../../src-shared/contract/errors';
import type { ClerkSummary } from '../../src-shared/contract/methods';
import type { Db } from '../db/connection';
import type { ClerkRepo, ClerkRow } from '../db/repos/clerk-repo';
import type { AuditLog } from './audit';
import { verifyPin } from './pin-hash';

export const MAX_PIN_FAILURES = 5;

function summary(row: ClerkRow): ClerkSummary {
  return { clerkId: row.clerk_id, code: row.code, name: row.name, role: row.role };
}

/** Clerk sign-in for this terminal: one clerk at a time, PINs checked against HQ-issued scrypt hashes. */
export function createAuthService(deps: { db: Db; clerks: ClerkRepo; audit: AuditLog; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  let current: ClerkSummary | null = null;
  /** The clerk whose screen the idle lock closed (signed out until their PIN, or another sign-in). */
  let lockedFor: ClerkSummary | null = null;

  function requireClerk(clerkId: string): ClerkRow {
    const row = deps.clerks.findClerkById(clerkId);
    if (!row || !row.active) throw new AppError({ code: 'NOT_FOUND', messageKey: 'auth:unknownClerk', field: 'clerkId' });
    return row;
  }

  /** Check a PIN; counts failures and locks the clerk at MAX_PIN_FAILURES. */
  async function checkPin(row: ClerkRow, pin: string, purpose: string): Promise<void> {
    if (row.locked_at) throw new AppError({ code: 'LOCKED', messageKey: 'auth:clerkLocked', params: { name: row.name } });
    const ok = await verifyPin(pin, row.pin_hash);
    deps.db.transaction(() => {
      if (ok) {
        if (row.failed_pins > 0) deps.clerks.recordPinFailures(row.clerk_id, 0, null);
        return;
      }
      const failures = row.failed_pins + 1;
      const locked = failures >= MAX_PIN_FAILURES ? now().toISOString() : null;
      deps.clerks.recordPinFailures(row.clerk_id, failures, locked);
      deps.audit.record(locked ? 'auth.locked' : 'auth.pinFailed', row.clerk_id, { purpose, failures });
    })();
    if (!ok) {
      const left = MAX_PIN_FAILURES - (row.failed_pins + 1);
      if (left <= 0) throw new AppError({ code: 'LOCKED', messageKey: 'auth:clerkLocked', params: { name: row.name } });
      throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:wrongPin', field: 'pin', params: { left } });
    }
  }

  return {
    listClerks: (): ClerkSummary[] => deps.clerks.listActiveClerks().map(summary),
    current: (): ClerkSummary | null => current,
    requireSignedIn(): ClerkSummary {
      if (!current) throw new AppError({ code: 'NOT_SIGNED_IN', messageKey: 'auth:notSignedIn' });
      return current;
    },
    async signIn(clerkId: string, pin: string): Promise<ClerkSummary> {
      const row = requireClerk(clerkId);
      await checkPin(row, pin, 'signIn');
      current = summary(row);
      deps.audit.record('auth.signIn', row.clerk_id, lockedFor ? { afterIdleLockOf: lockedFor.clerkId } : {});
      lockedFor = null;
      return current;
    },
    signOut(): void {
      if (current) deps.audit.record('auth.signOut', current.clerkId, {});
      current = null;
      lockedFor = null;
    },
    /** Idle lock: nobody is signed in until the same clerk's PIN (or another clerk signs in). */
    lock(): void {
      if (!current) return;
      deps.audit.record('auth.idleLock', current.clerkId, {});
      lockedFor = current;
      current = null;
    },
    lockedClerk: (): ClerkSummary | null => lockedFor,
    /** A supervisor clears a clerk's PIN lockout (5 wrong PINs); logged with who and for whom. */
    async unlockClerk(clerkId: string, supervisorId: string, pin: string): Promise<ClerkSummary> {
      const target = requireClerk(clerkId);
      const supervisor = requireClerk(supervisorId);
      if (supervisor.role !== 'supervisor') throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:notSupervisor', field: 'supervisorId' });
      await checkPin(supervisor, pin, 'auth.unlockClerk');
      deps.db.transaction(() => {
        deps.clerks.recordPinFailures(target.clerk_id, 0, null);
        deps.audit.record('auth.unlockClerk', supervisor.clerk_id, { clerkId: target.clerk_id, wasLocked: target.locked_at !== null, failures: target.failed_pins });
      })();
      return summary(target);
    },
    /** A supervisor's PIN for an override (void, offline limit, lookup unlock, closing with pending sync). */
    async verifySupervisor(clerkId: string, pin: string, purpose: string): Promise<ClerkSummary> {
      const row = requireClerk(clerkId);
      if (row.role !== 'supervisor') throw new AppError({ code: 'FORBIDDEN', messageKey: 'auth:notSupervisor', field: 'clerkId' });
      await checkPin(row, pin, purpose);
      deps.audit.record('auth.override', row.clerk_id, { purpose, forClerk: current?.clerkId ?? null });
      return summary(row);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
