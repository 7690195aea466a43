import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../src-hq/test-support';
import { openDatabase, type Db } from '../db/connection';
import { TERMINAL_MIGRATIONS } from '../db/migrations';
import { createAccountRepo } from '../db/repos/account-repo';
import { createKvRepo } from '../db/repos/kv-repo';
import { createLogger } from '../logger';
import { createAccountsImporter } from './accounts-import';
import { createHqClient } from './hq-client';

const SYNTHETIC = 12_000;
let hq: TestHq;
let dir: string;
const silent = createLogger({ name: 'test', level: 'silent', stdout: false });

/** Fault injected on purpose: forwards HQ's snapshot but cuts the connection after `cutAfter` bytes. */
function cuttingProxy(target: string, cutAfter: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const upstream = await fetch(target + req.url, { headers: { authorization: req.headers.authorization ?? '' } });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/x-ndjson' });
    let sent = 0;
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      if (sent + chunk.length > cutAfter) {
        res.write(chunk.subarray(0, cutAfter - sent));
        res.socket?.destroy();
        return;
      }
      sent += chunk.length;
      res.write(chunk);
    }
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

function importerFor(db: Db, baseUrl: string) {
  return createAccountsImporter({ db, kv: createKvRepo(db), accounts: createAccountRepo(db), hq: createHqClient({ baseUrl, token: hq.token }), logger: silent, batchSize: 1000 });
}

beforeAll(async () => {
  hq = await startTestHq({ syntheticAccounts: SYNTHETIC });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-import-'));
}, 60_000);
afterAll(async () => {
  await hq.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('accounts snapshot import', () => {
  it('survives a cut stream, keeps what was committed and resumes after the last committed account', async () => {
    const db = openDatabase({ file: path.join(dir, 'counter.db'), migrations: TERMINAL_MIGRATIONS });
    const hqTotal = (hq.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
    const proxy = await cuttingProxy(hq.url, 3_000_000);
    const cut = await importerFor(db, proxy.url).ensure();
    await proxy.close();
    expect(cut.state).toBe('failed');
    expect(cut.imported).toBeGreaterThan(0);
    expect(cut.imported).toBeLessThan(hqTotal);
    expect(cut.imported % 1000).toBe(0); // whole batches only
    const accounts = createAccountRepo(db);
    expect(accounts.countAccounts()).toBe(cut.imported);

    const resumed = await importerFor(db, hq.url).ensure();
    expect(resumed.state).toBe('done');
    expect(resumed.imported).toBe(hqTotal);
    expect(accounts.countAccounts()).toBe(hqTotal);
    // every account once, with its devices
    const devices = (db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n;
    const hqDevices = (hq.db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n;
    expect(devices).toBe(hqDevices);
    // a completed cache is not imported again
    const again = await importerFor(db, 'http://127.0.0.1:9').ensure();
    expect(again.state).toBe('done');
    db.close();
  }, 60_000);
});
