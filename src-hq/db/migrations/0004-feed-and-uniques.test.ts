import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../src-node/db/connection';
import { HQ_MIGRATIONS } from '.';

it('HQ migration 0004 starts the feed head at the last position handed out and frees numbers held by SEQUENCE_USED refusals', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-mig4-'));
  const file = path.join(dir, 'hq.db');
  const before = new Database(file);
  migrate(before, HQ_MIGRATIONS.slice(0, 3));
  before.exec(`
    INSERT INTO stores VALUES ('s1', 'S001', 'store', '', '', 'Asia/Shanghai', '{}', '2026-01-01T00:00:00Z');
    INSERT INTO terminals (terminal_id, store_id, code, name, token_sha256, active, config_json, created_at)
      VALUES ('t1', 's1', 'T01', 'T01', 'x', 1, '{}', '2026-01-01T00:00:00Z');
    INSERT INTO change_log (kind, op, entity_id, data_json, created_at) VALUES ('plan', 'upsert', 'M30G', '{}', 'x'), ('plan', 'upsert', 'M30G', '{}', 'x');
    DELETE FROM change_log;
    INSERT INTO events VALUES ('e1', 't1', 5, 'sale.renewal', 'h1', '{}', 'confirmed', '{"status":"confirmed"}', 'x');
    INSERT INTO events VALUES ('e2', 't1', 5, 'sale.renewal', 'h2', '{"terminalSeq":5}', 'rejected', '{"status":"rejected","code":"SEQUENCE_USED"}', 'x');`);
  before.close();
  const db = openDatabase({ file, migrations: HQ_MIGRATIONS.slice(0, 4) });
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT head FROM feed_head').get()).toEqual({ head: 2 });
    expect(db.prepare('SELECT event_id, terminal_seq FROM events ORDER BY event_id').all()).toEqual([
      { event_id: 'e1', terminal_seq: 5 },
      { event_id: 'e2', terminal_seq: null },
    ]);
    expect(() => db.prepare("INSERT INTO events VALUES ('e3', 't1', 5, 'x', 'h', '{}', 'confirmed', '{}', 'x')").run()).toThrow(/UNIQUE/);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
