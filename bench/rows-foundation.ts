import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../src-shared/contract';
import { openDatabase } from '../src-node/db/connection';
import { createDispatch } from '../src-main/transport/dispatch';
import { startWebServer, TOKEN_HEADER } from '../src-main/transport/web-server';
import { jsonPoster, percentile, timeAsync, timeSync, type BenchRow } from './lib';

/** Baselines every later row is compared with: a raw indexed get, and a no-op call over the web transport. */
export async function foundationRows(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-'));
  const rows: BenchRow[] = [];
  try {
    const db = openDatabase({ file: path.join(dir, 'raw.db'), migrations: [{ version: 1, name: 't', up: (d) => d.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT, WITHOUT ROWID') }] });
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const N = 200_000;
    db.transaction(() => {
      for (let i = 0; i < N; i++) insert.run(`key-${i.toString(36)}`, `value-${i}`);
    })();
    const get = db.prepare<[string], { v: string }>('SELECT v FROM t WHERE k = ?');
    const keys = Array.from({ length: 50_000 }, (_, i) => `key-${((i * 7919) % N).toString(36)}`);
    const ns = timeSync(keys.length, (i) => void get.get(keys[i]!));
    rows.push({ id: 'foundation.get.p50', name: 'raw better-sqlite3 indexed get (200k rows) p50', value: percentile(ns, 50) / 1000, unit: 'µs' });
    rows.push({ id: 'foundation.get.p99', name: 'raw better-sqlite3 indexed get (200k rows) p99', value: percentile(ns, 99) / 1000, unit: 'µs' });
    db.close();

    const handlers = { 'system.ping': async () => ({ pong: true, at: new Date().toISOString() }) } as unknown as Handlers;
    const token = 'bench-token-0123456789abcdef';
    const server = await startWebServer({ port: 0, token, staticDir: dir, dispatch: createDispatch(handlers, () => null, { error: () => undefined }) });
    const post = jsonPoster(server.url, { [TOKEN_HEADER]: token });
    const call = async () => void (await post('/api/system.ping', {}));
    const webNs = await timeAsync(3000, call);
    rows.push({ id: 'foundation.web.noop.p50', name: 'no-op contract call via web transport p50', value: percentile(webNs, 50) / 1000, unit: 'µs' });
    rows.push({ id: 'foundation.web.noop.p99', name: 'no-op contract call via web transport p99', value: percentile(webNs, 99) / 1000, unit: 'µs' });
    await server.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
