import type { HandlersOf, syncMethods } from '../../src-shared/contract';
import { pendingTooOld, SYNC_WARN_AFTER_MINUTES, type DeadLetterView, type SyncDetails } from '../../src-shared/contract/sync';
import type { AppContext } from '../app-context';
import type { OutboxRow } from '../db/repos/outbox-repo';
import { HqError } from '../sync/hq-client';
import { parseDeadLetterReason } from '../sync/dead-letters';
import type { OutboxWorker } from '../sync/outbox-worker';

function deadLetterView(row: OutboxRow): DeadLetterView {
  let saleId: string | null = null;
  let receiptNo: string | null = null;
  try {
    const p = JSON.parse(row.payload) as { saleId?: unknown; receiptNo?: unknown };
    if (typeof p.saleId === 'string') saleId = p.saleId;
    if (typeof p.receiptNo === 'string') receiptNo = p.receiptNo;
  } catch {
    /* an unreadable payload is itself the reason it is here */
  }
  const { code, detail } = parseDeadLetterReason(row.last_error);
  return { seq: row.seq, eventId: row.event_id, type: row.type, createdAt: row.created_at, attempts: row.attempts, code, detail, saleId, receiptNo };
}

/** What the status bar's sync panel shows: the outbox, HQ contact and the dead letters with their reasons. */
export function syncDetails(ctx: AppContext, worker: OutboxWorker): SyncDetails {
  const now = ctx.now();
  const stats = ctx.repos.outbox.pendingEventStats();
  const sync = ctx.syncState.snapshot();
  const w = worker.status();
  const dead = ctx.repos.outbox.listDeadEvents();
  const age = stats.oldestCreatedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(stats.oldestCreatedAt)) / 1000)) : null;
  return {
    online: sync.online,
    offlineReason: sync.offlineReason,
    pendingCount: stats.count,
    oldestPendingAt: stats.oldestCreatedAt,
    oldestPendingAgeSeconds: age,
    warning: pendingTooOld(stats.oldestCreatedAt, now.toISOString()),
    warnAfterMinutes: SYNC_WARN_AFTER_MINUTES,
    lastSuccessAt: sync.lastSuccessAt,
    lastError: w.lastError ?? sync.lastError,
    nextAttemptAt: w.consecutiveFailures > 0 ? w.nextAttemptAt : null,
    consecutiveFailures: w.consecutiveFailures,
    deadCount: dead.length,
    deadLetters: dead.map(deadLetterView),
    now: now.toISOString(),
  };
}

export function syncHandlers(ctx: AppContext, worker: OutboxWorker): HandlersOf<typeof syncMethods> {
  return {
    'sync.now': async () => {
      const push = await worker.pushNow();
      let pulled: number | null = null;
      let pullError: string | null = null;
      try {
        pulled = await ctx.puller.pullNow();
      } catch (err) {
        pullError = err instanceof HqError ? err.code : (err as Error).message;
      }
      return { push, pulled, pullError, details: syncDetails(ctx, worker) };
    },
    'sync.details': async () => syncDetails(ctx, worker),
    'sync.requeueDead': async ({ supervisorId, pin, seq }, { clerk }) => {
      await ctx.auth.verifySupervisor(supervisorId, pin, 'sync.requeueDead');
      const requeued = ctx.db.transaction(() => {
        const seqs = seq !== undefined ? [seq] : ctx.repos.outbox.listDeadEvents().map((r) => r.seq);
        const done = seqs.filter((s) => ctx.repos.outbox.requeueDeadEvent(s));
        if (done.length > 0) ctx.audit.record('sync.requeueDead', clerk.clerkId, { supervisorId, seqs: done });
        return done.length;
      })();
      if (requeued > 0) worker.kick();
      return { requeued };
    },
  };
}
