/**
 * TEST FAKE: a clock that moves only when the test says so. `timers` has the shape the outbox worker
 * takes (`OutboxTimers`), so its backoff and Retry-After waits run on this clock while HTTP, SQLite and
 * HQ stay real. `advance(ms)` moves the time and fires, in order, every timer that came due.
 */
export interface ControlledClock {
  now(): Date;
  nowMs(): number;
  timers: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
  /** Move the time on by `ms`, firing due timers in time order (a timer set by a fired one fires too if due). */
  advance(ms: number): void;
  /** Timers waiting. */
  pending(): number;
}

export function createControlledClock(startMs: number = Date.now()): ControlledClock {
  let t = startMs;
  let nextId = 1;
  const waiting = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => new Date(t),
    nowMs: () => t,
    timers: {
      set(fn, ms) {
        const id = nextId++;
        waiting.set(id, { at: t + Math.max(0, ms), fn });
        return id;
      },
      clear(handle) {
        waiting.delete(handle as number);
      },
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let first: [number, { at: number; fn: () => void }] | null = null;
        for (const e of waiting) if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
        if (!first) break;
        waiting.delete(first[0]);
        t = Math.max(t, first[1].at);
        first[1].fn();
      }
      t = end;
    },
    pending: () => waiting.size,
  };
}
