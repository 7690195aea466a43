/**
 * The one scheduler under the terminal's persistent queues (the outbox to HQ, the print queue): the jobs
 * themselves live in their SQLite tables with their attempts and next-try times, so a restart resumes from
 * the last commit; this runs their rounds. One round at a time (a kick during a round runs one more round
 * after it, never two at once), a single timer to the next due time (a backoff the queue chose, or a poll
 * when nothing is due), `kick` when new work was committed, `run(true)` for a clerk's "now", and `stop`,
 * which waits for the round in flight (bounded by a grace time where the work may hang, e.g. a printer).
 * The retry delays come from src-node/net/backoff.ts; what a failure means stays with each queue.
 */
export interface QueueTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, unref'd: a queue never keeps the process alive. */
export const NODE_TIMERS: QueueTimers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface JobQueueOptions<R> {
  /** One round of due work. `force`: the caller asked for now (the queue may still honour a hold it must). */
  round(force: boolean): Promise<R>;
  /** A round threw (a local failure, e.g. the database): what the round reports instead; the queue goes on. */
  failed(err: unknown): R;
  /** The next time the queue must run on its own (ms since the epoch), or null: then it polls. */
  nextDueAt(): number | null;
  /** How long to wait when nothing is due. */
  pollMs: number;
  /** After every round, failed or not (e.g. ask the printer for its status). */
  afterRound?(): void;
  timers?: QueueTimers;
  now?: () => number;
}

export interface JobQueue<R> {
  start(): void;
  /** Stop scheduling and wait for the round in flight, at most `graceMs` when given. */
  stop(graceMs?: number): Promise<void>;
  /** New work was committed: run now (after the round in flight, if any). */
  kick(): void;
  /** Run a round now and resolve with its report; `force` is passed to the round. */
  run(force: boolean): Promise<R>;
  /** Re-arm the timer (the next due time changed outside a round). */
  reschedule(): void;
  running(): boolean;
  /** Resolves when no round is in flight (at once when idle). */
  idle(): Promise<void>;
  started(): boolean;
  /** When the queue will run on its own (ms since the epoch), null when it is only polling. */
  nextRunAt(): number | null;
}

export function createJobQueue<R>(opts: JobQueueOptions<R>): JobQueue<R> {
  const timers = opts.timers ?? NODE_TIMERS;
  const now = opts.now ?? Date.now;
  let isStarted = false;
  let stopping = false;
  let timer: unknown = null;
  let inFlight: Promise<R> | null = null;
  let again = false;
  let nextAt: number | null = null;

  function schedule(): void {
    if (timer !== null) timers.clear(timer);
    timer = null;
    nextAt = null;
    if (!isStarted || stopping) return;
    const t = now();
    const due = opts.nextDueAt();
    const at = due === null ? t + opts.pollMs : Math.max(t, due);
    if (due !== null) nextAt = at;
    timer = timers.set(() => {
      timer = null;
      void run(false);
    }, at - t);
  }

  function run(force: boolean): Promise<R> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      let report: R;
      let f = force;
      do {
        again = false;
        report = await opts.round(f);
        f = false;
      } while (again && !stopping);
      return report;
    })()
      .catch((err: unknown) => opts.failed(err))
      .finally(() => {
        inFlight = null;
        if (!stopping) opts.afterRound?.();
        schedule();
      });
    return inFlight;
  }

  return {
    start() {
      if (isStarted) return;
      isStarted = true;
      stopping = false;
      void run(false);
    },
    async stop(graceMs) {
      stopping = true;
      isStarted = false;
      if (timer !== null) timers.clear(timer);
      timer = null;
      nextAt = null;
      const pending = inFlight?.then(() => undefined, () => undefined);
      if (!pending) return;
      if (graceMs === undefined) await pending;
      else await Promise.race([pending, new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
    kick() {
      if (!isStarted || stopping) return;
      void run(false);
    },
    run,
    reschedule() {
      if (!inFlight) schedule();
    },
    running: () => inFlight !== null,
    idle: () => (inFlight ? inFlight.then(() => undefined, () => undefined) : Promise.resolve()),
    started: () => isStarted && !stopping,
    nextRunAt: () => nextAt,
  };
}
