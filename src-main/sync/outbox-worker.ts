import { EventResult, MAX_EVENTS_PER_BATCH, OutboxEvent, SequenceState, type AuditHead } from '../../src-shared/hq-protocol/schemas';
import { classifyHqFailure, retryWindowExpired, DEAD_LETTER_WINDOW_MS } from '../../src-shared/domain/hq-retry-policy';
import type { Db } from '../../src-node/db/connection';
import type { AccountRepo } from '../db/repos/account-repo';
import type { OutboxRepo, OutboxRow } from '../db/repos/outbox-repo';
import type { SaleRepo } from '../db/repos/sale-repo';
import type { Logger } from '../logger';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../../src-node/net/backoff';
import { HqError } from '../../src-node/net/http-client';
import { createResultApplier, type SentEvent } from './apply-results';
import type { ServiceAnswers } from './service-answers';
import { deadLetterReason } from './dead-letters';
import type { EventsAnswer, HqClient } from './hq-client';
import type { SyncState } from './sync-state';
import { createJobQueue, NODE_TIMERS, type QueueTimers } from '../jobs/job-queue';

/**
 * The outbox worker: sends pending events to HQ strictly in seq order, in batches, and applies each
 * answer in the same transaction as its acknowledgement. The `outbox` table is the whole state, so a
 * restart (or a SIGKILL) resumes where the last commit left off; HQ's idempotency by eventId makes the
 * re-sent tail harmless. Nothing leaves `pending` until HQ answered for it; what can never succeed is
 * dead-lettered with a reason, never dropped.
 *
 * Failures (`classifyHqFailure` in src-shared/domain/hq-retry-policy.ts, issue 10 item 6):
 * - the way to HQ failed (network, timeout, 429/503/502/504, 401/403/404): wait (full jitter, or HQ's
 *   Retry-After clamped to 1 s .. 10 min) and send the same head again; no event is blamed, however long;
 * - HQ failed on what was sent (500, a 200 that is not a valid answer, a missing or unreadable result):
 *   wait the same way, then send the head event alone; its first such failure is kept, and it is
 *   dead-lettered only once that is DEAD_LETTER_WINDOW_MS (72 h) of wall-clock time ago — never by
 *   counting tries, so no burst of "sync now" presses can dead-letter anything;
 * - HQ refused (400, 409, 413, 422 — "never"): a batch is split down to the head, which is dead-lettered
 *   at once.
 * Each push ends in HQ's acceptance or a failure marked on the sync state ("online" is only the former).
 * A successful pull after the way to HQ had failed wakes the worker at once (`wake`).
 */
export interface OutboxWorkerDeps {
  db: Db;
  outbox: OutboxRepo;
  sales: SaleRepo;
  accounts: AccountRepo;
  /** Calls waiting for an account service's answer. */
  serviceAnswers?: ServiceAnswers;
  state: SyncState;
  logger: Logger;
  /** The one HTTP path to HQ's POST /v1/events (sync/hq-client.ts). */
  hq: Pick<HqClient, 'pushEvents'>;
  now?: () => Date;
  /** Events per POST. Default and most: MAX_EVENTS_PER_BATCH (500, what HQ takes). */
  batchSize?: number;
  /** Timeout of one POST, reply included. Default 15 s. */
  requestTimeoutMs?: number;
  /** How often to look for work when nobody kicked. Default 30 s. */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  /** How long HQ may keep failing on one event before it is dead-lettered. Default DEAD_LETTER_WINDOW_MS (72 h). */
  deadLetterWindowMs?: number;
  random?: () => number;
  /** The worker's timers (a test drives them with a controlled clock together with `now`). Default: Node's, unref'd. */
  timers?: OutboxTimers;
  /** The audit chain's head and count, sent with each push so HQ keeps an anchor outside the terminal (issue 10 item 8). */
  auditHead?: () => AuditHead;
}

/** The worker's timers: the job queue's (src-main/jobs/job-queue.ts). */
export type OutboxTimers = QueueTimers;

/** The knobs a deployment or a test may turn (the rest comes from the composition root). */
export type OutboxTuning = Partial<
  Pick<OutboxWorkerDeps, 'batchSize' | 'requestTimeoutMs' | 'pollIntervalMs' | 'backoff' | 'deadLetterWindowMs' | 'random' | 'timers' | 'now'>
