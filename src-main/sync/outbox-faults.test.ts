/**
 * Exactly-once delivery under faults: the real terminal (SQLite, renewal service, outbox worker) talks
 * to the real reference HQ through a fault-injecting HTTP proxy (a test fake). Every scenario ends with
 * each sale at HQ exactly once (counted by sale UUID in HQ's database) and every sale confirmed on the
 * terminal, and prints its counts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxTuning } from './outbox-worker';
import type { FaultAction } from '../../test-support/fault-proxy';
import { eventsOnly, sleep, startSyncRig, summary, waitFor, type SyncRig } from '../../test-support/sync-harness';

const FAST: OutboxTuning = {
  batchSize: 8,
  requestTimeoutMs: 1_500,
  pollIntervalMs: 200,
  backoff: { baseMs: 20, capMs: 300 },
};

let rig: SyncRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function settleAndCheck(r: SyncRig, name: string, saleIds: string[], extra: Record<string, unknown> = {}) {
  await waitFor(`${name}: every sale confirmed`, () => r.counts(saleIds).confirmed === saleIds.length, 30_000);
  const c = r.counts(saleIds);
  const faults = r.proxy.log.filter((e) => e.path.startsWith('/v1/events') && e.action !== 'pass').length;
  const posts = r.proxy.log.filter((e) => e.path.startsWith('/v1/events')).length;
  console.log(summary(name, c, { eventPosts: posts, faultsInjected: faults, ...extra }));
  expect(c.hqSaleRows).toBe(saleIds.length);
  expect(c.hqDistinctSales).toBe(saleIds.length);
  expect(c.hqMaxRowsPerSale).toBe(1);
  expect(c.hqRenewalEvents).toBe(saleIds.length);
  expect(c.confirmed).toBe(saleIds.length);
  expect(c.outboxPending).toBe(0);
  expect(c.dead).toBe(0);
  // HQ's authoritative expiry came back: each confirmed sale carries it.
  for (const id of saleIds) expect(r.sale(id)?.hq_expiry).toMatch(/^\d{4}-\d\d-\d\dT/);
  return c;
}

/** A seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('outbox delivery under faults (real HQ, real SQLite, fault proxy)', { timeout: 60_000 }, () => {
  it('reply dropped after HQ committed: the resend is answered from HQ idempotency, nothing applied twice', async () => {
    rig = await startSyncRig({ outbox: FAST, plan: eventsOnly((_r, nth) => (nth <= 4 ? 'dropReply' : 'pass')) });
    await rig.signIn();
    const ids = await rig.makeSales(30);
    await settleAndCheck(rig, 'reply dropped after commit', ids);
    const dropped = rig.proxy.log.filter((e) => e.action === 'dropReply');
    expect(dropped.length).toBe(4);
    // HQ did commit those batches (it answered 200 to the proxy) before the reply was lost.
    expect(dropped.every((e) => e.upstreamStatus === 200)).toBe(true);
  });

  it('connection resets and 500s (before and after HQ committed)', async () => {
    const rnd = seeded(42);
    const plan = eventsOnly((_r, nth): FaultAction => {
      if (nth > 40) return 'pass';
      const x = rnd();
      return x < 0.25 ? 'reset' : x < 0.4 ? 'error500' : x < 0.55 ? 'error500AfterCommit' : 'pass';
    });
    rig = await startSyncRig({ outbox: FAST, plan });
    await rig.signIn();
    const ids = await rig.makeSales(40);
    await settleAndCheck(rig, 'resets and 500s', ids);
    const kinds = new Set(rig.proxy.log.map((e) => e.action));
    expect(kinds.has('reset')).toBe(true);
    expect(kinds.has('error500AfterCommit')).toBe(true);
  });

  it('timeouts: HQ commits but the reply never comes', async () => {
    rig = await startSyncRig({ outbox: { ...FAST, requestTimeoutMs: 600 }, plan: eventsOnly((_r, nth) => (nth <= 3 ? 'hang' : 'pass')) });
    await rig.signIn();
    const ids = await rig.makeSales(20);
    await settleAndCheck(rig, 'timeouts', ids);
    expect(rig.proxy.log.filter((e) => e.action === 'hang' && e.upstreamStatus === 200).length).toBe(3);
  });

  it('429 and 503 with Retry-After are honoured, not undercut by the backoff cap', async () => {
    rig = await startSyncRig({
      outbox: FAST,
      plan: eventsOnly((_r, nth): FaultAction =>
        nth === 1 ? { kind: 'rateLimited', retryAfterSeconds: 1 } : nth === 2 ? { kind: 'unavailable', retryAfterSeconds: 1 } : 'pass',
      ),
    });
    await rig.signIn();
    const ids = await rig.makeSales(12);
    const c = await settleAndCheck(rig, '429/503 Retry-After', ids);
    const posts = rig.proxy.log.filter((e) => e.path.startsWith('/v1/events'));
    expect(posts[0]!.action).toBe('rateLimited');
    expect(posts[1]!.action).toBe('unavailable');
    // The cap is 300 ms; Retry-After says 1 s: each following try waited for it.
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(950);
    expect(c.confirmed).toBe(12);
  });

  it('HQ restarted mid-batch', async () => {
    let restart: Promise<void> | null = null;
    rig = await startSyncRig({
      outbox: FAST,
      plan: eventsOnly((_r, nth): FaultAction =>
        nth === 2
          ? {
              kind: 'hook',
              run: () => {
                // While this batch is in flight, HQ goes down and comes back on the same port and data.
                restart = (async () => {
                  await sleep(5);
                  await rig!.stopHq();
                  await sleep(400);
                  await rig!.startHqAgain();
                })();
              },
              then: { kind: 'delay', ms: 20 },
            }
          : 'pass',
      ),
    });
    await rig.signIn();
    const ids = await rig.makeSales(30);
    await waitFor('the restart', () => restart !== null, 20_000).catch((err: unknown) => {
      console.log(rig!.proxy.log.map((e) => `${e.n} ${e.path} ${e.action} ${e.upstreamStatus}`).join('\n'));
      throw err;
    });
    await restart;
    await settleAndCheck(rig, 'HQ restarted mid-batch', ids);
  });

  it('HQ down for a long time: sales keep pending (never dead-lettered), then all go through', async () => {
    rig = await startSyncRig({ outbox: FAST });
    await rig.signIn();
    const before = await rig.makeSales(5);
    await waitFor('the first sales confirmed', () => rig!.counts(before).confirmed === 5);
    await rig.stopHq();
    const during = await rig.makeSales(15);
    // Many failed tries: the way to HQ failing never blames an event.
    await sleep(2_500);
    const down = rig.counts(during);
    const tries = rig.proxy.log.filter((e) => e.path.startsWith('/v1/events') && e.upstreamStatus === null).length;
    expect(tries).toBeGreaterThan(3);
    expect(down.dead).toBe(0);
    expect(down.pending).toBe(15);
    expect(rig.app.ctx!.syncState.snapshot().online).toBe(false);
    await rig.startHqAgain();
    await settleAndCheck(rig, 'HQ down for a long time', [...before, ...during], { failedTriesWhileDown: tries });
  });
});

describe('terminal killed with SIGKILL mid-push and restarted', { timeout: 90_000 }, () => {
  it('a worker process killed at random moments, several times, still delivers every sale exactly once', async () => {
    const { build } = await import('esbuild');
    const { spawn } = await import('node:child_process');
    const path = await import('node:path');
    const { openTerminalDb } = await import('../db/terminal-db');
    const { createOutboxRepo } = await import('../db/repos/outbox-repo');
    const { createSaleRepo } = await import('../db/repos/sale-repo');
    const { countSync } = await import('../../test-support/sync-harness');

    const root = path.resolve(import.meta.dirname, '..', '..');
    // Inside the project so the bundle's require('better-sqlite3') finds node_modules.
    const childFile = path.join(root, 'node_modules', '.cache', 'counter-sync-tests', 'outbox-child.cjs');
    await build({
      entryPoints: [path.join(root, 'test-support/outbox-child.ts')],
      outfile: childFile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    });

    // The app makes the sales while HQ is unreachable for events, then shuts down.
    rig = await startSyncRig({ outbox: FAST, plan: eventsOnly(() => 'reset') });
    await rig.signIn();
    const ids = await rig.makeSales(80);
    await rig.app.close();
    rig.proxy.setPlan(eventsOnly(() => ({ kind: 'delay', ms: 40 })));

    const token = (await import('node:fs')).readFileSync(path.join(rig.hqDir, 'demo-terminal-token.txt'), 'utf8').trim();
    const runChild = () => {
      const child = spawn(process.execPath, [childFile], {
        env: { ...process.env, OUTBOX_DB: rig!.dbFile, OUTBOX_HQ_URL: rig!.proxy.url, OUTBOX_HQ_TOKEN: token, OUTBOX_BATCH: '3' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, exited, started: () => out.includes('started'), output: () => out };
    };
    const pendingNow = () => {
      const db = openTerminalDb(rig!.dbFile);
      try {
        return createOutboxRepo(db).pendingEventStats().count;
      } finally {
        db.close();
      }
    };

    const rnd = seeded(7);
    const progress: number[] = [pendingNow()];
    let killedMidPost = 0;
    for (let k = 0; k < 6; k++) {
      const c = runChild();
      await waitFor('the child to start', c.started, 15_000);
      const postsBefore = rig.proxy.log.length;
      await sleep(150 + Math.floor(rnd() * 450));
      const inFlight = rig.proxy.log.length > postsBefore;
      c.child.kill('SIGKILL');
      const { signal, code } = await c.exited;
      if (signal === 'SIGKILL' && inFlight) killedMidPost++;
      if (code === 0) break; // drained before the kill landed
      progress.push(pendingNow());
    }
    const last = runChild();
    const end = await Promise.race([last.exited, sleep(40_000).then(() => null)]);
    expect(end, last.output()).toEqual({ code: 0, signal: null });

    const db = openTerminalDb(rig.dbFile);
    try {
      const sales = createSaleRepo(db);
      const c = countSync(rig.hq, ids, (id) => sales.findSaleById(id), createOutboxRepo(db));
      console.log(
        summary('SIGKILL mid-push x' + (progress.length - 1), c, {
          killedWhilePosting: killedMidPost,
          pendingAfterEachKill: progress.join('>'),
          eventPosts: rig.proxy.log.filter((e) => e.path.startsWith('/v1/events')).length,
        }),
      );
      expect(c.hqSaleRows).toBe(ids.length);
      expect(c.hqDistinctSales).toBe(ids.length);
      expect(c.hqMaxRowsPerSale).toBe(1);
      expect(c.hqRenewalEvents).toBe(ids.length);
      expect(c.confirmed).toBe(ids.length);
      expect(c.outboxPending).toBe(0);
      expect(c.dead).toBe(0);
      expect(progress.length).toBeGreaterThan(2);
    } finally {
      db.close();
    }
  });
});
