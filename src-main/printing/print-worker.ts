/**
 * The background print worker: takes due jobs from the persistent queue (print_jobs) in order,
 * renders them for the printer settings in force, sends them with a timeout, and marks them done.
 * A failed attempt is retried with capped exponential backoff; after `maxAttempts` the job is left
 * 'failed' for the clerk to retry or cancel. Sales only enqueue: a printer that is down never
 * blocks or loses a sale. On start, jobs left 'printing' by a crash are queued again.
 *
 * The rounds run on the shared job queue (src-main/jobs/job-queue.ts), as the outbox worker's do.
 * While a job backs off, later jobs wait behind it (receipts come out in order, and a dead printer
 * is not hammered once per job). The printer's status is polled (DLE EOT on tcp targets); when it
 * comes back 'ready', waiting jobs are due at once.
 */
import { AppError, isAppErrorShape, type AppErrorShape } from '../../src-shared/contract/errors';
import type { PrintJobRepo, PrintJobRow } from '../db/repos/print-job-repo';
import { bytesForPayload, type PrintSettings } from './print-document';
import type { PrintPayload } from './print-payload';
import { parsePrinterTarget, queryPrinterStatus, sendToPrinter, type PrinterStatusReport } from './printer-connection';
import { exponentialDelayMs, type BackoffPolicy } from '../../src-node/net/backoff';
import { createJobQueue } from '../jobs/job-queue';

export type LivePrinterState = 'ready' | 'busy' | 'paperOut' | 'coverOpen' | 'offline' | 'unknown';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The shared backoff (first retry after baseMs, default 1000; never longer than capMs, default 60 000) and when to give up. */
export interface PrintRetryPolicy extends BackoffPolicy {
  /** After this many failed attempts the job is 'failed' (default 8). */
  maxAttempts: number;
}

export interface PrintWorkerOptions {
  repo: PrintJobRepo;
  /** Read at every job, so a settings change applies to the next job. */
  settings: () => PrintSettings & { printerTarget: string };
  log?: WorkerLog;
  now?: () => Date;
  /** How a job's bytes reach the printer (default sendToPrinter). */
  send?: (target: string, bytes: Uint8Array, opts: { timeoutMs: number }) => Promise<void>;
  /** How the printer's status is asked (default queryPrinterStatus). */
  queryStatus?: (target: string, opts: { timeoutMs: number }) => Promise<PrinterStatusReport>;
  sendTimeoutMs?: number;
  pollMs?: number;
  statusPollMs?: number;
  statusTimeoutMs?: number;
  backoff?: Partial<PrintRetryPolicy>;
  /** A cash sale printed later than this after it was made does not pop the drawer open unattended (default 2 min). */
  drawerWindowMs?: number;
  /** Called after a job is marked done (bench, tests). */
  onPrinted?: (jobId: number) => void;
}

export interface PrintWorker {
  start(): void;
  stop(): Promise<void>;
  /** A job was enqueued: look now instead of at the next poll. */
  kick(): void;
  /** ready / busy (sending) / paperOut / coverOpen / offline / unknown. */
  state(): LivePrinterState;
  /** Ask the printer now (settings changed, screen opened). */
  refreshStatus(): Promise<LivePrinterState>;
}

export const DEFAULT_PRINT_RETRY: PrintRetryPolicy = { baseMs: 1000, capMs: 60_000, maxAttempts: 8 };

/** What is stored in print_jobs.last_error: the error model as JSON, so the screen can translate it. */
export function storedPrintError(err: unknown): string {
  const shape: AppErrorShape =
    err instanceof AppError
      ? err.toShape()
      : isAppErrorShape(err)
        ? err
        : { code: 'PRINTER_IO', messageKey: 'receipt:printer.io', params: { detail: err instanceof Error ? err.message.slice(0, 200) : 'error' } };
  return JSON.stringify(shape);
}

export function parseStoredPrintError(text: string | null): AppErrorShape | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (isAppErrorShape(v)) return v;
  } catch {
    // a plain-text error from an older row
  }
  return { code: 'PRINTER_IO', messageKey: 'receipt:printer.io', params: { detail: text.slice(0, 200) } };
}

const silentLog: WorkerLog = { info: () => undefined, warn: () => undefined };

