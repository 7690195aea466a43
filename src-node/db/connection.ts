import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { resolveNativeBinding } from './native-binding';
import { diskFullError, isStorageError, whyNotWritable } from './storage-errors';

export type Db = Database.Database;

/** One forward-only schema step. `version` is written to `PRAGMA user_version` in the same transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export interface OpenDatabaseOptions {
  file: string;
  migrations: readonly Migration[];
  /** Path to a better_sqlite3.node built for the running ABI (Electron vs Node); undefined = package default. */
  nativeBinding?: string | undefined;
  /** Skip the start-up integrity check (benchmarks on throwaway files only). */
  skipQuickCheck?: boolean;
  /**
   * A second file ATTACHed under `schema` before `migrations` run (the rebuildable account cache, see
   * cache-db.ts): its own migrations, lighter pragmas, and no start-up integrity check.
   */
  attach?: AttachedFile;
}

export interface AttachedFile {
  schema: string;
  file: string;
  /** Open (migrating, replacing a damaged file) and ATTACH it; called with the main connection. */
  attach(db: Db): void;
}

export const DURABILITY_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

/** Open (creating if needed) a SQLite file with the durability pragmas, check it, and migrate it. */
export function openDatabase(options: OpenDatabaseOptions): Db {
  // a full or read-only data folder is named as such before SQLite says something vaguer
  const notWritable = whyNotWritable(path.dirname(options.file));
  if (notWritable && isStorageError(notWritable)) throw diskFullError(path.dirname(options.file), notWritable);
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const dbOptions: Database.Options = {};
  const nativeBinding = options.nativeBinding ?? resolveNativeBinding();
  if (nativeBinding) dbOptions.nativeBinding = nativeBinding;
  let db: Db;
  try {
    db = new Database(options.file, dbOptions);
  } catch (err) {
    throw new AppError({
      code: 'DB_OPEN_FAILED',
      messageKey: 'errors:dbOpenFailed',
      params: { file: options.file, reason: (err as Error).message },
    });
  }
  try {
    applyPragmas(db);
    if (!options.skipQuickCheck) assertQuickCheck(db, options.file);
    options.attach?.attach(db);
    migrate(db, options.migrations);
    return db;
  } catch (err) {
    db.close();
    throw explainOpenFailure(options.file, err);
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Why a database could not be opened, as the error model: disk full / read-only, a damaged header, a
 * truncated file, page damage, or (anything else) DB_OPEN_FAILED with SQLite's words.
 */
export function explainOpenFailure(file: string, err: unknown): unknown {
  if (isStorageError(err)) return diskFullError(path.dirname(file), err);
  const code = (err as { code?: unknown }).code;
  const damaged = (err instanceof AppError && err.code === 'DB_CORRUPT') || (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code));
  if (!damaged) {
    if (err instanceof AppError) return err;
    return new AppError({ code: 'DB_OPEN_FAILED', messageKey: 'errors:dbOpenFailed', params: { file, reason: (err as Error).message } });
  }
  const reason = err instanceof AppError ? String(err.params?.reason ?? err.message) : (err as Error).message;
  let header = Buffer.alloc(0);
  let size = 0;
  try {
    size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(Math.min(100, size));
      fs.readSync(fd, header, 0, header.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* unreadable: reported as damage below */
  }
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    return new AppError({ code: 'DB_CORRUPT', messageKey: 'errors:dbHeaderDamaged', params: { file, reason } });
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const sizeValid = header.readUInt32BE(24) === header.readUInt32BE(92); // the in-header size is current
  if (sizeValid && pageCount > 0 && size < pageSize * pageCount) {
    return new AppError({ code: 'DB_CORRUPT', messageKey: 'errors:dbTruncated', params: { file, expectedBytes: pageSize * pageCount, actualBytes: size } });
  }
  return err instanceof AppError ? err : corrupt(file, reason);
}

export function applyPragmas(db: Db): void {
  db.pragma(`busy_timeout = ${DURABILITY_PRAGMAS.busy_timeout}`);
  db.pragma(`journal_mode = ${DURABILITY_PRAGMAS.journal_mode}`);
  db.pragma(`synchronous = ${DURABILITY_PRAGMAS.synchronous}`);
  db.pragma(`foreign_keys = ${DURABILITY_PRAGMAS.foreign_keys === 1 ? 'ON' : 'OFF'}`);
}

function assertQuickCheck(db: Db, file: string): void {
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('main.quick_check') as { quick_check: string }[];
  } catch (err) {
    throw corrupt(file, (err as Error).message);
  }
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw corrupt(file, problems.slice(0, 3).join('; '));
}

function corrupt(file: string, reason: string): AppError {
  return new AppError({ code: 'DB_CORRUPT', messageKey: 'errors:dbCorrupt', params: { file, reason } });
}

/** Run every migration above the file's `user_version`, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError({
      code: 'DB_TOO_NEW',
      messageKey: 'errors:dbTooNew',
      params: { fileVersion: current, appVersion: latest },
    });
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/**
 * Copy the live database with SQLite's online backup API into `dir`, keeping the newest `keep`
 * copies. Runs in the background; the caller logs the outcome.
 */
export async function rotateBackup(db: Db, dir: string, keep: number, now: Date = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const base = path.basename(db.name, path.extname(db.name));
  const target = path.join(dir, `${base}-${stamp}.db`);
  await db.backup(target);
  const old = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.db'))
    .sort()
    .reverse()
    .slice(keep);
  for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  return target;
}

/**
 * The start-up backup: at most one per `minIntervalMs` (default a day), so restarts do not push the
 * older copies out and a large cache is not copied again and again. Returns the file, or null when skipped.
 */
export async function backupIfDue(db: Db, dir: string, keep: number, minIntervalMs = 24 * 3_600_000, now: Date = new Date()): Promise<string | null> {
  const base = path.basename(db.name, path.extname(db.name));
  const newest = fs.existsSync(dir)
    ? Math.max(0, ...fs.readdirSync(dir).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.db')).map((f) => fs.statSync(path.join(dir, f)).mtimeMs))
    : 0;
  if (newest > 0 && now.getTime() - newest < minIntervalMs) return null;
  return rotateBackup(db, dir, keep, now);
}

/** Run a bulk write with a larger page cache, then give the memory back (the terminal's RSS stays small). */
export async function withLargePageCache<T>(db: Db, kib: number, fn: () => Promise<T>): Promise<T> {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.abs(kib)}`);
  try {
    return await fn();
  } finally {
    if (db.open) {
      db.pragma(`cache_size = ${previous}`);
      db.pragma('shrink_memory');
    }
  }
}
