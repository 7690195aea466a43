import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_CLERKS } from '../src-hq/demo-data';
import { startTestHq } from '../test-support/hq';
import { openDatabase } from '../src-node/db/connection';
import { openTestTerminal } from '../test-support/terminal-harness';
import { createBusinessDayRepo } from '../src-main/db/repos/business-day-repo';
import { createSaleRepo } from '../src-main/db/repos/sale-repo';
import { createShiftRepo } from '../src-main/db/repos/shift-repo';
import { createRenewalService } from '../src-main/services/sales';
import type { BenchRow } from './lib';
import type { RenewalQuoteView } from '../src-shared/contract/sales';

/** Issue 4: renewal commits per second with synchronous=FULL, against a bare single-row FULL commit on the same disk. */
/** WAL pages a sale commit writes in the ledger: the sale row and its 5 index entries, a payment, the outbox row and its 2 indexes, the print job and its index, the audit entry, the AUTOINCREMENT counters, the chain head. */
const REPLICA_PAGES = 16;

export async function salesRows(): Promise<BenchRow[]> {
  const N = 2000;
  const PROFILED = 500;
  const hq = await startTestHq();
  const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  const rows: BenchRow[] = [];
  try {
    const clerk = DEMO_CLERKS[0];
    const { clerk: signedIn } = await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
    await hq.stop(); // the terminal sells offline here: HQ traffic is not part of the commit
    t.ctx.syncState.markSuccess();
    const cards = [];
    for (const a of DEMO_ACCOUNTS.filter((x) => x.devices[0]!.status === 'active' || x.devices[0]!.status === 'expired')) {
      cards.push((await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account);
    }
    const quotes: RenewalQuoteView[] = [];
    for (let i = 0; i < N + PROFILED; i++) {
      const c = cards[i % cards.length]!;
      const plans = (await t.call('sales.plans', { accountId: c.accountId, deviceId: c.device.deviceId })).plans;
      const plan = plans.find((p) => p.code === c.plan.code) ?? plans[0]!;
      quotes.push((await t.call('sales.quote', { accountId: c.accountId, deviceId: c.device.deviceId, planCode: plan.code, termMonths: plan.terms[0]!.months })).quote);
    }
    const confirmInput = (q: (typeof quotes)[number]) => ({
      saleId: q.saleId,
      accountId: q.accountId,
      deviceId: q.deviceId,
      planCode: q.planCode,
      termMonths: q.termMonths,
      priceFen: q.priceFen,
      payments: [{ method: 'cash' as const, tenderedFen: q.priceFen }],
    });
    // A: the sale transaction alone — the same service, without waking the print and outbox workers —
    // interleaved with its baseline: a bare single-row FULL commit to a table in a file on the same disk.
    const quiet = createRenewalService({ ctx: t.ctx, sales: createSaleRepo(t.ctx.db), days: createBusinessDayRepo(t.ctx.db), shifts: createShiftRepo(t.ctx.db) });
    const half = N / 2;
    const bareDir = fs.mkdtempSync(path.join(t.dir, 'bare-'));
    const bare = openDatabase({ file: path.join(bareDir, 'bare.db'), migrations: [{ version: 1, name: 'b', up: (d) => d.exec('CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT) STRICT') }] });
    const ins = bare.prepare('INSERT INTO b (v) VALUES (?)');
    // a raw replica of the sale's write volume: one FULL commit of REPLICA_PAGES new pages (rows of ~4 KB)
    bare.exec('CREATE TABLE r (id INTEGER PRIMARY KEY, v BLOB NOT NULL) STRICT');
    const insR = bare.prepare('INSERT INTO r (v) VALUES (?)');
    const blob = Buffer.alloc(3900, 7);
    let bareNs = 0;
    let saleNs = 0;
    let replicaNs = 0;
    for (let i = 0; i < half; i++) {
      const b0 = process.hrtime.bigint();
      bare.transaction(() => ins.run(`row ${i}`))();
      const b1 = process.hrtime.bigint();
      await quiet.confirm(signedIn, confirmInput(quotes[i]!));
      const b2 = process.hrtime.bigint();
      bare.transaction(() => {
        for (let p = 0; p < REPLICA_PAGES; p++) insR.run(blob);
      })();
      const b3 = process.hrtime.bigint();
      bareNs += Number(b1 - b0);
      saleNs += Number(b2 - b1);
      replicaNs += Number(b3 - b2);
    }
    const replicaPerSec = half / (replicaNs / 1e9);
    bare.close();
    const barePerSec = half / (bareNs / 1e9);
    const alonePerSec = half / (saleNs / 1e9);
    // B: end to end through the contract dispatch; each commit wakes the workers, which write their own attempts
    const started = performance.now();
    for (const q of quotes.slice(half, N)) await t.call('sales.confirm', confirmInput(q));
    const salesPerSec = half / ((performance.now() - started) / 1000);
    // C: where the sale's time goes — the same quiet transaction under V8's sampling profiler, with the
    // process's CPU time against the wall time (the difference is the thread waiting: the fsyncs)
    const profiled = await profileSales(quotes.slice(N).map((q) => () => quiet.confirm(signedIn, confirmInput(q))));

    rows.push({ id: 'renewal.bare', name: 'bare single-row commit, synchronous=FULL (interleaved with the sales)', value: barePerSec, unit: 'commits/s', note: `${half} commits, one before each sale` });
    rows.push({
      id: 'renewal.replica',
      name: `raw replica of the sale's write volume: ${REPLICA_PAGES} new pages in one FULL commit (interleaved)`,
      value: replicaPerSec,
      unit: 'commits/s',
      ratio: barePerSec / replicaPerSec,
      baseline: 'renewal.bare (bare / replica)',
      note: 'what the disk charges for the pages a sale writes (sale, payments, their indexes, outbox, print job, audit entry, head), without any of its CPU',
    });
    rows.push({
      id: 'renewal.commit',
      name: 'renewal commit: the sale transaction (sale + payments + subscription + outbox + print job + audit), FULL',
      value: alonePerSec,
      unit: 'sales/s',
      ratio: barePerSec / alonePerSec,
      baseline: 'renewal.bare (bare / renewal)',
      target: '≥ 1,000/s; ratio ≤ 1.3',
      met: alonePerSec >= 1000 && barePerSec / alonePerSec <= 1.3,
      note: `${half} sales interleaved with the bare commits and the replicas; one FULL commit each (the device's provisional subscription goes to the cache file, synchronous=NORMAL)`,
    });
    rows.push({
      id: 'renewal.dispatch',
      name: 'renewal end to end via dispatch (workers woken after each sale; printer and HQ unreachable)',
      value: salesPerSec,
      unit: 'sales/s',
      ratio: barePerSec / salesPerSec,
      baseline: 'renewal.bare (bare / renewal)',
      note: `${half} sales; the woken print and outbox workers add their own FULL commits (attempt bookkeeping) between sales`,
    });
    const pct = (x: number) => `${((100 * x) / profiled.wallMs).toFixed(0)} %`;
    rows.push({
      id: 'renewal.split.wait',
      name: 'renewal commit split: the main thread waiting (wall − its CPU: the FULL commit\'s fsyncs; inside the SQLite share)',
      value: (profiled.wallMs - profiled.cpuMs) / PROFILED,
      unit: 'ms per sale',
      note: `${PROFILED} profiled sales, ${profiled.wallMs.toFixed(0)} ms wall, ${profiled.cpuMs.toFixed(0)} ms CPU of the main thread (${profiled.systemMs.toFixed(0)} ms of it in the kernel: write and fsync calls); waiting ${pct(profiled.wallMs - profiled.cpuMs)} of the wall time`,
    });
    rows.push({
      id: 'renewal.split.sqlite',
      name: 'renewal commit split: inside SQLite (better-sqlite3 statements, COMMIT, the WAL write and its fsync)',
      value: profiled.sqliteMs / PROFILED,
      unit: 'ms per sale',
      note: `${pct(profiled.sqliteMs)} of the wall time: the profiler ticks whose innermost frame is a native better-sqlite3 call (1 tick per 100 µs of wall time); V8 outside JavaScript ((program)): ${pct(profiled.otherMs)}`,
    });
    rows.push({
      id: 'renewal.split.js',
      name: 'renewal commit split: JavaScript and Node (validation, quote, hashes, receipt and outbox JSON, GC)',
      value: profiled.jsMs / PROFILED,
      unit: 'ms per sale',
      note: `${pct(profiled.jsMs)} of the wall time; the heaviest innermost frames: ${profiled.top.map(([name, ms]) => `${name} ${((100 * ms) / profiled.wallMs).toFixed(1)} %`).join(', ')}`,
    });
  } finally {
    await t.close();
  }
  return rows;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

/** Runs the calls one after another under the inspector's CPU profiler; CPU split by the innermost frame. */
async function profileSales(calls: (() => Promise<unknown>)[]): Promise<{ wallMs: number; cpuMs: number; systemMs: number; sqliteMs: number; jsMs: number; otherMs: number; top: [string, number][] }> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  // the main thread's own CPU: the profiler's sampling thread and libuv's pool are not counted
  const cpu0 = process.threadCpuUsage();
  const t0 = performance.now();
  for (const call of calls) await call();
  const wallMs = performance.now() - t0;
  const cpu = process.threadCpuUsage(cpu0);
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
  session.disconnect();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // V8 samples on wall-clock ticks: a tick while the thread waits in a syscall (the fsync) lands on the
  // native frame that made it, so shares of the ticks are shares of the wall time
  let total = 0;
  let sqlite = 0;
  let other = 0;
  const self = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const name = n.callFrame.functionName || '(anonymous)';
    total += hits;
    const native = n.callFrame.url === '' && !name.startsWith('(');
    if (native && ['run', 'get', 'all', 'exec', 'iterate', 'prepare', 'transaction', 'pragma'].includes(name)) sqlite += hits;
    else if (name === '(idle)' || name === '(program)') other += hits;
    else self.set(name, (self.get(name) ?? 0) + hits);
  }
  const scale = total === 0 ? 0 : wallMs / total;
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => [k, v * scale] as [string, number]);
  return { wallMs, cpuMs, systemMs: cpu.system / 1000, sqliteMs: sqlite * scale, jsMs: (total - sqlite - other) * scale, otherMs: other * scale, top };
}
