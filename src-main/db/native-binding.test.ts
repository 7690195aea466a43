/**
 * Issue 10, item 7: COUNTER_SQLITE_BINDING (a native library path that better-sqlite3 loads into the
 * process) is honoured only in a development build. Checked with a real SQLite open: in development a
 * bogus binding really is loaded (and fails), in production it is ignored and the database opens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-node/db/connection';
import { openTerminalDb } from './terminal-db';
import { TERMINAL_MIGRATIONS } from './migrations';
import { isDevelopmentBuild, resolveNativeBinding } from '../../src-node/db/native-binding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-binding-'));
const evil = path.join(dir, 'evil', 'better_sqlite3.node');
const saved = { binding: process.env.COUNTER_SQLITE_BINDING, nodeEnv: process.env.NODE_ENV, appRoot: process.env.COUNTER_APP_ROOT };
function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
afterEach(() => {
  restore('COUNTER_SQLITE_BINDING', saved.binding);
  restore('NODE_ENV', saved.nodeEnv);
  restore('COUNTER_APP_ROOT', saved.appRoot);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('COUNTER_SQLITE_BINDING only in development builds', () => {
  it('development (a source checkout, NODE_ENV not production): the override is used — a bogus library fails the open', () => {
    process.env.COUNTER_SQLITE_BINDING = evil;
    process.env.NODE_ENV = 'development';
    expect(resolveNativeBinding()).toBe(evil);
    expect(() => openDatabase({ file: path.join(dir, 'dev.db'), migrations: TERMINAL_MIGRATIONS })).toThrowError(expect.objectContaining({ code: 'DB_OPEN_FAILED' }));
  });

  it('production (NODE_ENV=production): the override is ignored and the real SQLite opens', () => {
    process.env.COUNTER_SQLITE_BINDING = evil;
    process.env.NODE_ENV = 'production';
    expect(resolveNativeBinding()).toBeUndefined();
    const db = openTerminalDb(path.join(dir, "prod.db"));
    expect((db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
    db.close();
  });

  it('a packaged Electron app is never a development build, whatever NODE_ENV says', () => {
    expect(isDevelopmentBuild({ nodeEnv: undefined, electron: '40.9.3', defaultApp: undefined, dirname: '/opt/Counter Terminal/resources/app.asar/dist/main' })).toBe(false);
    expect(isDevelopmentBuild({ nodeEnv: undefined, electron: '40.9.3', defaultApp: undefined, dirname: '/work/main/dist/main' })).toBe(false);
    expect(isDevelopmentBuild({ nodeEnv: 'development', electron: '40.9.3', defaultApp: undefined, dirname: '/work/main/dist/main' })).toBe(false);
    // `npm start` runs `electron <repo>`: Electron's default app, a development build
    expect(isDevelopmentBuild({ nodeEnv: undefined, electron: '40.9.3', defaultApp: true, dirname: '/work/main/dist/main' })).toBe(true);
    expect(isDevelopmentBuild({ nodeEnv: 'production', electron: '40.9.3', defaultApp: true, dirname: '/work/main/dist/main' })).toBe(false);
    expect(isDevelopmentBuild({ nodeEnv: undefined, electron: undefined, defaultApp: undefined, dirname: '/work/main/dist/main' })).toBe(true);
    expect(isDevelopmentBuild({ nodeEnv: 'production', electron: undefined, defaultApp: undefined, dirname: '/work/main/dist/main' })).toBe(false);
  });
});
