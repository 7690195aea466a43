import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../src-node/db/connection';
import { TERMINAL_MIGRATIONS } from '.';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-m7-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('0007 moves the old never-ending locks and counts to pin_guards (a lock becomes 1 minute), with the clerks in place', () => {
  const file = path.join(dir, 'm.db');
  const before = new Database(file);
  migrate(before, TERMINAL_MIGRATIONS.slice(0, 6));
  const add = before.prepare("INSERT INTO clerks (clerk_id, code, name, role, pin_hash, failed_pins, locked_at) VALUES (?, ?, ?, 'clerk', 'scrypt$1$1$1$a$b', ?, ?)");
  add.run('c1', '1001', '王芳', 5, '2026-11-25T02:00:00.000Z');
  add.run('c2', '1002', '赵磊', 2, null);
  add.run('c3', '1003', '张三', 0, null);
  before.close();
  const db = openDatabase({ file, migrations: TERMINAL_MIGRATIONS.slice(0, 7) });
  expect(db.pragma('user_version', { simple: true })).toBe(7);
  expect(db.prepare('SELECT clerk_id, name, hq_unlocked_at FROM clerks ORDER BY clerk_id').all()).toEqual([
    { clerk_id: 'c1', name: '王芳', hq_unlocked_at: null },
    { clerk_id: 'c2', name: '赵磊', hq_unlocked_at: null },
    { clerk_id: 'c3', name: '张三', hq_unlocked_at: null },
  ]);
  expect(db.prepare('SELECT * FROM pin_guards ORDER BY subject').all()).toEqual([
    { subject: 'clerk:c1', failures: 5, lockouts: 1, locked_until: '2026-11-25T02:01:00.000Z' },
    { subject: 'clerk:c2', failures: 2, lockouts: 0, locked_until: null },
  ]);
  db.close();
});
