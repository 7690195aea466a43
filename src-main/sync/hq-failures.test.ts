/**
 * HQ failing in the ways a bad day brings (issue 10 item 6): 500s while the clerk keeps pressing "sync
 * now", 200 answers that are not what the protocol says, `Retry-After: 0`, a long outage ending, and the
 * log it all writes. The real terminal app on its own SQLite file talks HTTP over loopback to the real
 * reference HQ through the fault proxy (a test fake); the outbox worker's waits run on a controlled clock
 * where a test needs to count tries over minutes or days, so no assertion depends on how fast this
 * machine is: tries are counted at the proxy, log lines in the log file.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncDetails } from '../../src-shared/contract/sync';
import type { TerminalStatus } from '../../src-shared/contract/methods';
import { DEAD_LETTER_WINDOW_MS, RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS } from '../../src-shared/domain/hq-retry-policy';
import { createControlledClock } from '../../test-support/controlled-clock';
import type { FaultAction } from '../../test-support/fault-proxy';
import { eventsOnly, rigLogFile, startSyncRig, summary, waitFor, type SyncRig } from '../../test-support/sync-harness';

let rig: SyncRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function call<T>(r: SyncRig, name: string, input: unknown = {}): Promise<T> {
  const res = await r.app.dispatch(name, input, { transport: 'test' });
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
  return res.result as T;
}

const eventPosts = (r: SyncRig) => r.proxy.log.filter((e) => e.path.startsWith('/v1/events')).length;
/** The worker finished what it was doing (its next try waits for a timer, a kick or a press). */
const settled = (r: SyncRig, ms = 3_000) => waitFor('the outbox worker to settle', () => !r.app.outbox!.status().running, ms).catch(() => undefined);
const syncStatus = async (r: SyncRig) => (await call<TerminalStatus>(r, 'system.status')).sync;

function checkOnceAtHq(r: SyncRig, ids: string[]) {
  const c = r.counts(ids);
  expect(c.hqSaleRows).toBe(ids.length);
  expect(c.hqMaxRowsPerSale).toBe(1);
  expect(c.confirmed).toBe(ids.length);
  expect(c.outboxPending).toBe(0);
  expect(c.dead).toBe(0);
  return c;
}

