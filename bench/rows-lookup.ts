import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startHq } from '../src-hq/server';
import { syntheticIdentity } from '../src-hq/services/seed';
import { cacheFileFor, replaceAttachedCache } from '../src-main/db/cache-db';
import { openTerminalDb } from '../src-main/db/terminal-db';
import { createAccountRepo } from '../src-main/db/repos/account-repo';
import { createCatalogRepo } from '../src-main/db/repos/catalog-repo';
import { createClerkRepo } from '../src-main/db/repos/clerk-repo';
import { createKvRepo } from '../src-main/db/repos/kv-repo';
import { createLogger } from '../src-main/logger';
import { createAccountsImporter } from '../src-main/sync/accounts-import';
import { createChangeApplier } from '../src-main/sync/apply-changes';
import { createHqClient } from '../src-main/sync/hq-client';
import { openTestTerminal } from '../src-main/testing/terminal-harness';
import { TOKEN_HEADER } from '../src-main/transport/web-server';
import { jsonPoster, percentile, timeAsync, timeSync, type BenchRow } from './lib';

const ROOT = path.resolve(__dirname, '..', '..');
const silent = createLogger({ name: 'bench', level: 'silent', stdout: false });

/** Serves a recorded snapshot file as HQ's snapshot endpoint, so the terminal's import is timed alone. */
function replayServer(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }),
    ),
  );
}

