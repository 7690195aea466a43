import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../src-node/db/connection';
import { HQ_MIGRATIONS } from '.';

it('HQ migration 0003-clerk-unlock migrates 0002 -> 0003 with a clerk in place (never unlocked)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-mig3-'));
  const file = path.join(dir, 'hq.db');
  const before = new Database(file);
  migrate(before, HQ_MIGRATIONS.slice(0, 2));
  before.exec(`
    INSERT INTO stores VALUES ('s1', 'S001', 'store', '', '', 'Asia/Shanghai', '{}', '2026-01-01T00:00:00Z');
    INSERT INTO clerks (clerk_id, store_id, code, name, role, pin_hash, active, updated_at)
      VALUES ('S001-9001', 's1', '9001', '李强', 'supervisor', 'scrypt$1$1$1$a$b', 1, '2026-01-01T00:00:00Z');`);
  before.close();
  const db = openDatabase({ file, migrations: HQ_MIGRATIONS.slice(0, 3) });
  expect(db.pragma('user_version', { simple: true })).toBe(3);
  expect(db.prepare('SELECT clerk_id, name, unlocked_at FROM clerks').all()).toEqual([{ clerk_id: 'S001-9001', name: '李强', unlocked_at: null }]);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
