import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTerminalDb } from '../terminal-db';
import { TERMINAL_MIGRATIONS } from '.';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-m13-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('0013 adds sale_discounts to a v12 ledger, keeping its rows; a discount must take something off', () => {
  const file = path.join(dir, 'counter.db');
  const at = TERMINAL_MIGRATIONS.findIndex((m) => m.name === '0013-sale-discounts');
  // a ledger as schema v12 left it
  const v12 = openTerminalDb(file);
  // (and without the tables of later versions)
  v12.exec('DROP TABLE sale_invoice_requests; DROP TABLE sale_discounts');
  v12.pragma(`main.user_version = ${at}`);
  v12.prepare("INSERT INTO kv (key, value) VALUES ('x', '1')").run();
  v12.close();
  const db = openTerminalDb(file);
  expect(db.pragma('main.user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length);
  expect(db.prepare("SELECT value FROM kv WHERE key = 'x'").get()).toEqual({ value: '1' });
  db.pragma('foreign_keys = OFF');
  const add = db.prepare("INSERT INTO sale_discounts VALUES ('s1', ?, 'DEC20', 'percentOff', '八折', '20% off', ?, 3)");
  add.run(1, 1_680);
  expect(() => add.run(2, 0)).toThrow(/CHECK/);
  expect(db.prepare('SELECT promotion_id, discount_fen, promotion_set_version FROM sale_discounts').all()).toEqual([{ promotion_id: 'DEC20', discount_fen: 1_680, promotion_set_version: 3 }]);
  db.close();
});
