/**
 * Issue 17 item 5: the outbox survives an update. A ledger written by the previous version — built here at an
 * older schema step (TERMINAL_MIGRATIONS up to OLD_VERSION) holding a terminal's real sales made while HQ was
 * down, their outbox events still pending — opens with the current code (migrated forward, nothing lost), and
 * its pending events then sync to a real reference HQ, each sale once.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src-node/db/connection';
import { cacheAttachment } from '../db/cache-db';
import { countSync, startSyncRig, waitFor, type SyncRig } from '../../test-support/sync-harness';
import { createCounterApp, type CounterApp } from '../app';
import { TERMINAL_MIGRATIONS } from '../db/migrations';
import { createSaleRepo } from '../db/repos/sale-repo';

/** The schema the previous release shipped with (before 0011-sale-refunds). */
const OLD_VERSION = 10;

/** `file` rebuilt as a ledger at schema OLD_VERSION with the same rows (the columns that version has). */
function downgradeLedger(file: string, out: string): void {
  // a throwaway account cache for building it (the terminal's own cache file stays as it is)
  const db = openDatabase({ file: out, migrations: TERMINAL_MIGRATIONS.slice(0, OLD_VERSION), attach: cacheAttachment(`${out}.scratch-cache.db`) });
  db.pragma('foreign_keys = OFF');
  db.exec(`ATTACH DATABASE '${file.replace(/'/g, "''")}' AS cur`);
  const tables = (db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  db.transaction(() => {
    for (const t of tables) {
      const cols = (name: string, schema: string) => (db.prepare(`PRAGMA ${schema}.table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      const have = new Set(cols(t, 'cur'));
      if (have.size === 0) continue;
      const shared = cols(t, 'main').filter((c) => have.has(c)).map((c) => `"${c}"`).join(', ');
      db.exec(`DELETE FROM main."${t}"; INSERT INTO main."${t}" (${shared}) SELECT ${shared} FROM cur."${t}";`);
    }
  })();
  db.exec('DETACH DATABASE cur');
  expect(db.pragma('user_version', { simple: true })).toBe(OLD_VERSION);
  expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sale_refunds'").get()).toEqual({ n: 0 });
  db.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${out}.scratch-cache.db${suffix}`, { force: true });
  // one file, as the previous version left it after a clean shutdown
  const single = new Database(out);
  single.pragma('wal_checkpoint(TRUNCATE)');
  single.close();
}

let rig: SyncRig | null = null;
let upgraded: CounterApp | null = null;
afterEach(async () => {
  await upgraded?.close();
  upgraded = null;
  if (rig) await rig.close().catch(() => undefined);
  rig = null;
});

it('a ledger of the previous version with pending events opens with the current code and its events sync once', async () => {
  rig = await startSyncRig();
  await rig.signIn();
  await rig.stopHq();
  const saleIds = await rig.makeSales(3);
  expect(rig.counts(saleIds)).toMatchObject({ pending: 3, outboxPending: 3 });
  await rig.app.close();

  // the "previous version's" ledger in place of the current one
  const old = path.join(rig.dir, 'previous-version.db');
  downgradeLedger(rig.dbFile, old);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(rig.dbFile + suffix, { force: true });
  fs.renameSync(old, rig.dbFile);
  {
    const check = new Database(rig.dbFile, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(OLD_VERSION);
    expect(check.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 3 });
    check.close();
  }

  // HQ is back; the current code opens the old ledger
  await rig.startHqAgain();
  upgraded = createCounterApp({
    dataDir: path.dirname(rig.dbFile),
    dbFile: rig.dbFile,
    hq: { url: rig.proxy.url, token: rig.hq.demoTerminalToken ?? '' },
    local: { printerTarget: 'tcp://127.0.0.1:9', printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' },
    logger: pino({ level: 'silent' }),
    pullIntervalMs: 60_000,
  });
  expect(upgraded.fatal).toBeNull();
  const ctx = upgraded.ctx!;
  expect(ctx.db.pragma('main.user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length);
  expect(ctx.db.pragma('main.integrity_check', { simple: true })).toBe('ok');
  const sales = createSaleRepo(ctx.db);
  const counts = () => countSync(rig!.hq, saleIds, (id) => sales.findSaleById(id), ctx.repos.outbox);
  await waitFor('the old ledger\'s events to reach HQ', () => counts().confirmed === 3);
  expect(counts()).toMatchObject({ sales: 3, hqSaleRows: 3, hqDistinctSales: 3, hqMaxRowsPerSale: 1, confirmed: 3, pending: 0, dead: 0, outboxPending: 0 });
});
