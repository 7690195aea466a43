import {
  type AuditHead,
  EventResult,
  HQ_ROUTES,
  HqErrorBody,
  MAX_EVENTS_PER_BATCH,
  OutboxEvent,
  SequenceState,
} from '../../src-shared/hq-protocol/schemas';
import type { Db } from '../db/connection';
import type { AccountRepo } from '../db/repos/account-repo';
import type { OutboxRepo, OutboxRow } from '../db/repos/outbox-repo';
import type { SaleRepo } from '../db/repos/sale-repo';
import type { Logger } from '../logger';
import { DEFAULT_BACKOFF, fullJitterDelayMs, parseRetryAfter, retryDelayMs, type BackoffPolicy } from './backoff';
import { HqError } from './hq-client';
import type { SyncState } from './sync-state';

/**
 * The outbox worker: sends pending events to HQ strictly in seq order, in batches, and applies each
 * answer in the same transaction as its acknowledgement. The `outbox` table is the whole state, so a
 * restart (or a SIGKILL) resumes where the last commit left off; HQ's idempotency by eventId makes the
 * re-sent tail harmless. Nothing leaves `pending` until HQ answered for it; what can never succeed is
 * dead-lettered with a reason, never dropped.
 *
 * Two kinds of failure:
 * - the way to HQ failed (network, timeout, 429/503/502/504, 401/403/404, a garbled reply): wait (full jitter, or
 *   Retry-After) and send the same head again; no event is blamed, however long HQ is away;
 * - HQ could not take what was sent (500, 400, 413, an answer without a result for an event): the
 *   head event alone is retried with its `attempts` counted, and dead-lettered past `maxAttempts`
 *   (at once when HQ refused it with a 4xx), so one poisonous event cannot block the queue forever.
 */
export interface OutboxWorkerDeps {
  db: Db;
  outbox: OutboxRepo;
  sales: SaleRepo;
  accounts: AccountRepo;
  state: SyncState;
  logger: Logger;
  hq: { baseUrl: string; token: string };
  now?: () => Date;
  /** Events per POST (HQ takes at most 500). Default 200. */
  batchSize?: number;
  /** Timeout of one POST, reply included. Default 15 s. */
  requestTimeoutMs?: number;
  /** How often to look for work when nobody kicked. Default 30 s. */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  /** HQ-side failures of one event before it is dead-lettered. Default 10. */
  maxAttempts?: number;
  random?: () => number;
  /** The audit chain's head and count, sent with each push so HQ keeps an anchor outside the terminal (issue 10 item 8). */
  auditHead?: () => AuditHead;
}

/** The knobs a deployment or a test may turn (the rest comes from the composition root). */
export type OutboxTuning = Partial<Pick<OutboxWorkerDeps, 'batchSize' | 'requestTimeoutMs' | 'pollIntervalMs' | 'backoff' | 'maxAttempts'>>;

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

