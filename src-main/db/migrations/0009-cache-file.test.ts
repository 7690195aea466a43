import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../src-node/db/connection';
import { attachedCacheId, CACHE_ID_KEY } from '../cache-db';
import { openTerminalDatabase } from '../terminal-db';
import { createAccountRepo } from '../repos/account-repo';
import { createKvRepo } from '../repos/kv-repo';
import { TERMINAL_MIGRATIONS } from '.';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-m9-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const HASH = 'a'.repeat(64);

/** A single-file counter.db at version 7 with a cache, a catalog, a cursor and a sale in place. */
function singleFileLedger(file: string, accounts: number): void {
  const db = new Database(file);
  migrate(db, TERMINAL_MIGRATIONS.slice(0, 7));
  db.exec(`
    INSERT INTO kv (key, value) VALUES ('hq.cursor', '42'), ('hq.accountsSnapshot', '{"state":"done","after":null,"imported":1,"total":1,"snapshotCursor":40}');
    INSERT INTO store_keys VALUES ('k1', 'AAAA', '2026-01-01T00:00:00.000Z');
    INSERT INTO plans VALUES ('P1', '套餐', 'Plan', 1000, 'imei', '[]', 1);
    INSERT INTO business_days (business_date, opened_at) VALUES ('2026-11-25', '2026-11-25T01:00:00.000Z');
    INSERT INTO sales (sale_id, receipt_seq, receipt_no, business_date, clerk_id, account_id, device_id, device_number, holder_name,
      id_masked, plan_code, plan_name_zh, plan_name_en, term_months, price_fen, previous_plan_code, previous_status, previous_expiry,
      new_expiry, created_at)
      VALUES ('s1', 1, 'R1', '2026-11-25', 'c1', 'A0', 'D0', '860000000000001', '王*芳', '110***1', 'P1', '套餐', 'Plan', 1, 3000, 'P1',
      'active', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2026-11-25T02:00:00.000Z');
  `);
  const a = db.prepare("INSERT INTO accounts VALUES (?, '王*芳', ?, 'k1', '110***1', NULL, 1, '2026-01-01T00:00:00.000Z', 1)");
  const d = db.prepare("INSERT INTO devices VALUES (?, ?, 'imei', ?, 'P1', '2027-01-01T00:00:00.000Z', 1000, 10, '2026-11-01T00:00:00.000Z', 'active', NULL)");
  db.transaction(() => {
    for (let i = 0; i < accounts; i++) {
      a.run(`A${i}`, HASH);
      d.run(`D${i}`, `A${i}`, String(860000000000000 + i));
    }
  })();
  db.close();
}

it('0009 moves the account cache out of an existing single-file counter.db, with the data in place', () => {
  const file = path.join(dir, 'counter.db');
  singleFileLedger(file, 5000);
  const before = fs.statSync(file).size;
  const { db, cacheFile } = openTerminalDatabase({ file });
  expect(cacheFile).toBe(path.join(dir, 'counter.cache.db'));
  expect(db.pragma('main.user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length); // through 0009 and on to the newest
  // the ledger keeps its own tables and rows, and no longer has the cache's
  const ledgerTables = (db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  for (const t of ['accounts', 'devices', 'plans', 'store_keys']) expect(ledgerTables).not.toContain(t);
  expect(db.prepare('SELECT receipt_no FROM main.sales').all()).toEqual([{ receipt_no: 'R1' }]);
  // the cache file has them, devices with their account's ID hash
  expect(db.prepare('SELECT count(*) AS n FROM cache.accounts').get()).toEqual({ n: 5000 });
  expect(db.prepare('SELECT count(*) AS n FROM cache.devices WHERE id_hash = ?').get(HASH)).toEqual({ n: 5000 });
  expect(db.prepare('SELECT code FROM cache.plans').all()).toEqual([{ code: 'P1' }]);
  expect(db.prepare('SELECT key_id FROM cache.store_keys').all()).toEqual([{ key_id: 'k1' }]);
  const row = createAccountRepo(db).findAccountByIdHashAndDevice(HASH, '860000000004999');
  expect(row).toMatchObject({ account_id: 'A4999', device_id: 'D4999', holder_name: '王*芳', device_count: 1 });
  // the cursor and the import state stay valid: the ledger knows which cache file holds the rows
  const kv = createKvRepo(db);
  expect(kv.get(CACHE_ID_KEY)).toBe(attachedCacheId(db));
  expect(kv.get('hq.cursor')).toBe(42);
  expect(db.pragma('main.integrity_check', { simple: true })).toBe('ok');
  db.close();
  // the moved pages were given back
  expect(fs.statSync(file).size).toBeLessThan(before / 2);
  // a backup of the ledger holds no cache
  const again = openTerminalDatabase({ file });
  expect(again.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 5000 });
  again.db.close();
});

it('0009 on a backup restored over a split ledger: the cache in place is kept, the old copy dropped', () => {
  const file = path.join(dir, 'counter.db');
  const { db } = openTerminalDatabase({ file });
  createAccountRepo(db).saveAccount({
    accountId: 'NEW', holderName: 'x', idHash: HASH, keyId: 'k1', idMasked: 'm', version: 1, updatedAt: '2026-01-01T00:00:00.000Z',
    devices: [{ deviceId: 'DN', kind: 'imei', number: '860000000000009', subscription: { planCode: 'P1', expiresAt: '2027-01-01T00:00:00.000Z', dataQuotaMb: 1, dataUsedMb: 0, usageAsOf: '2026-01-01T00:00:00.000Z', status: 'active' } }],
  });
  db.close();
  const old = path.join(dir, 'old.db');
  singleFileLedger(old, 3);
  fs.copyFileSync(old, file);
  const { db: restored } = openTerminalDatabase({ file });
  expect(restored.prepare('SELECT account_id FROM accounts').all()).toEqual([{ account_id: 'NEW' }]);
  expect(restored.prepare("SELECT count(*) AS n FROM main.sqlite_master WHERE name = 'accounts'").get()).toEqual({ n: 0 });
  restored.close();
});

it('a damaged cache file is moved aside and replaced by an empty one; the ledger opens as before', () => {
  const file = path.join(dir, 'counter.db');
  const first = openTerminalDatabase({ file });
  const id = attachedCacheId(first.db);
  first.db.close();
  fs.writeFileSync(first.cacheFile, Buffer.alloc(8192, 0x5a)); // fault injected on purpose: not a database
  const { db, cache } = openTerminalDatabase({ file });
  expect(cache.damaged).not.toBeNull();
  expect(fs.existsSync(`${first.cacheFile}.damaged`)).toBe(true);
  expect(attachedCacheId(db)).not.toBe(id);
  expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
  db.close();
});
