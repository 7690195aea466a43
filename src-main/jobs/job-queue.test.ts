import { describe, expect, it } from 'vitest';
import { createJobQueue, type QueueTimers } from './job-queue';

/** A controlled clock and timer list: the test decides when time passes. */
function manualTimers() {
  let t = 1_000_000;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let id = 0;
  const timers: QueueTimers = {
    set(fn, ms) {
      pending.set(++id, { at: t + ms, fn });
      return id;
    },
    clear(h) {
      pending.delete(h as number);
    },
  };
  return {
    timers,
    now: () => t,
    /** Move the clock on, firing every timer that falls due, in order. */
    advance(ms: number) {
      const until = t + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        pending.delete(next[0]);
        t = next[1].at;
        next[1].fn();
      }
      t = until;
    },
    armed: () => [...pending.values()].map((p) => p.at - t),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the job queue', () => {
  it('runs one round at a time; kicks during a round run exactly one more round after it', async () => {
    const clock = manualTimers();
    let inRound = 0;
    let maxInRound = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const q = createJobQueue<number>({
      round: async () => {
        inRound++;
        maxInRound = Math.max(maxInRound, inRound);
        rounds++;
        if (rounds === 1) await new Promise<void>((r) => (release = r));
        inRound--;
        return rounds;
      },
      failed: () => -1,
      nextDueAt: () => null,
      pollMs: 30_000,
      timers: clock.timers,
      now: clock.now,
    });
    q.start();
    expect(q.running()).toBe(true);
    q.kick();
    q.kick();
    q.kick();
    release();
    await q.idle();
    expect(rounds).toBe(2);
    expect(maxInRound).toBe(1);
    await q.stop();
  });

  it('waits to the next due time, or polls when nothing is due; a failed round reports and the queue goes on', async () => {
    const clock = manualTimers();
    let due: number | null = clock.now() + 5_000;
    const reports: number[] = [];
    let n = 0;
    const q = createJobQueue<number>({
      round: async () => {
        n++;
        if (n === 2) throw new Error('database is locked');
        return n;
      },
      failed: () => -1,
      nextDueAt: () => due,
      pollMs: 30_000,
      afterRound: () => reports.push(n),
      timers: clock.timers,
      now: clock.now,
    });
    q.start();
    await q.idle();
    await tick();
    expect(clock.armed()).toEqual([5_000]);
    expect(q.nextRunAt()).toBe(clock.now() + 5_000);
    clock.advance(4_999);
    expect(n).toBe(1);
    due = null;
    clock.advance(1);
    await q.idle();
    await tick();
    expect(n).toBe(2); // the failing round
    expect(clock.armed()).toEqual([30_000]);
    expect(q.nextRunAt()).toBeNull();
    expect(await q.run(true)).toBe(3);
    expect(reports).toEqual([1, 2, 3]);
    await q.stop();
    expect(clock.armed()).toEqual([]);
  });

  it('stop waits for the round in flight; with a grace time it stops waiting after it', async () => {
    const clock = manualTimers();
    let finished = false;
    const slow = createJobQueue<void>({
      round: async () => {
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
      failed: () => undefined,
      nextDueAt: () => null,
      pollMs: 1000,
      timers: clock.timers,
      now: clock.now,
    });
    slow.start();
    await slow.stop();
    expect(finished).toBe(true);
    slow.kick();
    expect(slow.running()).toBe(false);

    let hung = false;
    const stuck = createJobQueue<void>({
      round: () => new Promise<void>(() => (hung = true)),
      failed: () => undefined,
      nextDueAt: () => null,
      pollMs: 1000,
      timers: clock.timers,
      now: clock.now,
    });
    stuck.start();
    const t0 = Date.now();
    await stuck.stop(50);
    expect(hung).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
