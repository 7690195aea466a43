import type { Db } from '../../../src-node/db/connection';

/** Failed lookups and lookup locks per clerk. */
export function createLookupGuardRepo(db: Db) {
  const addFailure = db.prepare<[string, string]>('INSERT INTO lookup_failures (clerk_id, at) VALUES (?, ?)');
  const countSince = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM lookup_failures WHERE clerk_id = ? AND at > ?',
  );
  const lock = db.prepare<[string, string]>(
    `INSERT INTO lookup_locks (clerk_id, locked_at) VALUES (?, ?)
     ON CONFLICT(clerk_id) DO UPDATE SET locked_at = excluded.locked_at, unlocked_at = NULL, unlocked_by = NULL`,
  );
  const lockOf = db.prepare<[string], { locked_at: string; unlocked_at: string | null }>(
    'SELECT locked_at, unlocked_at FROM lookup_locks WHERE clerk_id = ?',
  );
  const unlock = db.prepare<[string, string, string]>(
    'UPDATE lookup_locks SET unlocked_at = ?, unlocked_by = ? WHERE clerk_id = ? AND unlocked_at IS NULL',
  );
  return {
    recordLookupFailure: (clerkId: string, at: string): void => void addFailure.run(clerkId, at),
    countLookupFailuresSince: (clerkId: string, since: string): number => countSince.get(clerkId, since)?.n ?? 0,
    lockLookup: (clerkId: string, at: string): void => void lock.run(clerkId, at),
    /** The clerk's lock row: locked when unlocked_at is null. */
    findLookupLock: (clerkId: string) => lockOf.get(clerkId),
    unlockLookup: (clerkId: string, at: string, supervisorId: string): boolean => unlock.run(at, supervisorId, clerkId).changes > 0,
  };
}
export type LookupGuardRepo = ReturnType<typeof createLookupGuardRepo>;