/** Dead-letter reasons start with one of these codes; the rest of the text is the detail. */
export const DEAD_LETTER_CODES = [
  'UNREADABLE_EVENT',
  'UNREADABLE_RESULT',
  'IDEMPOTENCY_CONFLICT',
  'HQ_REFUSED',
  'TOO_MANY_ATTEMPTS',
  'REJECTED',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

export function deadLetterReason(code: DeadLetterCode, detail: string): string {
  return `${code}: ${detail}`;
}

/** Splits a stored dead-letter reason into its code and detail (older or foreign text keeps code UNKNOWN). */
export function parseDeadLetterReason(text: string | null): { code: string; detail: string } {
  if (!text) return { code: 'UNKNOWN', detail: '' };
  const m = /^([A-Z_]+): ?([\s\S]*)$/.exec(text);
  return m ? { code: m[1]!, detail: m[2]! } : { code: 'UNKNOWN', detail: text };
}

type Sent = { row: OutboxRow; event: OutboxEvent };

const TRANSPORT_STATUSES = new Set([401, 403, 404, 405, 408, 429, 502, 503, 504]);

interface RawAnswer {
  results: unknown[];
  sequence: SequenceState | null;
}

/** POST /v1/events, reading each result on its own so one unreadable result is not a failed batch. */
async function postEvents(
  hq: { baseUrl: string; token: string },
  events: OutboxEvent[],
  timeoutMs: number,
  stop: AbortSignal,
  audit?: AuditHead,
): Promise<RawAnswer> {
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]);
  let res: Response;
  let text: string;
  try {
    res = await fetch(hq.baseUrl + HQ_ROUTES.events, {
      method: 'POST',
      headers: { authorization: `Bearer ${hq.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(audit ? { events, audit } : { events }),
      signal,
    });
    text = await res.text();
  } catch (err) {
    const e = err as Error;
    const timeout = e.name === 'TimeoutError' || (e.name === 'AbortError' && !stop.aborted);
    throw new HqError(timeout ? 'TIMEOUT' : 'NETWORK', e.message, null, true);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = HqErrorBody.safeParse(body);
    const code = err.success ? err.data.error.code : `HTTP_${res.status}`;
    const message = err.success ? err.data.error.message : res.statusText;
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new HqError(code, message, res.status, retryable, parseRetryAfter(res.headers.get('retry-after')));
  }
  const results = (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) throw new HqError('BAD_RESPONSE', 'HQ answered without a results list', res.status, true);
  const seq = SequenceState.safeParse((body as { sequence?: unknown }).sequence);
  return { results, sequence: seq.success ? seq.data : null };
}

export function createOutboxWorker(deps: OutboxWorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const batchSize = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, deps.batchSize ?? MAX_EVENTS_PER_BATCH));
  const timeoutMs = deps.requestTimeoutMs ?? 15_000;
  const pollMs = deps.pollIntervalMs ?? 30_000;
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = deps.maxAttempts ?? 10;
  const random = deps.random ?? Math.random;
  const { outbox, sales, accounts, logger } = deps;

  let started = false;
  let stopping = false;
  let stopController = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PushReport> | null = null;
  let again = false;
  let consecutiveFailures = 0;
  let holdUntil = 0;
  let nextAttemptAt: number | null = null;
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

  /** The head event's own wait (an HQ-side failure scheduled it); transport waits are in `holdUntil`. */
  function headDueAt(): number | null {
    const head = outbox.findPendingEvents(1)[0];
    if (!head) return null;
    return head.next_attempt_at ? Date.parse(head.next_attempt_at) : 0;
  }

  /** The local side of HQ's answer to one renewal (the sale and the cached device). */
  function applyRenewalResult(event: Extract<OutboxEvent, { type: 'sale.renewal' }>, result: EventResult): void {
    const sale = sales.findSaleById(event.payload.saleId);
    if (!sale) return;
    const latestOnDevice = !sales.hasLaterSaleOnDevice(sale.device_id, sale.receipt_seq);
    if (result.status === 'confirmed') {
      sales.applyHqConfirmation(sale.sale_id, result.newExpiry ?? null);
      if (result.newExpiry && latestOnDevice && !sale.voided_at) {
        accounts.updateDeviceSubscription({ deviceId: sale.device_id, planCode: sale.plan_code, expiresAt: result.newExpiry, status: 'active' });
      }
    } else if (result.status === 'rejected') {
      sales.applyHqRejection(sale.sale_id, result.code, result.messageZh, result.messageEn);
      // The local sale had moved the cached device on; HQ did not, so put it back.
      if (latestOnDevice) {
        accounts.updateDeviceSubscription({
          deviceId: sale.device_id,
          planCode: sale.previous_plan_code,
          expiresAt: sale.previous_expiry,
          status: sale.previous_status,
        });
      }
    }
  }

  /** Every answer of one batch, in one transaction with the acknowledgements. */
  const applyAnswers = deps.db.transaction((batch: Sent[], raw: unknown[], at: string) => {
    const tally = { confirmed: 0, rejected: 0, dead: 0, missing: [] as Sent[] };
    const byId = new Map<string, unknown>();
    for (const r of raw) {
      const id = (r as { eventId?: unknown } | null)?.eventId;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, r);
    }
    for (const sent of batch) {
      const { row, event } = sent;
      if (!byId.has(event.eventId)) {
        tally.missing.push(sent);
        continue;
      }
      const r = byId.get(event.eventId);
      const parsed = EventResult.safeParse(r);
      if (!parsed.success) {
        outbox.deadLetterEvent(row.seq, deadLetterReason('UNREADABLE_RESULT', parsed.error.issues[0]?.message ?? 'unreadable'), r);
        tally.dead++;
        continue;
      }
      const result = parsed.data;
      if (result.status === 'conflict') {
        outbox.deadLetterEvent(row.seq, deadLetterReason('IDEMPOTENCY_CONFLICT', result.messageEn), result);
        tally.dead++;
        continue;
      }
      if (event.type === 'sale.renewal') {
        applyRenewalResult(event, result);
        outbox.markEventAcked(row.seq, at, result);
        if (result.status === 'confirmed') tally.confirmed++;
        else tally.rejected++;
        continue;
      }
      if (result.status === 'rejected') {
        // A refused void or day close has no other place to show: it waits for a person in the dead letters.
        outbox.deadLetterEvent(row.seq, deadLetterReason('REJECTED', `${result.code}: ${result.messageEn}`), result);
        tally.dead++;
        continue;
      }
      outbox.markEventAcked(row.seq, at, result);
      tally.confirmed++;
    }
    for (const { row } of tally.missing) blameHead(row, 'HQ answered without a result for this event', false);
    return tally;
  });

  /** Count an HQ-side failure against one event; dead-letter it when `permanent` or past the cap. */
  function blameHead(row: OutboxRow, reason: string, permanent: boolean): 'dead' | 'retry' {
    const attempts = row.attempts + 1;
    if (permanent || attempts >= maxAttempts) {
      const code: DeadLetterCode = permanent ? 'HQ_REFUSED' : 'TOO_MANY_ATTEMPTS';
      outbox.deadLetterEvent(row.seq, deadLetterReason(code, permanent ? reason : `${attempts} attempts; last: ${reason}`));
      logger.error({ seq: row.seq, eventId: row.event_id, type: row.type, reason }, 'outbox event dead-lettered');
      return 'dead';
    }
    const at = new Date(now().getTime() + fullJitterDelayMs(attempts, policy, random)).toISOString();
    outbox.scheduleEventRetry(row.seq, at, reason);
    return 'retry';
  }

  function describe(err: unknown): string {
    return err instanceof HqError ? `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.message}` : String(err);
  }

  async function drain(force: boolean): Promise<PushReport> {
    const report: PushReport = { sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: 0, error: null };
    if (force) {
      holdUntil = 0;
    }
    for (;;) {
      if (stopping) break;
      const t = now().getTime();
      if (!force && t < holdUntil) {
        report.error = lastError;
        break;
      }
      const headDue = headDueAt();
      if (headDue === null) break;
      if (!force && headDue > t) break;
      const batch = nextBatch(isolateHead ? 1 : batchSize);
      if (batch.length === 0) break;
      report.sent += batch.length;
      let answer: RawAnswer;
      try {
        answer = await postEvents(deps.hq, batch.map((b) => b.event), timeoutMs, stopController.signal, deps.auditHead?.());
      } catch (err) {
        if (stopping) break;
        const e = err instanceof HqError ? err : new HqError('NETWORK', String(err), null, true);
        lastError = e.code;
        report.error = e.code;
        const wayFailed = e.status === null || TRANSPORT_STATUSES.has(e.status) || e.code === 'BAD_RESPONSE';
        if (wayFailed) {
          consecutiveFailures++;
          deps.state.markFailure(e);
          holdUntil = now().getTime() + retryDelayMs(consecutiveFailures, e.retryAfterMs, policy, random);
          logger.warn({ err: describe(e), pending: batch.length, retryInMs: holdUntil - now().getTime() }, 'outbox push failed; will retry');
        } else {
          // HQ is there but could not take this: blame the head alone, one event at a time from now on.
          deps.state.markSuccess();
          consecutiveFailures = 0;
          const permanent = e.status !== null && e.status >= 400 && e.status < 500 && batch.length === 1;
          const verdict = deps.db.transaction(() => blameHead(batch[0]!.row, describe(e), permanent))();
          if (verdict === 'dead') report.deadLettered++;
          isolateHead = true;
          logger.warn({ err: describe(e), seq: batch[0]!.row.seq }, 'HQ could not take the head event; isolating it');
        }
        if (force) break;
        continue;
      }
      const tally = applyAnswers(batch, answer.results, now().toISOString());
      report.confirmed += tally.confirmed;
      report.rejected += tally.rejected;
      report.deadLettered += tally.dead;
      sequence = answer.sequence ?? sequence;
      if (answer.sequence && answer.sequence.gaps.length > 0) logger.debug({ gaps: answer.sequence.gaps }, 'HQ reports sequence gaps');
      consecutiveFailures = 0;
      holdUntil = 0;
      lastError = null;
      isolateHead = tally.missing.length > 0;
      deps.state.markSuccess();
      if (tally.confirmed + tally.rejected > 0) {
        logger.info({ confirmed: tally.confirmed, rejected: tally.rejected, dead: tally.dead }, 'outbox batch acknowledged');
      }
    }
    report.remaining = outbox.pendingEventStats().count;
    return report;
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    nextAttemptAt = null;
    if (!started || stopping) return;
    const t = now().getTime();
    let at = t + pollMs;
    const headDue = headDueAt();
    if (headDue !== null) at = Math.min(at, Math.max(headDue, holdUntil));
    at = Math.max(at, t);
    if (headDue !== null) nextAttemptAt = at;
    timer = setTimeout(() => void run(false), at - t);
    timer.unref();
  }

  function run(force: boolean): Promise<PushReport> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report: PushReport;
      do {
        again = false;
        report = await drain(force);
        force = false;
      } while (again && !stopping);
      return report;
    })()
      .catch((err: unknown) => {
        // A local failure (the database): keep the events, say why, try again later.
        lastError = (err as Error).message;
        consecutiveFailures++;
        holdUntil = now().getTime() + retryDelayMs(consecutiveFailures, null, policy, random);
        logger.error({ err }, 'outbox worker failed');
        return { sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: outbox.pendingEventStats().count, error: lastError };
      })
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  }

  return {
    /** Start sending (now, then whenever kicked, on retry timers and every poll interval). */
    start(): void {
      if (started) return;
      started = true;
      stopping = false;
      stopController = new AbortController();
      void run(false);
    },
    /** Stop: aborts a POST in flight (HQ's idempotency makes the resend harmless) and waits for the worker to settle. */
    async stop(): Promise<void> {
      stopping = true;
      started = false;
      stopController.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
    /** A sale (or void, day close) was just committed: send it now unless HQ asked us to wait. */
    kick(): void {
      if (!started || stopping) return;
      void run(false);
    },
    /** Send everything now, ignoring backoff (the clerk pressed "sync now"); resolves when done or failed. */
    pushNow(): Promise<PushReport> {
      if (stopping) return Promise.resolve({ sent: 0, confirmed: 0, rejected: 0, deadLettered: 0, remaining: outbox.pendingEventStats().count, error: 'STOPPED' });
      if (running) return running.then(() => run(true));
      return run(true);
    },
    status(): OutboxWorkerStatus {
      return {
        running: running !== null,
        consecutiveFailures,
        nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString(),
        lastError,
        sequence,
      };
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
