/**
 * Issue 16: HQ on PostgreSQL with several processes. `npm run bench -- hq` runs this group alone.
 *
 * Ingest: 100 simulated terminals push renewals concurrently (batches of 10, as an outbox push) to
 * two HQ processes (`node dist/hq/hq.cjs`, separate OS processes) on one PostgreSQL server started for
 * the run with PostgreSQL's durable defaults (fsync, synchronous_commit on). Every 10th push is also
 * sent again to the other process at once (a terminal retrying after a timeout). The same load on one
 * SQLite HQ process gives the comparison row.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPgCluster } from '../test-support/hq-db/pg-cluster';
import { openPgStore } from '../src-hq/db/pg-store';
import { openSqliteStore } from '../src-hq/db/sqlite-store';
import { runFeedStress } from '../test-support/hq-db/feed-stress';
import { renewalEvent } from '../test-support/hq';
import http from 'node:http';
import { createGunzip } from 'node:zlib';
import pino from 'pino';
import { startHq } from '../src-hq/server';
import { jsonPoster, percentile, type BenchRow } from './lib';

const ROOT = path.resolve(__dirname, '..', '..');
const ADMIN = 'bench-admin-token-0123456789';
const TERMINALS = 100;
const PUSHES = 10;
const BATCH = 10;

interface HqProc {
  url: string;
  child: ChildProcess;
}

async function spawnHq(env: Record<string, string>): Promise<HqProc> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'hq', 'hq.cjs')], {
    env: { ...process.env, HQ_PORT: '0', HQ_ADMIN_TOKEN: ADMIN, HQ_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`HQ did not start: ${err}`)), 300_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`HQ exited ${code}: ${err}`)));
  });
  return { url, child };
}

async function stopHq(p: HqProc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
}

async function admin(url: string, method: string, p: string, body?: unknown): Promise<{ token?: string; plans?: { code: string; terms: { months: number; priceFen: number }[] }[] }> {
  const r = await fetch(url + p, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
  return (await r.json()) as never;
}

interface IngestResult {
  salesPerSecond: number;
  p99Ms: number;
  sent: number;
  confirmed: number;
  lost: number;
  dup: number;
  seconds: number;
}

/** Runs the ingest load against `urls` (terminal i, push k goes to urls[(i + k) % n]); `count` reads the database. */
async function ingest(urls: string[], devices: { accountId: string; number: string; planCode: string; priceFen: number }[], count: () => Promise<{ sales: number; distinctSales: number; confirmed: number }>): Promise<IngestResult> {
  const tokens: string[] = [];
  for (let t = 0; t < TERMINALS; t++) tokens.push((await admin(urls[0]!, 'POST', '/admin/terminals', { storeCode: 'S001', code: `B${String(t).padStart(3, '0')}` })).token!);
  const latencies: number[] = [];
  const firstAnswers = new Map<string, number>();
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, t) => {
      const posters = urls.map((u) => jsonPoster(u, { authorization: `Bearer ${token}` }));
      let seq = 0;
      for (let k = 0; k < PUSHES; k++) {
        const events = Array.from({ length: BATCH }, (_, j) => {
          const d = devices[(t + TERMINALS * (k * BATCH + j)) % devices.length]!;
          return renewalEvent({ accountId: d.accountId, deviceNumber: d.number, planCode: d.planCode, termMonths: 1, priceFen: d.priceFen }, ++seq);
        });
        sent += events.length;
        const target = (t + k) % posters.length;
        const t0 = performance.now();
        const retry = k % 10 === 9 && posters.length > 1;
        const answers = (await Promise.all([posters[target]!('/v1/events', { events }), ...(retry ? [posters[(target + 1) % posters.length]!('/v1/events', { events })] : [])])) as {
          results?: { eventId: string; status: string; duplicate: boolean }[];
        }[];
        latencies.push(performance.now() - t0);
        for (const a of answers) {
          if (!a.results) throw new Error(`push refused: ${JSON.stringify(a).slice(0, 300)}`);
          for (const r of a.results) if (r.status === 'confirmed' && !r.duplicate) firstAnswers.set(r.eventId, (firstAnswers.get(r.eventId) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const c = await count();
  latencies.sort((a, b) => a - b);
  const doubleAnswers = [...firstAnswers.values()].filter((n) => n > 1).length;
  return {
    salesPerSecond: c.confirmed / seconds,
    p99Ms: percentile(latencies, 99),
    sent,
    confirmed: c.confirmed,
    lost: sent - c.distinctSales,
    dup: c.sales - c.distinctSales + doubleAnswers,
    seconds,
  };
}

async function renewableDevices(q: (sql: string) => Promise<{ account_id: string; number: string; plan_code: string }[]>, prices: Map<string, number>) {
  const rows = await q(
    `SELECT a.account_id, d.number, d.plan_code FROM accounts a JOIN devices d ON d.account_id = a.account_id
     WHERE a.status = 'active' AND d.status IN ('active', 'expired') AND d.kind = 'imei' ORDER BY d.device_id`,
  );
  return rows.filter((r) => prices.has(r.plan_code)).map((r) => ({ accountId: r.account_id, number: r.number, planCode: r.plan_code, priceFen: prices.get(r.plan_code)! }));
}

async function monthPrices(url: string): Promise<Map<string, number>> {
  const plans = (await admin(url, 'GET', '/admin/plans')).plans!;
  return new Map(plans.flatMap((p) => p.terms.filter((t) => t.months === 1).map((t) => [p.code, t.priceFen] as [string, number])));
}

/** Bytes on the wire (gzip) and inflated for one full accounts snapshot, and how long it took. */
function snapshotOverWire(url: string, token: string): Promise<{ wire: number; inflated: number; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/v1/snapshot/accounts`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }, (res) => {
      if (res.headers['content-encoding'] !== 'gzip') {
        reject(new Error('snapshot not gzip-encoded'));
        return;
      }
      let wire = 0;
      let inflated = 0;
      res.on('data', (c: Buffer) => (wire += c.length));
      const gunzip = createGunzip();
      gunzip.on('data', (c: Buffer) => (inflated += c.length));
      gunzip.on('end', () => resolve({ wire, inflated, seconds: (performance.now() - started) / 1000 }));
      gunzip.on('error', reject);
      res.pipe(gunzip);
    });
    req.on('error', reject);
  });
}

async function snapshotRows(dir: string): Promise<BenchRow[]> {
  const N = Number(process.env.BENCH_SNAPSHOT_ACCOUNTS ?? 1_000_000);
  const hq = await startHq({ port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'snap'), adminToken: ADMIN, seed: 'demo', syntheticAccounts: N, logger: pino({ level: 'silent' }) });
  try {
    const r = await snapshotOverWire(hq.url, hq.demoTerminalToken!);
    const mib = r.wire / 2 ** 20;
    return [
      {
        id: 'snapshot.wire.1m',
        name: `accounts snapshot on the wire, ${N.toLocaleString('en-US')} accounts (gzip)`,
        value: mib,
        unit: 'MiB',
        target: '≤ 120 MiB',
        met: mib <= 120,
        note: `${(r.inflated / 2 ** 20).toFixed(0)} MiB of NDJSON inflated; streamed and inflated in ${r.seconds.toFixed(1)} s over loopback (HQ gzip level 6); scope chain (the demo has one store: a store or group scope sends only that scope's accounts)`,
      },
    ];
  } finally {
    await hq.close();
  }
}

export async function hqRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-'));
  const cluster = await startPgCluster({ mode: 'durable', maxConnections: 200 });
  try {
    // ---- PostgreSQL, two HQ processes
    const url = await cluster.createDatabase('hq_bench');
    const common = { HQ_DATABASE_URL: url, HQ_DATA_DIR: path.join(dir, 'pg'), HQ_PG_POOL_MAX: '20' };
    const a = await spawnHq({ ...common, HQ_SEED: 'demo', HQ_SYNTHETIC_ACCOUNTS: '20000' });
    const b = await spawnHq({ ...common, HQ_SEED: 'demo' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const prices = await monthPrices(a.url);
      const devices = await renewableDevices(async (sql) => (await client.query(sql)).rows, prices);
      const r = await ingest([a.url, b.url], devices, async () => {
        const row = (await client.query<{ sales: string; distinct_sales: string; confirmed: string }>(
          "SELECT count(*) AS sales, count(DISTINCT sale_id) AS distinct_sales, count(*) FILTER (WHERE status = 'confirmed') AS confirmed FROM sales",
        )).rows[0]!;
        return { sales: Number(row.sales), distinctSales: Number(row.distinct_sales), confirmed: Number(row.confirmed) };
      });
      const note = `${TERMINALS} terminals × ${PUSHES} pushes × ${BATCH} renewals to 2 HQ processes, every 10th push sent to both at once; ${r.confirmed} confirmed of ${r.sent} in ${r.seconds.toFixed(1)} s; PostgreSQL 15, fsync and synchronous_commit on, ${os.cpus().length} cores shared by HQ, PostgreSQL and the load generator`;
      rows.push({ id: 'hq.ingest.pg', name: 'HQ ingest on PostgreSQL, 2 processes, 100 terminals', value: r.salesPerSecond, unit: 'sales/s', target: '≥ 3,000', met: r.salesPerSecond >= 3000, note });
      rows.push({ id: 'hq.ingest.pg.p99', name: 'HQ ingest on PostgreSQL: push latency p99 (10 renewals)', value: r.p99Ms, unit: 'ms' });
      rows.push({ id: 'hq.ingest.lost', name: 'HQ ingest on PostgreSQL: sales sent but not stored', value: r.lost, unit: 'sales', target: '0', met: r.lost === 0 });
      rows.push({ id: 'hq.ingest.dup', name: 'HQ ingest on PostgreSQL: sales stored or confirmed twice', value: r.dup, unit: 'sales', target: '0', met: r.dup === 0 });
    } finally {
      await client.end();
      await stopHq(b);
      await stopHq(a);
    }

    // ---- change feed under concurrent writers (PostgreSQL)
    const feedStore = await openPgStore({ url: await cluster.createDatabase('hq_feed'), poolMax: 20 });
    try {
      const opts = { writers: 16, txPerWriter: 60, maxRowsPerTx: 3, pullers: 4, pauseMs: 3 };
      const feed = await runFeedStress(feedStore, opts);
      const naive = await runFeedStress(feedStore, { ...opts, naive: true });
      const missed = Math.max(...feed.pullers.map((p) => p.missed + p.duplicated));
      const naiveMissed = Math.max(...naive.pullers.map((p) => p.missed));
      rows.push({
        id: 'hq.feed.missed',
        name: 'change feed: changes missed or repeated per puller, 16 writer connections, 4 pullers',
        value: missed,
        unit: 'changes',
        target: '0',
        met: missed === 0,
        note: `${feed.expected} changes in ${opts.writers * opts.txPerWriter} transactions with pauses inside; the same load on a plain nextval cursor (WHERE seq > cursor) missed up to ${naiveMissed} of ${naive.expected}`,
      });
    } finally {
      await feedStore.close();
    }

    // ---- SQLite, one HQ process, same load
    const lite = await spawnHq({ HQ_DATA_DIR: path.join(dir, 'sqlite'), HQ_SEED: 'demo', HQ_SYNTHETIC_ACCOUNTS: '20000' });
    try {
      const store = openSqliteStore(path.join(dir, 'sqlite')); // read-only use while HQ runs (WAL)
      try {
        const prices = await monthPrices(lite.url);
        const devices = await renewableDevices((sql) => store.all(sql), prices);
        const r = await ingest([lite.url], devices, async () => {
          const row = (await store.get<{ sales: number; distinct_sales: number; confirmed: number }>(
            "SELECT count(*) AS sales, count(DISTINCT sale_id) AS distinct_sales, sum(status = 'confirmed') AS confirmed FROM sales",
          ))!;
          return { sales: row.sales, distinctSales: row.distinct_sales, confirmed: row.confirmed };
        });
        rows.push({
          id: 'hq.ingest.sqlite',
          name: 'HQ ingest on SQLite, 1 process, 100 terminals (comparison)',
          value: r.salesPerSecond,
          unit: 'sales/s',
          note: `same load on one HQ process with SQLite (synchronous=FULL); p99 ${r.p99Ms.toFixed(0)} ms; lost ${r.lost}, dup ${r.dup}`,
        });
      } finally {
        await store.close();
      }
    } finally {
      await stopHq(lite);
    }
    rows.push(...(await snapshotRows(dir)));
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