>;

/** What one `pushNow` did. */
export interface PushReport {
  sent: number;
  confirmed: number;
  rejected: number;
  deadLettered: number;
  /** Still pending after this push. */
  remaining: number;
  /** Why the push stopped early (an HqError code), or null when the outbox was drained. */
  error: string | null;
}

export interface OutboxWorkerStatus {
  running: boolean;
  consecutiveFailures: number;
  /** When the worker will try again on its own (ISO), null when idle-polling. */
  nextAttemptAt: string | null;
  lastError: string | null;
  /** HQ's view of this terminal's sequence after the last answered batch. */
  sequence: SequenceState | null;
}

type Sent = SentEvent;

export function createOutboxWorker(deps: OutboxWorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const batchSize = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, deps.batchSize ?? MAX_EVENTS_PER_BATCH));
  const timeoutMs = deps.requestTimeoutMs ?? 15_000;
  const pollMs = deps.pollIntervalMs ?? 30_000;
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  const windowMs = deps.deadLetterWindowMs ?? DEAD_LETTER_WINDOW_MS;
  const random = deps.random ?? Math.random;
  const timers = deps.timers ?? NODE_TIMERS;
  const { outbox, logger } = deps;
  const results = createResultApplier(deps);

  let stopping = false;
  let stopController = new AbortController();
  let forced: Promise<PushReport> | null = null;
  let consecutiveFailures = 0;
  /** No automatic try before this (our backoff, or HQ's Retry-After). */
  let holdUntil = 0;
  /** HQ's own Retry-After: not even "sync now" or a wake sends before it (clamped to at most 10 min). */
  let retryAfterUntil = 0;
  /** What the current hold is for: a wake may end a hold the way to HQ caused, not one HQ asked for. */
  let holdKind: 'transport' | 'server' | null = null;
  let lastError: string | null = null;
  let sequence: SequenceState | null = null;
  /** After an HQ-side failure only the head event is sent until one succeeds. */
  let isolateHead = false;

  /** Parse what the table holds; an event that cannot be read is dead-lettered, not sent. */
  function readRow(row: OutboxRow): OutboxEvent | null {
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch (err) {
      outbox.deadLetterEvent(row.seq, deadLetterReason('UNREADABLE_EVENT', `payload is not JSON: ${(err as Error).message}`));
      return null;
    }
    const parsed = OutboxEvent.safeParse({ eventId: row.event_id, terminalSeq: row.seq, type: row.type, createdAt: row.created_at, payload });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      outbox.deadLetterEvent(row.seq, deadLetterReason('UNREADABLE_EVENT', `${where}${issue?.message ?? 'does not match the protocol'}`));
      return null;
    }
    return parsed.data;
  }

  const nextBatch = deps.db.transaction((limit: number): Sent[] => {
    const out: Sent[] = [];
    // Unreadable rows are dead-lettered on the way, so look a little further when that happens.
    for (let guard = 0; out.length === 0 && guard < 100; guard++) {
      const rows = outbox.findPendingEvents(limit);
      if (rows.length === 0) break;
      for (const row of rows) {
        const event = readRow(row);
        if (event) out.push({ row, event });
      }
    }
    return out;
  });

  /**
   * Every readable answer of one batch, in one transaction with the acknowledgements. Events without a
   * readable result are left pending (`troubled`): HQ failed on them, nothing is dead-lettered for it here.
   */
  const applyAnswers = deps.db.transaction((batch: Sent[], raw: unknown[], at: string) => {
    const tally = { confirmed: 0, rejected: 0, dead: 0, troubled: [] as { sent: Sent; why: string }[] };
    const byId = new Map<string, unknown>();
    for (const r of raw) {
      const id = (r as { eventId?: unknown } | null)?.eventId;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, r);
    }
    for (const sent of batch) {
      const { event } = sent;
      if (!byId.has(event.eventId)) {
        tally.troubled.push({ sent, why: 'HQ answered without a result for this event' });
        continue;
      }
      const r = byId.get(event.eventId);
      const parsed = EventResult.safeParse(r);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        tally.troubled.push({ sent, why: `HQ's result for this event is unreadable (${issue?.path.join('.') || 'result'}: ${issue?.message ?? 'invalid'})` });
        continue;
      }
      const applied = results.apply(sent, parsed.data, at);
      if (applied === 'dead') tally.dead++;
      else if (applied === 'rejected') tally.rejected++;
      else tally.confirmed++;
    }
    return tally;
  });

  /**
   * HQ failed on the head event: keep the time of its first such failure and dead-letter it only when
   * that is the whole window ago (wall-clock: a burst of tries cannot get there sooner).
   */
  const noteHeadFailure = deps.db.transaction((row: OutboxRow, reason: string, retryAt: number): 'dead' | 'retry' => {
    const t = nowMs();
    const first = row.first_failed_at ? Date.parse(row.first_failed_at) : null;
    if (retryWindowExpired(first, t, windowMs)) {
      const hours = Math.round(((t - first!) / 3_600_000) * 10) / 10;
      outbox.deadLetterEvent(row.seq, deadLetterReason('RETRY_WINDOW_EXPIRED', `HQ failed on it for ${hours} h (${row.attempts + 1} tries); last: ${reason}`));
      logger.error({ seq: row.seq, eventId: row.event_id, type: row.type, reason, firstFailedAt: row.first_failed_at }, 'outbox event dead-lettered: HQ kept failing on it');
      return 'dead';
    }
    outbox.noteHqFailure(row.seq, new Date(t).toISOString(), new Date(retryAt).toISOString(), reason);
    return 'retry';
  });

  function describe(err: unknown): string {
    return err instanceof HqError ? `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.message}` : String(err);
  }

  /** A failed try that is not a refusal: mark offline, hold (backoff or Retry-After), blame the head only for server trouble. */
  function failed(e: HqError, kind: 'transport' | 'server', head: OutboxRow | null, report: PushReport, pending: number): void {
    const t = nowMs();
    consecutiveFailures++;
    lastError = e.code;
    report.error = e.code;
    deps.state.markFailure('push', e);
    const delay = retryDelayMs(consecutiveFailures, e.retryAfterMs, policy, random);
    holdUntil = t + delay;
    retryAfterUntil = e.retryAfterMs !== null ? holdUntil : 0;
    holdKind = kind;
    if (kind === 'server' && head) {
      isolateHead = true;
      if (noteHeadFailure(head, describe(e), holdUntil) === 'dead') report.deadLettered++;
    }
    // the same line on every try of an outage: the log's repeat limiter folds them (log-sink.ts)
    logger.warn({ err: describe(e), kind, pending }, 'outbox push failed; will retry');
  }

  async function drain(force: boolean): Promise<PushReport> {
    const report: PushReport = { sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: 0, error: null };
    for (;;) {
      if (stopping) break;
      const t = nowMs();
      // HQ asked us to wait: even "sync now" honours it (it is at most 10 minutes)
      if (t < retryAfterUntil || (!force && t < holdUntil)) {
        report.error = lastError;
        break;
      }
      const batch = nextBatch(isolateHead ? 1 : batchSize);
      if (batch.length === 0) break;
      report.sent += batch.length;
      let answer: EventsAnswer;
      try {
        answer = await deps.hq.pushEvents(
          batch.map((b) => b.event),
          { audit: deps.auditHead?.(), timeoutMs, signal: stopController.signal },
        );
      } catch (err) {
        if (stopping) break;
        const e = err instanceof HqError ? err : new HqError('NETWORK', String(err), null, true);
        const kind = classifyHqFailure(e.status, e.code);
        if (kind === 'refused') {
          // HQ answered, deliberately: that is contact. Find the one event it refuses, then dead-letter it.
          deps.state.markSuccess('push');
          lastError = e.code;
          report.error = e.code;
          if (batch.length > 1) {
            isolateHead = true;
            continue;
          }
          const head = batch[0]!.row;
          outbox.deadLetterEvent(head.seq, deadLetterReason('HQ_REFUSED', describe(e)));
          logger.error({ seq: head.seq, eventId: head.event_id, type: head.type, reason: describe(e) }, 'outbox event dead-lettered: HQ refused it');
          report.deadLettered++;
          isolateHead = false;
          continue;
        }
        failed(e, kind, batch[0]!.row, report, batch.length);
        break;
      }
      const tally = applyAnswers(batch, answer.results, now().toISOString());
      report.confirmed += tally.confirmed;
      report.rejected += tally.rejected;
      report.deadLettered += tally.dead;
      sequence = answer.sequence;
      if (answer.sequence.gaps.length > 0) logger.debug({ gaps: answer.sequence.gaps }, 'HQ reports sequence gaps');
      if (tally.confirmed + tally.rejected > 0) {
        logger.info({ confirmed: tally.confirmed, rejected: tally.rejected, dead: tally.dead }, 'outbox batch acknowledged');
      }
      const trouble = tally.troubled[0];
      if (trouble) {
        // what was answered is applied; the first event without a readable result is now the head
        const e = new HqError('BAD_RESPONSE', trouble.why, 200, true);
        failed(e, 'server', trouble.sent.row, report, tally.troubled.length);
        break;
      }
      consecutiveFailures = 0;
      holdUntil = 0;
      retryAfterUntil = 0;
      holdKind = null;
      lastError = null;
      isolateHead = false;
      deps.state.markSuccess('push');
    }
    report.remaining = outbox.pendingEventStats().count;
    // e.g. the last pending event was just dead-lettered: no push is outstanding, so none holds "online" back
    if (report.remaining === 0) deps.state.forgetFailure('push');
    return report;
  }

  const queue = createJobQueue<PushReport>({
    round: (force) => drain(force),
    failed: (err) => {
      // A local failure (the database): keep the events, say why, try again later.
      lastError = (err as Error).message;
      consecutiveFailures++;
      holdUntil = nowMs() + retryDelayMs(consecutiveFailures, null, policy, random);
      holdKind = 'server';
      logger.error({ err }, 'outbox worker failed');
      return { sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: outbox.pendingEventStats().count, error: lastError };
    },
    // pending work: at the end of the hold (at once when there is none); nothing pending: poll
    nextDueAt: () => (outbox.findPendingEvents(1).length > 0 ? holdUntil : null),
    pollMs,
    timers,
    now: nowMs,
  });

  return {
    /** Start sending (now, then whenever kicked, on retry timers and every poll interval). */
    start(): void {
      if (queue.started()) return;
      stopping = false;
      stopController = new AbortController();
      queue.start();
    },
    /** Stop: aborts a POST in flight (HQ's idempotency makes the resend harmless) and waits for the worker to settle. */
    async stop(): Promise<void> {
      stopping = true;
      stopController.abort();
      await queue.stop();
    },
    /** A sale (or void, day close) was just committed: send it now unless a backoff or HQ asked us to wait. */
    kick(): void {
      if (stopping) return;
      queue.kick();
    },
    /**
     * HQ accepted another call (a pull, a lookup): when our wait was for the way to HQ (`recovered`: or the
     * other call had failed too), it is back, so send now. HQ's own Retry-After still stands.
     */
    wake(opts: { recovered: boolean }): void {
      if (!queue.started() || stopping) return;
      if (holdUntil > retryAfterUntil && (holdKind === 'transport' || opts.recovered)) {
        holdUntil = retryAfterUntil;
        if (!queue.running()) void queue.run(false);
      }
    },
    /**
     * Send now, ignoring our own backoff (the clerk pressed "sync now"; HQ's Retry-After is still honoured);
     * resolves when done or failed. A press while one is under way joins it: a burst of presses is one push.
     * Nothing here counts towards dead-lettering (that is wall-clock time only).
     */
    pushNow(): Promise<PushReport> {
      if (stopping) return Promise.resolve({ sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: outbox.pendingEventStats().count, error: 'STOPPED' });
      if (forced) return forced;
      const p = queue
        .idle()
        .then(() => queue.run(true))
        .finally(() => {
          if (forced === p) forced = null;
        });
      forced = p;
      return p;
    },
    status(): OutboxWorkerStatus {
      return {
        running: queue.running(),
        consecutiveFailures,
        nextAttemptAt: queue.nextRunAt() === null ? null : new Date(queue.nextRunAt()!).toISOString(),
        lastError,
        sequence,
      };
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