export function createPrintWorker(opts: PrintWorkerOptions): PrintWorker {
  const { repo } = opts;
  const log = opts.log ?? silentLog;
  const now = opts.now ?? (() => new Date());
  const send = opts.send ?? sendToPrinter;
  const queryStatus = opts.queryStatus ?? queryPrinterStatus;
  const policy: PrintRetryPolicy = { ...DEFAULT_PRINT_RETRY, ...opts.backoff };
  const sendTimeoutMs = opts.sendTimeoutMs ?? 10_000;
  const pollMs = opts.pollMs ?? 1000;
  const statusPollMs = opts.statusPollMs ?? 5000;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 2000;
  const drawerWindowMs = opts.drawerWindowMs ?? 120_000;

  let stopped = true;
  let sending = false;
  let holdUntil = 0;
  let printerState: Exclude<LivePrinterState, 'busy'> = 'unknown';
  let statusTarget = '';
  let querying: Promise<LivePrinterState> | null = null;
  let statusTimer: NodeJS.Timeout | undefined;

  async function printOne(row: PrintJobRow): Promise<boolean> {
    const settings = opts.settings();
    let payload: PrintPayload;
    let bytes: Buffer;
    try {
      payload = JSON.parse(row.payload) as PrintPayload;
      const age = now().getTime() - new Date(row.created_at).getTime();
      bytes = bytesForPayload(payload, row.open_drawer === 1 && !(age > drawerWindowMs), settings, now());
    } catch (err) {
      // A payload that cannot be rendered will not render on retry either: failed, with the reason.
      repo.recordPrintJobFailure(row.job_id, null, storedPrintError(new AppError({ code: 'PRINT_PAYLOAD_INVALID', messageKey: 'printing:errors.payloadInvalid' })));
      log.warn({ jobId: row.job_id, err }, 'print job payload unusable');
      return false;
    }
    repo.markPrintJobPrinting(row.job_id);
    sending = true;
    try {
      await send(settings.printerTarget, bytes, { timeoutMs: sendTimeoutMs });
      if (stopped) return true; // closing: the row stays 'printing' and is requeued at the next start
      repo.markPrintJobDone(row.job_id, now().toISOString());
      if (printerState === 'offline') printerState = 'unknown';
      opts.onPrinted?.(row.job_id);
      return true;
    } catch (err) {
      if (stopped) return false;
      const failures = row.attempts + 1;
      const next = failures >= policy.maxAttempts ? null : new Date(now().getTime() + exponentialDelayMs(failures, policy));
      repo.recordPrintJobFailure(row.job_id, next ? next.toISOString() : null, storedPrintError(err));
      holdUntil = next ? next.getTime() : now().getTime() + policy.baseMs;
      if (err instanceof AppError && err.code === 'PRINTER_REFUSED') printerState = 'offline';
      log.warn(
        { jobId: row.job_id, attempt: failures, code: err instanceof AppError ? err.code : 'ERROR', nextAttemptAt: next?.toISOString() ?? null },
        next ? 'print job failed, will retry' : 'print job failed, waiting for the clerk',
      );
      return false;
    } finally {
      sending = false;
    }
  }

  /** One round: the due jobs in order, until one fails (later jobs wait behind it) or none is due. */
  async function round(): Promise<void> {
    while (!stopped && now().getTime() >= holdUntil) {
      const row = repo.nextDuePrintJob(now().toISOString());
      if (!row) break;
      const ok = await printOne(row);
      if (!ok) break;
    }
  }

  const queue = createJobQueue<void>({
    round,
    failed: (err) => log.warn({ err }, 'print worker round failed'),
    // a job backing off: at its next try; otherwise poll (a job may have been made due by the clerk)
    nextDueAt: () => (holdUntil > now().getTime() ? holdUntil : null),
    pollMs,
    afterRound: () => void refreshStatus(),
    now: () => now().getTime(),
  });

  function refreshStatus(): Promise<LivePrinterState> {
    if (querying) return querying;
    if (sending) return Promise.resolve('busy');
    const target = opts.settings().printerTarget;
    querying = (async () => {
      let next: Exclude<LivePrinterState, 'busy'>;
      try {
        const kind = parsePrinterTarget(target).kind;
        next = kind === 'virtual' ? 'unknown' : (await queryStatus(target, { timeoutMs: statusTimeoutMs })).state;
      } catch {
        next = 'unknown';
      }
      if (stopped) return printerState; // closing: the database may already be closed
      if (opts.settings().printerTarget !== target) return state();
      const cameBack = next === 'ready' && (printerState !== 'ready' || statusTarget !== target);
      printerState = next;
      statusTarget = target;
      if (cameBack) {
        holdUntil = 0;
        if (repo.makeWaitingPrintJobsDueNow() > 0) log.info({ target }, 'printer ready again: waiting jobs are due now');
        kick();
      }
      return state();
    })().finally(() => {
      querying = null;
    });
    return querying;
  }

  function state(): LivePrinterState {
    if (sending) return 'busy';
    if (statusTarget !== opts.settings().printerTarget) return 'unknown';
    return printerState;
  }

  function kick(): void {
    if (stopped) return;
    // after the caller's transaction has returned
    setImmediate(() => queue.kick());
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      const requeued = repo.requeueInterruptedPrintJobs();
      if (requeued > 0) log.info({ requeued }, 'print jobs interrupted by a restart are queued again');
      queue.start();
      statusTimer = setInterval(() => {
        if (!sending) void refreshStatus();
      }, statusPollMs);
      statusTimer.unref();
      void refreshStatus();
    },
    async stop() {
      stopped = true;
      clearInterval(statusTimer);
      // A send to a stalled printer may take the whole timeout: wait briefly, the row is requeued at start.
      await Promise.all([queue.stop(1000), Promise.race([querying ?? Promise.resolve(), new Promise((r) => setTimeout(r, 1000).unref())]).catch(() => undefined)]);
    },
    kick,
    state,
    refreshStatus,
  };
}