describe('HQ failures (real HQ over HTTP, real SQLite, fault proxy)', { timeout: 90_000 }, () => {
  it('ten "sync now" presses during an HQ 500: no dead letter, the sale stays pending and is delivered once HQ recovers', async () => {
    let failing = true;
    rig = await startSyncRig({ plan: eventsOnly((): FaultAction => (failing ? 'error500' : 'pass')) });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    await waitFor('the first 500', () => rig!.proxy.log.some((e) => e.action === 'error500'));
    const reports: { error: string | null; deadLettered: number }[] = [];
    for (let i = 0; i < 10; i++) reports.push((await call<{ push: { error: string | null; deadLettered: number } }>(rig, 'sync.now')).push);
    const during = rig.counts(ids);
    const posts500 = rig.proxy.log.filter((e) => e.action === 'error500').length;
    console.log(summary('10 x sync now during HQ 500', during, { eventPosts500: posts500, pushErrors: reports.map((r) => r.error).join(',') }));
    expect(reports.every((r) => r.deadLettered === 0)).toBe(true);
    expect(during.dead).toBe(0);
    expect(during.pending).toBe(1);
    expect(rig.sale(ids[0]!)?.hq_status).toBe('pending');
    // the presses did reach HQ (this is not a push that never tried)
    expect(posts500).toBeGreaterThanOrEqual(10);

    failing = false;
    await call(rig, 'sync.now');
    await waitFor('the sale confirmed', () => rig!.sale(ids[0]!)?.hq_status === 'confirmed');
    checkOnceAtHq(rig, ids);
  });

  it('"online" only when HQ accepted the last push and pull: a 500 outage and 200 answers with a malformed body show offline with a reason', async () => {
    let plan: (path: string) => FaultAction = () => 'pass';
    rig = await startSyncRig({ plan: (req) => plan(req.path) });
    await rig.signIn();
    expect((await syncStatus(rig)).online).toBe(true);

    // 500 on the outbox route only (pulls still work)
    plan = (p) => (p.startsWith('/v1/events') ? 'error500' : 'pass');
    const ids = await rig.makeSales(1);
    await waitFor('the 500', () => rig!.proxy.log.some((e) => e.action === 'error500'));
    await call(rig, 'sync.now');
    let s = await syncStatus(rig);
    expect({ online: s.online, reason: s.offlineReason }).toEqual({ online: false, reason: 'HQ_ERROR' });
    const d = await call<SyncDetails>(rig, 'sync.details');
    expect({ online: d.online, reason: d.offlineReason }).toEqual({ online: false, reason: 'HQ_ERROR' });

    // 500 on every route
    plan = (p) => (p.startsWith('/v1/') ? 'error500' : 'pass');
    await call(rig, 'sync.now');
    s = await syncStatus(rig);
    expect({ online: s.online, reason: s.offlineReason }).toEqual({ online: false, reason: 'HQ_ERROR' });

    // 200 with bodies that are not an events answer
    const head = rig.app.ctx!.repos.outbox.findPendingEvents(1)[0]!;
    const seq = JSON.stringify({ lastSeq: head.seq, gaps: [] });
    const malformed: Record<string, string> = {
      'a result for another event only': `{"results":[{"eventId":"00000000-0000-4000-8000-000000000000","status":"confirmed","duplicate":false,"processedAt":"2026-01-01T00:00:00.000Z"}],"sequence":${seq}}`,
      'an unreadable result for our event': `{"results":[{"eventId":"${head.event_id}","status":"confirmed"}],"sequence":${seq}}`,
      'no results list': '{"ok":true}',
      'not JSON': 'OK',
    };
    for (const [name, body] of Object.entries(malformed)) {
      plan = (p) => (p.startsWith('/v1/events') ? { kind: 'reply', status: 200, body } : 'pass');
      await call(rig, 'sync.now');
      s = await syncStatus(rig);
      expect({ name, online: s.online, reason: s.offlineReason }).toEqual({ name, online: false, reason: 'HQ_BAD_RESPONSE' });
      expect(rig.counts(ids).dead).toBe(0);
      expect(rig.sale(ids[0]!)?.hq_status).toBe('pending');
    }

    plan = () => 'pass';
    await call(rig, 'sync.now');
    await waitFor('confirmed', () => rig!.sale(ids[0]!)?.hq_status === 'confirmed');
    s = await syncStatus(rig);
    expect({ online: s.online, reason: s.offlineReason }).toEqual({ online: true, reason: null });
    checkOnceAtHq(rig, ids);
  });

  it('Retry-After: 0 is taken as the minimum: pushes over 180 s of controlled clock are bounded by the clamp', async () => {
    const clock = createControlledClock();
    let busy = true;
    rig = await startSyncRig({
      outbox: { now: clock.now, timers: clock.timers },
      plan: eventsOnly((): FaultAction => (busy ? { kind: 'unavailable', retryAfterSeconds: 0 } : 'pass')),
    });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    const windowMs = 180_000;
    const bound = Math.ceil(windowMs / RETRY_AFTER_MIN_MS) + 2;
    await settled(rig);
    for (let t = 0; t < windowMs && eventPosts(rig) <= bound; t += 500) {
      clock.advance(500);
      await settled(rig);
    }
    const posts = eventPosts(rig);
    console.log(`[sync-fault] Retry-After: 0 → ${posts} pushes in ${windowMs / 1000} s of controlled clock (bound ${bound})`);
    expect(posts).toBeLessThanOrEqual(bound);
    // and the clamp is a floor, not a stall: it kept trying about once a second
    expect(posts).toBeGreaterThanOrEqual(windowMs / RETRY_AFTER_MIN_MS - 5);
    expect(rig.counts(ids).dead).toBe(0);
    busy = false;
    clock.advance(RETRY_AFTER_MIN_MS);
    await waitFor('confirmed', () => rig!.sale(ids[0]!)?.hq_status === 'confirmed');
    checkOnceAtHq(rig, ids);
  });

  it('a Retry-After of a day is clamped to the maximum: the push is retried after 10 minutes', async () => {
    const clock = createControlledClock();
    rig = await startSyncRig({
      outbox: { now: clock.now, timers: clock.timers },
      plan: eventsOnly((_r, nth): FaultAction => (nth === 1 ? { kind: 'unavailable', retryAfterSeconds: 86_400 } : 'pass')),
    });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    await settled(rig);
    expect(eventPosts(rig)).toBe(1);
    clock.advance(RETRY_AFTER_MAX_MS - 1_000);
    await settled(rig);
    expect(eventPosts(rig)).toBe(1);
    clock.advance(1_000);
    await waitFor('confirmed', () => rig!.sale(ids[0]!)?.hq_status === 'confirmed');
    expect(eventPosts(rig)).toBe(2);
    checkOnceAtHq(rig, ids);
  });

  it('after an outage, the first successful pull wakes the outbox: the backlog drains without waiting for the backoff timer', async () => {
    const clock = createControlledClock();
    rig = await startSyncRig({
      outbox: { now: clock.now, timers: clock.timers, backoff: { baseMs: 60_000, capMs: 5 * 60_000 }, random: () => 0.99 },
    });
    await rig.signIn();
    await rig.stopHq();
    const ids = await rig.makeSales(3);
    await settled(rig);
    const next = rig.app.outbox!.status().nextAttemptAt;
    expect(next).not.toBeNull();
    const waitMs = Date.parse(next!) - clock.nowMs();
    expect(waitMs).toBeGreaterThan(10_000);
    await rig.startHqAgain();
    const postsBefore = eventPosts(rig);
    const clockAtPull = clock.nowMs();
    await rig.app.ctx!.puller.pullNow();
    await waitFor('the backlog confirmed after the pull', () => rig!.counts(ids).confirmed === 3, 10_000);
    expect(clock.nowMs()).toBe(clockAtPull);
    console.log(`[sync-fault] outage over: backlog of 3 drained ${clock.nowMs() - clockAtPull} ms of controlled clock after the pull (the backoff timer was ${waitMs} ms away), ${eventPosts(rig) - postsBefore} push(es)`);
    checkOnceAtHq(rig, ids);
  });

  it('a permanent rejection (HQ 400 for the event) still dead-letters at once', async () => {
    rig = await startSyncRig({
      plan: eventsOnly((_r, nth): FaultAction =>
        nth === 1 ? { kind: 'reply', status: 400, body: JSON.stringify({ error: { code: 'INVALID_INPUT', message: 'injected: never' } }) } : 'pass',
      ),
    });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    await waitFor('the dead letter', () => rig!.counts(ids).dead === 1);
    const d = await call<SyncDetails>(rig, 'sync.details');
    expect(d.deadLetters[0]!.code).toBe('HQ_REFUSED');
    expect(d.deadLetters[0]!.detail).toContain('INVALID_INPUT');
    expect(eventPosts(rig)).toBe(1);
    // HQ answered, deliberately: that is contact
    expect(d.online).toBe(true);
  });

  it('an event HQ keeps failing (500) is dead-lettered only once the wall-clock window has passed (controlled clock)', async () => {
    const clock = createControlledClock();
    rig = await startSyncRig({ outbox: { now: clock.now, timers: clock.timers }, plan: eventsOnly(() => 'error500') });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    await settled(rig);
    for (let i = 0; i < 10; i++) await call(rig, 'sync.now');
    expect(rig.counts(ids).dead).toBe(0);
    const HOUR = 3_600_000;
    const stepMs = 12 * HOUR;
    const steps = Math.floor((DEAD_LETTER_WINDOW_MS - 60_000) / stepMs);
    for (let i = 0; i < steps; i++) {
      clock.advance(stepMs);
      await settled(rig);
      expect(rig.counts(ids).dead).toBe(0);
    }
    expect(rig.sale(ids[0]!)?.hq_status).toBe('pending');
    clock.advance(DEAD_LETTER_WINDOW_MS - steps * stepMs + 60_000);
    await settled(rig);
    await waitFor('the dead letter', () => rig!.counts(ids).dead === 1);
    const d = await call<SyncDetails>(rig, 'sync.details');
    expect(d.deadLetters[0]!.code).toBe('RETRY_WINDOW_EXPIRED');
    // nothing is left to push: the old push failure no longer keeps the status bar offline (pulls work)
    expect(d.pendingCount).toBe(0);
    expect(d.online).toBe(true);
    console.log(`[sync-fault] HQ 500 for ever: 10 presses + ${steps} automatic tries over ${(steps * stepMs) / HOUR} h → 0 dead; dead-lettered after ${DEAD_LETTER_WINDOW_MS / HOUR} h (${d.deadLetters[0]!.attempts} attempts)`);
  });

  it('repeated identical failure log lines are rate-limited in the log file (first lines, then "repeated k times")', async () => {
    // the worker on real timers with a tiny backoff, so 200 failed pushes happen at once; the log's repeat limiter on a controlled clock
    const logClock = createControlledClock();
    const FAILURES = 200;
    rig = await startSyncRig({
      outbox: { backoff: { baseMs: 2, capMs: 5 } },
      logFile: { now: logClock.nowMs },
      plan: eventsOnly((_r, nth): FaultAction => (nth <= FAILURES ? 'reset' : 'pass')),
    });
    await rig.signIn();
    const ids = await rig.makeSales(1);
    await waitFor('confirmed', () => rig!.sale(ids[0]!)?.hq_status === 'confirmed', 60_000);
    const failures = rig.proxy.log.filter((e) => e.action === 'reset').length;
    // a minute on, the next line also writes the summary of what was held back
    logClock.advance(61_000);
    rig.app.ctx!.logger.info('test: the repeat window is over');
    const lines = fs
      .readFileSync(rigLogFile(rig), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { msg: string; repeated?: number });
    const failureLines = lines.filter((l) => l.msg.startsWith('outbox push failed'));
    const repeated = failureLines.reduce((n, l) => n + (l.repeated ?? 0), 0);
    const written = failureLines.filter((l) => l.repeated === undefined).length;
    console.log(`[sync-fault] ${failures} failed pushes → ${failureLines.length} log lines (${written} written, ${failureLines.length - written} summary of ${repeated} repeats)`);
    expect(failures).toBe(FAILURES);
    expect(failureLines.length).toBeLessThanOrEqual(5);
    // nothing is lost from the count: each failure is a line or counted in a summary
    expect(written + repeated).toBe(failures);
  });
});
