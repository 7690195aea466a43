import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/contract/errors';
import { backupIfDue, migrate, openDatabase, rotateBackup, type Migration } from '../../src-node/db/connection';
import { openTerminalDb } from './terminal-db';
import { cacheAttachment, cacheFileFor } from './cache-db';
import { TERMINAL_MIGRATIONS } from './migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openTerminalDb(path.join(dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length);
    db.close();
  });

  it('refuses a database newer than the app, with a clear error, and leaves it untouched', () => {
    const file = path.join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${TERMINAL_MIGRATIONS.length + 1}`);
    raw.close();
    let caught: unknown;
    try {
      openTerminalDb(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('DB_TOO_NEW');
    expect((caught as AppError).params).toEqual({ fileVersion: TERMINAL_MIGRATIONS.length + 1, appVersion: TERMINAL_MIGRATIONS.length });
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length + 1);
    check.close();
  });

  it('reports a damaged file as DB_CORRUPT', () => {
    const file = path.join(dir, 'bad.db');
    const db = openTerminalDb(file);
    const insert = db.prepare("INSERT INTO kv (key, value) VALUES (?, '\"x\"')");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`key-${i}-${'y'.repeat(100)}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16384, 0x5a), 0, undefined, 8192); // fault injected on purpose
    fs.closeSync(fd);
    let code = '';
    try {
      openTerminalDb(file).close();
    } catch (err) {
      code = (err as AppError).code;
    }
    expect(['DB_CORRUPT', 'DB_OPEN_FAILED']).toContain(code);
  });
});

describe('migrations', () => {
  const m1: Migration = { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE t (a INTEGER)') };
  const failing: Migration = {
    version: 2,
    name: 'two',
    up: (db) => {
      db.exec('ALTER TABLE t ADD COLUMN b INTEGER');
      throw new Error('boom');
    },
  };

  it('runs each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const db = new Database(path.join(dir, 'm.db'));
    migrate(db, [m1]);
    db.prepare('INSERT INTO t (a) VALUES (1)').run();
    expect(() => migrate(db, [m1, failing])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT * FROM t').all()).toEqual([{ a: 1 }]);
    db.close();
  });

  it('refuses a list with a gap in versions', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ ...m1, version: 2 }])).toThrow(/expected 1/);
    db.close();
  });

  it.each(TERMINAL_MIGRATIONS.slice(1).map((m) => [m.name, m.version] as const))(
    'terminal %s migrates N-1 -> N with data in place',
    (_name, version) => {
      const file = path.join(dir, `n-${version}.db`);
      // from 0009 on the ledger needs the account cache attached to migrate (0009 moved tables into it)
      const before =
        version - 1 >= 9 ? openDatabase({ file, migrations: TERMINAL_MIGRATIONS.slice(0, version - 1), attach: cacheAttachment(cacheFileFor(file)) }) : new Database(file);
      if (version - 1 < 9) migrate(before, TERMINAL_MIGRATIONS.slice(0, version - 1));
      // data written at N-1 must survive N
      before.prepare("INSERT INTO kv (key, value) VALUES ('probe', '\"kept\"')").run();
      before
        .prepare("INSERT INTO clerks (clerk_id, code, name, role, pin_hash) VALUES ('c1', '1001', '王芳', 'clerk', 'scrypt$1$1$1$a$b')")
        .run();
      before.close();
      const db = openDatabase({ file, migrations: TERMINAL_MIGRATIONS.slice(0, version), attach: cacheAttachment(cacheFileFor(file)) });
      expect(db.pragma('user_version', { simple: true })).toBe(version);
      expect(db.prepare("SELECT value FROM kv WHERE key = 'probe'").get()).toEqual({ value: '"kept"' });
      expect(db.prepare('SELECT name FROM clerks').get()).toEqual({ name: '王芳' });
      db.close();
    },
  );
});

describe('rotateBackup', () => {
  it('writes a readable copy with the online backup API and keeps only the newest N', async () => {
    const db = openTerminalDb(path.join(dir, 'counter.db'));
    db.prepare("INSERT INTO kv (key, value) VALUES ('k', '1')").run();
    const backups = path.join(dir, 'backups');
    for (let i = 0; i < 4; i++) await rotateBackup(db, backups, 2, new Date(Date.UTC(2026, 10, 25, 10, 0, i)));
    const files = fs.readdirSync(backups).sort();
    expect(files).toEqual(['counter-20261125-100002.db', 'counter-20261125-100003.db']);
    const copy = new Database(path.join(backups, files[1]!), { readonly: true });
    expect(copy.prepare("SELECT value FROM kv WHERE key = 'k'").get()).toEqual({ value: '1' });
    copy.close();
    db.close();
  });
});

describe('backupIfDue', () => {
  it('writes at most one start-up backup per interval', async () => {
    const db = openTerminalDb(path.join(dir, 'counter.db'));
    const backups = path.join(dir, 'backups');
    expect(await backupIfDue(db, backups, 7, 3_600_000)).not.toBeNull();
    expect(await backupIfDue(db, backups, 7, 3_600_000)).toBeNull();
    expect(fs.readdirSync(backups)).toHaveLength(1);
    expect(await backupIfDue(db, backups, 7, 3_600_000, new Date(Date.now() + 2 * 3_600_000))).not.toBeNull();
    expect(fs.readdirSync(backups)).toHaveLength(2);
    db.close();
  });
});
