import { createHash } from 'node:crypto';
import type { Db } from '../db/connection';
import type { AuditRepo, AuditRow } from '../db/repos/audit-repo';

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, e: { at: string; clerk_id: string | null; action: string; detail: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.at, e.clerk_id, e.action, e.detail]))
    .digest('hex');
}

/**
 * The append-only audit chain: each entry hashes the previous one, so an edited or deleted entry
 * breaks every hash after it. Call `record` inside the caller's transaction.
 */
export function createAuditLog(repo: AuditRepo, now: () => Date = () => new Date(), db?: Db) {
  type Entry = { at: string; clerk_id: string | null; action: string; detail: string };
  let buffered: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;

  function appendNow(row: Entry): void {
    const prev = repo.lastAuditHash() ?? GENESIS;
    const hash = entryHash(prev, row);
    const before = repo.readAuditHead()?.count ?? repo.countAuditEntries();
    repo.appendAuditEntry({ ...row, prev_hash: prev, hash });
    repo.writeAuditHead({ hash, count: before + 1 });
  }
  // The entry and the head move together (a savepoint when the caller is already in a transaction).
  const append = db ? db.transaction(appendNow) : appendNow;
  function drain(): void {
    const rows = buffered;
    buffered = [];
    for (const row of rows) append(row);
  }
  const flushInTransaction = db ? db.transaction(drain) : drain;

  return {
    /** Append now, in the caller's transaction (sales, voids, overrides, sign-ins). */
    record(action: string, clerkId: string | null, detail: Record<string, unknown>): void {
      drain(); // keep the chain in the order things happened
      append({ at: now().toISOString(), clerk_id: clerkId, action, detail: JSON.stringify(detail) });
    },
    /**
     * Append within half a second, batched into one commit: for frequent, money-free entries (lookups)
     * whose own fsync would dominate the call. A crash can lose at most that half second of them.
     */
    recordSoon(action: string, clerkId: string | null, detail: Record<string, unknown>): void {
      buffered.push({ at: now().toISOString(), clerk_id: clerkId, action, detail: JSON.stringify(detail) });
      timer ??= setTimeout(() => {
        timer = null;
        if (db && !db.open) return; // closed without a flush: nothing can be written any more
        flushInTransaction();
      }, 500);
      timer.unref?.();
    },
    flush(): void {
      if (timer) clearTimeout(timer);
      timer = null;
      if (buffered.length > 0) flushInTransaction();
    },
    /** Walk the chain; the first broken link is reported. */
    verify(): { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: number; reason: string } {
      this.flush();
      let prev = GENESIS;
      let count = 0;
      let expectedId: number | undefined;
      for (const row of repo.iterateAuditLog() as Iterable<AuditRow>) {
        count++;
        if (expectedId !== undefined && row.id !== expectedId) {
          return { ok: false, entries: count, brokenAtId: row.id, reason: `entry ${expectedId} is missing` };
        }
        if (row.prev_hash !== prev) return { ok: false, entries: count, brokenAtId: row.id, reason: 'chain link broken' };
        if (entryHash(prev, row) !== row.hash) return { ok: false, entries: count, brokenAtId: row.id, reason: 'entry edited' };
        prev = row.hash;
        expectedId = row.id + 1;
      }
      const head = repo.readAuditHead();
      if (count > 0 && !head) return { ok: false, entries: count, brokenAtId: expectedId ?? 0, reason: 'chain head missing' };
      if (head && head.count > count) {
        return { ok: false, entries: count, brokenAtId: expectedId ?? 0, reason: `${head.count - count} newest entries missing (head says ${head.count})` };
      }
      if (head && head.count < count) {
        return { ok: false, entries: count, brokenAtId: expectedId ?? 0, reason: `${count - head.count} entries written outside the app (head says ${head.count})` };
      }
      if (head && head.hash !== prev) return { ok: false, entries: count, brokenAtId: expectedId ?? 0, reason: 'chain head does not match the newest entry' };
      return { ok: true, entries: count };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
