import type { Db } from '../connection';

export interface ClerkRow {
  clerk_id: string;
  code: string;
  name: string;
  role: 'clerk' | 'supervisor';
  pin_hash: string;
  active: number;
  failed_pins: number;
  locked_at: string | null;
}

export interface ClerkUpsert {
  clerkId: string;
  code: string;
  name: string;
  role: 'clerk' | 'supervisor';
  pinHash: string;
  active: boolean;
}

export function createClerkRepo(db: Db) {
  const listActive = db.prepare<[], ClerkRow>('SELECT * FROM clerks WHERE active = 1 ORDER BY role, code');
  const byId = db.prepare<[string], ClerkRow>('SELECT * FROM clerks WHERE clerk_id = ?');
  const upsert = db.prepare(
    `INSERT INTO clerks (clerk_id, code, name, role, pin_hash, active)
     VALUES (@clerkId, @code, @name, @role, @pinHash, @active)
     ON CONFLICT(clerk_id) DO UPDATE SET code = excluded.code, name = excluded.name, role = excluded.role,
       pin_hash = excluded.pin_hash, active = excluded.active`,
  );
  const setFailed = db.prepare<[number, string | null, string]>(
    'UPDATE clerks SET failed_pins = ?, locked_at = ? WHERE clerk_id = ?',
  );
  return {
    listActiveClerks: (): ClerkRow[] => listActive.all(),
    findClerkById: (clerkId: string): ClerkRow | undefined => byId.get(clerkId),
    upsertClerk(c: ClerkUpsert): void {
      upsert.run({ ...c, active: c.active ? 1 : 0 });
    },
    recordPinFailures(clerkId: string, failedPins: number, lockedAt: string | null): void {
      setFailed.run(failedPins, lockedAt, clerkId);
    },
  };
}
export type ClerkRepo = ReturnType<typeof createClerkRepo>;
