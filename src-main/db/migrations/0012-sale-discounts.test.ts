import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTerminalDb } from '../terminal-db';
import { TERMINAL_MIGRATIONS } from '.';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-m12-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('0012 adds sale_discounts to a v11 ledger, keeping its rows; a discount must take something off', () => {
  const file = path.join(dir, 'counter.db');
  const at = TERMINAL_MIGRATIONS.findIndex((m) => m.name === '0012-sale-discounts');
  // a ledger as schema v11 left it
  const v11 = openTerminalDb(file);
  v11.exec('DROP TABLE sale_discounts');
  v11.pragma(`main.user_version = ${at}`);
  v11.prepare("INSERT INTO kv (key, value) VALUES ('x', '1')").run();
  v11.close();
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
