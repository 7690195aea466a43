import type { Db } from '../../../src-node/db/connection';

export interface ClerkRow {
  clerk_id: string;
  code: string;
  name: string;
  role: 'clerk' | 'supervisor';
  pin_hash: string;
  active: number;
  /** The last HQ "unlock clerk" this terminal applied (ISO instant), or null. */
  hq_unlocked_at: string | null;
}

export interface ClerkUpsert {
  clerkId: string;
  code: string;
  name: string;
  role: 'clerk' | 'supervisor';
  pinHash: string;
  active: boolean;
  /** HQ's last unlock of this clerk; absent keeps what the terminal has. */
  unlockedAt?: string | undefined;
}

/** What an upsert changed that matters to the PIN lockout. */
export interface ClerkUpsertEffect {
  /** An existing clerk got a different PIN hash from HQ. */
  pinChanged: boolean;
  /** HQ sent an unlock this terminal had not applied yet. */
  unlockRequested: boolean;
}

export function createClerkRepo(db: Db) {
  const listActive = db.prepare<[], ClerkRow>('SELECT * FROM clerks WHERE active = 1 ORDER BY role, code');
  const byId = db.prepare<[string], ClerkRow>('SELECT * FROM clerks WHERE clerk_id = ?');
  const upsert = db.prepare(
    `INSERT INTO clerks (clerk_id, code, name, role, pin_hash, active, hq_unlocked_at)
     VALUES (@clerkId, @code, @name, @role, @pinHash, @active, @unlockedAt)
     ON CONFLICT(clerk_id) DO UPDATE SET code = excluded.code, name = excluded.name, role = excluded.role,
       pin_hash = excluded.pin_hash, active = excluded.active,
       hq_unlocked_at = COALESCE(excluded.hq_unlocked_at, clerks.hq_unlocked_at)`,
  );
  return {
    listActiveClerks: (): ClerkRow[] => listActive.all(),
    findClerkById: (clerkId: string): ClerkRow | undefined => byId.get(clerkId),
    upsertClerk(c: ClerkUpsert): ClerkUpsertEffect {
      const before = byId.get(c.clerkId);
      upsert.run({ ...c, active: c.active ? 1 : 0, unlockedAt: c.unlockedAt ?? null });
      return {
        pinChanged: before !== undefined && before.pin_hash !== c.pinHash,
        unlockRequested: c.unlockedAt !== undefined && before?.hq_unlocked_at !== c.unlockedAt && before !== undefined,
      };
    },
  };
}
export type ClerkRepo = ReturnType<typeof createClerkRepo>;
