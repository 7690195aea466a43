import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticIdentity, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal } from '../../test-support/terminal-harness';
import { KV_CURSOR } from './apply-changes';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq({ syntheticAccounts: 3000 });
}, 60_000);
afterAll(async () => {
  await hq.stop();
});

describe('the account cache file beside the ledger', () => {
  it('is not in the backups; the ledger backup holds the ledger tables only', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await t.close();
    // the next start writes the (first) start-up backup
    const t2 = await openTestTerminal({ dir: t.dir, hqUrl: hq.url, hqToken: hq.token, seedFromHq: false });
    const backups = path.join(t.dir, 'backups');
    for (let i = 0; i < 100 && !(fs.existsSync(backups) && fs.readdirSync(backups).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
    await t2.close();
    const [file] = fs.readdirSync(backups);
    const b = new Database(path.join(backups, file!), { readonly: true });
    const tables = (b.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    b.close();
    expect(tables).toContain('sales');
    expect(tables).not.toContain('accounts');
    expect(tables).not.toContain('devices');
  }, 60_000);

  it('damage inside the cache file is found by the background check: replaced by an empty cache and rebuilt from HQ', async () => {
    const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    const accounts = (t.ctx.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
    await t.close();
    const cacheFile = path.join(t.dir, 'counter.cache.db');
    const size = fs.statSync(cacheFile).size;
    const fd = fs.openSync(cacheFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, undefined, Math.floor(size / 2 / 4096) * 4096); // fault injected on purpose
    fs.closeSync(fd);

    const t2 = await openTestTerminal({ dir: t.dir, hqUrl: hq.url, hqToken: hq.token, seedFromHq: false });
    expect(t2.app.fatal).toBeNull(); // the ledger opened: the cache is not in the start-up check
    const result = await t2.ctx.cache.check();
    expect(result.ok).toBe(false);
    expect(fs.existsSync(`${cacheFile}.damaged`)).toBe(true);
    // the cursor was reset: the next pull takes the config snapshot, then the import fills the new cache
    expect(t2.ctx.repos.kv.get(KV_CURSOR)).toBeUndefined();
    await t2.ctx.puller.pullNow();
    expect((await t2.ctx.importer.ensure()).state).toBe('done');
    expect((t2.ctx.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBe(accounts);
    const id = syntheticIdentity(2500);
    expect((await t2.ctx.lookup.find('c', id.nationalId, id.imei)).source).toBe('cache');
    expect((await t2.ctx.cache.check()).ok).toBe(true);
    await t2.close();
  }, 60_000);
});
