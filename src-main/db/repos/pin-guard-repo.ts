import { OPEN_GUARD, type PinGuardState } from '../../../src-shared/domain/pin-lockout';
import type { Db } from '../../../src-node/db/connection';

/** The subject of this terminal's public unlock path (supervisor PINs typed while nobody is signed in). */
export const PUBLIC_PIN_SUBJECT = 'public';
export const clerkPinSubject = (clerkId: string): string => `clerk:${clerkId}`;

interface PinGuardRow {
  failures: number;
  lockouts: number;
  locked_until: string | null;
}

/** Wrong-PIN counts and lockouts per subject (issue 10 items 2 and 3). */
export function createPinGuardRepo(db: Db) {
  const byId = db.prepare<[string], PinGuardRow>('SELECT failures, lockouts, locked_until FROM pin_guards WHERE subject = ?');
  const save = db.prepare<[string, number, number, string | null]>(
    `INSERT INTO pin_guards (subject, failures, lockouts, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT(subject) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts, locked_until = excluded.locked_until`,
  );
  const remove = db.prepare<[string]>('DELETE FROM pin_guards WHERE subject = ?');
  return {
    guardOf(subject: string): PinGuardState {
      const row = byId.get(subject);
      return row ? { failures: row.failures, lockouts: row.lockouts, lockedUntil: row.locked_until } : OPEN_GUARD;
    },
    saveGuard(subject: string, s: PinGuardState): void {
      save.run(subject, s.failures, s.lockouts, s.lockedUntil);
    },
    /** Forget the subject's count, lock and escalation; true when there was anything to forget. */
    clearGuard(subject: string): boolean {
      return remove.run(subject).changes > 0;
    },
  };
}
export type PinGuardRepo = ReturnType<typeof createPinGuardRepo>;
