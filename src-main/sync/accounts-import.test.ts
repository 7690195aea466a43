import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticIdentity, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { KV_SNAPSHOT, type SnapshotProgress } from './accounts-import';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHILD = path.join(ROOT, 'node_modules', '.cache', 'counter-tests', 'import-crash-child.cjs');
const SYNTHETIC = 12_000;
let hq: TestHq;
let hqAccounts = 0;
let hqDevices = 0;

/**
 * Fault injected on purpose: forwards every request to HQ; the accounts snapshot is cut after `cutAfter`
 * bytes, or (with `delayMs`) sent slowly, one small piece at a time.
 */
function faultyProxy(target: string, opts: { cutAfter?: number; delayMs?: number; requests?: string[] }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    opts.requests?.push(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(target + req.url, {
      method: req.method ?? 'GET',
      headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    const snapshot = (req.url ?? '').startsWith('/v1/snapshot/accounts');
    let sent = 0;
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      if (snapshot && opts.cutAfter !== undefined && sent + chunk.length > opts.cutAfter) {
        res.write(chunk.subarray(0, opts.cutAfter - sent));
        res.socket?.destroy();
        return;
      }
      if (snapshot && opts.delayMs) {
        for (let i = 0; i < chunk.length; i += 4096) {
          if (res.destroyed) return;
          res.write(chunk.subarray(i, i + 4096));
          await new Promise((r) => setTimeout(r, opts.delayMs));
        }
      } else {
        res.write(chunk);
      }
      sent += chunk.length;
    }
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

function count(t: TestTerminal, table: 'accounts' | 'devices'): number {
  return (t.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

async function lookupSynthetic(t: TestTerminal, i: number) {
  const id = syntheticIdentity(i);
  return t.ctx.lookup.find('test-clerk', id.nationalId, id.imei);
}

beforeAll(async () => {
  await build({ entryPoints: [path.join(ROOT, 'test-support/import-crash-child.ts')], outfile: CHILD, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
  hq = await startTestHq({ syntheticAccounts: SYNTHETIC });
  hqAccounts = (hq.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  hqDevices = (hq.db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n;
}, 60_000);
afterAll(async () => {
  await hq.stop();
});

describe('accounts snapshot import into a shadow cache file', () => {
  it('a cut stream leaves the live cache as it was; the resume goes on after the last loaded account and swaps the shadow in', async () => {
    const opts: { cutAfter?: number; requests?: string[] } = { cutAfter: 3_000_000, requests: [] };
    const proxy = await faultyProxy(hq.url, opts);
    const t = await openTestTerminal({ hqUrl: proxy.url, hqToken: hq.token, seedFromHq: false });
    await t.ctx.puller.pullNow(); // joins the app's first pull, which starts the import
    const cut = await t.ctx.importer.ensure();
    expect(cut.state).toBe('failed');
    expect(cut.imported).toBeGreaterThan(0);
    expect(cut.imported).toBeLessThan(hqAccounts);
    expect(count(t, 'accounts')).toBe(0); // nothing half-imported in the live cache
    expect(fs.existsSync(path.join(t.dir, 'counter.cache.db.import'))).toBe(true);

    delete opts.cutAfter;
    const resumed = await t.ctx.importer.ensure();
    expect(resumed.state).toBe('done');
    expect(resumed.imported).toBe(hqAccounts);
    const snapshots = opts.requests!.filter((r) => r.startsWith('/v1/snapshot/accounts'));
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]).toBe(`/v1/snapshot/accounts?after=${encodeURIComponent(cut.after!)}`);
    expect(count(t, 'accounts')).toBe(hqAccounts);
    expect(count(t, 'devices')).toBe(hqDevices);
    expect(fs.existsSync(path.join(t.dir, 'counter.cache.db.import'))).toBe(false);
    expect((await lookupSynthetic(t, 11_999)).source).toBe('cache');
    await t.close();
    await proxy.close();
  }, 60_000);

  it('the app import: every account once with its devices, lookups from the cache, a done cache is not imported again', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    expect(count(t, 'accounts')).toBe(hqAccounts);
    expect(count(t, 'devices')).toBe(hqDevices);
    expect(fs.existsSync(path.join(t.dir, 'counter.cache.db.import'))).toBe(false);
    const card = await lookupSynthetic(t, 4321);
    expect(card.source).toBe('cache');
    // the lookup query is one covering-index descent for the device and one primary-key descent for the account
    const plan = t.ctx.db
      .prepare(`EXPLAIN QUERY PLAN ${(await import('../db/repos/account-repo')).LOOKUP_SQL}`)
      .all('0', '0')
      .map((r) => (r as { detail: string }).detail);
    expect(plan).toEqual([expect.stringMatching(/USING COVERING INDEX devices_lookup \(number=\? AND id_hash=\?\)/), expect.stringMatching(/USING PRIMARY KEY \(account_id=\?\)/)]);
    expect((await t.ctx.importer.ensure()).state).toBe('done');
    await t.close();
  }, 60_000);

  it('closing the app while an import is running ends the import quietly: no unhandled rejection, no write to the closed ledger', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await t.close();
    const proxy = await faultyProxy(hq.url, { delayMs: 5 });
    const t2 = await openTestTerminal({ dir: t.dir, hqUrl: proxy.url, hqToken: hq.token, seedFromHq: false });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      t2.ctx.importer.restart();
      const running = t2.ctx.importer.ensure();
      await new Promise((r) => setTimeout(r, 300)); // the shadow is loading
      expect(t2.ctx.importer.isRunning()).toBe(true);
      await t2.close();
      await expect(running).resolves.toBeDefined();
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await proxy.close();
    }
  }, 60_000);

  it('during a re-import lookups use the old cache, and a cut re-import leaves it in place', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await t.close();
    // same data folder, HQ behind a proxy that cuts the snapshot
    const proxy = await faultyProxy(hq.url, { cutAfter: 2_000_000 });
    const t2 = await openTestTerminal({ dir: t.dir, hqUrl: proxy.url, hqToken: hq.token, seedFromHq: false });
    t2.ctx.importer.restart();
    const running = t2.ctx.importer.ensure();
    expect((await lookupSynthetic(t2, 77)).source).toBe('cache'); // while the shadow loads
    const cut = await running;
    expect(cut.state).toBe('failed');
    expect(count(t2, 'accounts')).toBe(hqAccounts);
    expect((await lookupSynthetic(t2, 9000)).source).toBe('cache');
    await t2.close();
    await proxy.close();
  }, 60_000);

  it('SIGKILL mid-import: the next start uses the old cache, drops the half shadow and imports again', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    const dir = t.dir;
    await t.close();
    const proxy = await faultyProxy(hq.url, { delayMs: 5 });
    const loadedBeforeKill = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [CHILD], {
        env: { ...process.env, CRASH_DIR: dir, IMPORT_HQ_URL: proxy.url, IMPORT_HQ_TOKEN: hq.token },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let buf = '';
      let err = '';
      let loaded = 0;
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /LOADED (\d+) importing\n/.exec(buf);
        if (m && Number(m[1]) > 0 && loaded === 0) {
          loaded = Number(m[1]);
          child.kill('SIGKILL');
        }
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(loaded) : reject(new Error(`child exited by itself: ${err}`))));
    });
    await proxy.close();
    expect(loadedBeforeKill).toBeGreaterThan(0);
    expect(loadedBeforeKill).toBeLessThan(hqAccounts);
    expect(fs.existsSync(path.join(dir, 'counter.cache.db.import'))).toBe(true); // the half-written shadow

    // the cache file itself is intact and complete
    const raw = new Database(path.join(dir, 'counter.cache.db'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((raw.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBe(hqAccounts);
    raw.close();

    const t2 = await openTestTerminal({ dir, hqUrl: 'http://127.0.0.1:9', hqToken: hq.token, seedFromHq: false });
    expect(fs.existsSync(path.join(dir, 'counter.cache.db.import'))).toBe(false);
    expect(count(t2, 'accounts')).toBe(hqAccounts);
    expect((await lookupSynthetic(t2, 1234)).source).toBe('cache');
    expect(t2.ctx.repos.kv.get<SnapshotProgress>(KV_SNAPSHOT)?.state).not.toBe('done'); // so it is imported again
    await t2.close();
    const t3 = await openTestTerminal({ dir, hqUrl: hq.url, hqToken: hq.token });
    expect(t3.ctx.importer.progress().state).toBe('done');
    expect(count(t3, 'accounts')).toBe(hqAccounts);
    await t3.close();
  }, 90_000);
});