/** Issue 3: import of a million cached accounts, lookup latency in the service and over the web transport, RSS. */
export async function lookupRows(): Promise<BenchRow[]> {
  const N = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
  const label = N >= 1_000_000 ? `${N / 1_000_000}M` : `${N / 1000}k`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-lookup-'));
  const rows: BenchRow[] = [];
  const hq = await startHq({ host: '127.0.0.1', port: 0, dataDir: path.join(dir, 'hq'), adminToken: 'bench-admin-token-0123456789', seed: 'demo', syntheticAccounts: N, logger: silent });
  try {
    const token = hq.demoTerminalToken!;
    // 1. HQ streams the snapshot (recorded to a file)
    const snapFile = path.join(dir, 'snapshot.ndjson');
    let t = performance.now();
    const res = await fetch(`${hq.url}/v1/snapshot/accounts`, { headers: { authorization: `Bearer ${token}` } });
    await fs.promises.writeFile(snapFile, res.body as unknown as AsyncIterable<Uint8Array>);
    const hqMs = performance.now() - t;
    rows.push({ name: `HQ snapshot stream, ${label} accounts (reference HQ)`, value: hqMs / 1000, unit: 's', note: `${(fs.statSync(snapFile).size / 2 ** 20).toFixed(0)} MiB NDJSON; HQ side, for context` });

    // 2. the terminal imports it (config from the real HQ, accounts replayed from the recording)
    const termDir = path.join(dir, 'terminal');
    const db = openTerminalDb(path.join(termDir, 'counter.db'));
    const kv = createKvRepo(db);
    const accounts = createAccountRepo(db);
    const applier = createChangeApplier({ db, kv, catalog: createCatalogRepo(db), clerks: createClerkRepo(db), accounts });
    applier.applyConfigSnapshot(await createHqClient({ baseUrl: hq.url, token }).configSnapshot());
    const replay = await replayServer(snapFile);
    const cacheFile = cacheFileFor(path.join(termDir, 'counter.db'));
    const importer = createAccountsImporter({ db, kv, cacheFile, swapIn: async (f) => replaceAttachedCache(db, cacheFile, f), hq: createHqClient({ baseUrl: replay.url, token }), logger: silent });
    t = performance.now();
    const done = await importer.ensure();
    const importMs = performance.now() - t;
    await replay.close();
    if (done.state !== 'done') throw new Error(`import failed: ${done.error}`);
    rows.push({ name: `snapshot import, ${label} accounts`, value: importMs / 1000, unit: 's', target: '< 20 s', met: importMs < 20_000 });
    rows.push({ name: `snapshot import rate`, value: done.imported / (importMs / 1000), unit: 'rows/s' });
    db.close();

    // 3. lookup in the service vs a raw indexed get on the same table
    const term = await openTestTerminal({ dir: termDir, hqUrl: hq.url, hqToken: token, seedFromHq: false });
    const samples = Array.from({ length: 20_000 }, (_, k) => syntheticIdentity((k * 104_729) % N));
    const raw = term.ctx.db.prepare<[string], { device_id: string }>('SELECT * FROM devices WHERE number = ?');
    const rawNs = timeSync(samples.length, (i) => void raw.get(samples[i]!.imei));
    const svcNs = await timeAsync(samples.length, (i) => term.ctx.lookup.find('bench-clerk', samples[i]!.nationalId, samples[i]!.imei).then(() => undefined));
    term.ctx.audit.flush();
    const rawP50 = percentile(rawNs, 50) / 1000;
    const rawP99 = percentile(rawNs, 99) / 1000;
    const svcP50 = percentile(svcNs, 50) / 1000;
    const svcP99 = percentile(svcNs, 99) / 1000;
    rows.push({ name: `raw get: SELECT * FROM devices WHERE number = ? (indexed), ${label}`, value: rawP50, unit: 'µs p50' });
    rows.push({ name: `raw get: SELECT * FROM devices WHERE number = ? (indexed), ${label}`, value: rawP99, unit: 'µs p99' });
    rows.push({ name: `lookup service (validate + HMAC + query + card), ${label}`, value: svcP50, unit: 'µs p50', ratio: svcP50 / rawP50, baseline: 'raw get p50', target: '≤ 3×', met: svcP50 / rawP50 <= 3 });
    rows.push({ name: `lookup service, ${label}`, value: svcP99, unit: 'µs p99', ratio: svcP99 / rawP99, baseline: 'raw get p99', target: '< 100 µs', met: svcP99 < 100 });
    await term.close();

    // 4. the real terminal process in web mode: lookup p99 over HTTP and its RSS with the cache open
    const readyFile = path.join(dir, 'ready.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/main/web.cjs')], {
      env: { ...process.env, COUNTER_DATA_DIR: termDir, COUNTER_PORT: '0', COUNTER_HQ_URL: hq.url, COUNTER_HQ_TOKEN: token, COUNTER_PRINTER: 'tcp://127.0.0.1:9', COUNTER_READY_FILE: readyFile },
      stdio: 'ignore',
    });
    try {
      while (!fs.existsSync(readyFile)) await new Promise((r) => setTimeout(r, 100));
      const { launchUrl, url } = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { url: string; launchUrl: string };
      const webToken = launchUrl.split('#token=')[1]!;
      const post = jsonPoster(url, { [TOKEN_HEADER]: webToken });
      const call = async (name: string, body: unknown) => {
        const j = (await post(`/api/${name}`, body)) as { ok: boolean; result: unknown };
        if (!j.ok) throw new Error(`${name} failed: ${JSON.stringify(j)}`);
        return j.result;
      };
      const { clerks } = (await call('auth.listClerks', {})) as { clerks: { clerkId: string; code: string }[] };
      await call('auth.signIn', { clerkId: clerks.find((c) => c.code === '1001')!.clerkId, pin: '1234' });
      const webNs = await timeAsync(3000, (i) => call('lookup.find', { nationalId: samples[i]!.nationalId, deviceNumber: samples[i]!.imei }).then(() => undefined));
      const webP99 = percentile(webNs, 99) / 1e6;
      rows.push({ name: `lookup via web transport (real process), ${label}`, value: percentile(webNs, 50) / 1e6, unit: 'ms p50' });
      rows.push({ name: `lookup via web transport (real process), ${label}`, value: webP99, unit: 'ms p99', target: '< 5 ms', met: webP99 < 5 });
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
      rows.push({ name: `terminal main process RSS with the ${label} cache open`, value: rssMb, unit: 'MB', target: '< 200 MB', met: rssMb < 200 });
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
