import { createHash } from 'node:crypto';
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
export function createAuditLog(repo: AuditRepo, now: () => Date = () => new Date()) {
  return {
    record(action: string, clerkId: string | null, detail: Record<string, unknown>): void {
      const prev = repo.lastAuditHash() ?? GENESIS;
      const row = { at: now().toISOString(), clerk_id: clerkId, action, detail: JSON.stringify(detail) };
      repo.appendAuditEntry({ ...row, prev_hash: prev, hash: entryHash(prev, row) });
    },
    /** Walk the chain; the first broken link is reported. */
    verify(): { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: number; reason: string } {
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
      return { ok: true, entries: count };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
