/**
 * The account cache in its own SQLite file (issue 12 item 1). Accounts, devices and the catalog copy
 * (plans, store keys) are rebuildable from HQ, so they live beside the ledger in `<ledger>.cache.db`,
 * ATTACHed to the ledger's connection as schema `cache`:
 * - unqualified table names resolve to it (the ledger has no tables of those names since migration 0009),
 *   so repos and cross-file transactions (a sale updates the device's provisional subscription) keep one
 *   connection and one `db.transaction`; each file commits atomically on its own (WAL), the pair is not
 *   atomic across a crash — acceptable, the cache is corrected by the next pull from HQ;
 * - synchronous=NORMAL (a power cut may lose the newest cache writes; never money), mmap for reads;
 * - not in the start-up quick_check (a background worker checks it, see cache-check.ts) and not in the
 *   backups (`db.backup` copies `main` only);
 * - a damaged or unreadable cache file is moved aside and replaced by an empty one; a cache id in the
 *   file, mirrored in the ledger's kv, tells the app that the cache it had is gone (cursor reset, re-import).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachedFile, Db, Migration } from '../../src-node/db/connection';
import { migrate } from '../../src-node/db/connection';
import { resolveNativeBinding } from '../../src-node/db/native-binding';

export const CACHE_SCHEMA = 'cache';
/** The cache file's id in its own `cache_meta` table, and the ledger's kv key that remembers it. */
export const CACHE_ID_KEY = 'cache.id';
/**
 * Bytes of the cache file read through mmap (no pread syscall, no copy into SQLite's page cache).
 * COUNTER_CACHE_MMAP_MB overrides (0 turns it off): every mapped page a lookup touches counts in the
 * process's RSS, and Linux maps 64 KiB around each fault (docs/performance.md).
 */
export const CACHE_MMAP_BYTES = mmapBytes(process.env.COUNTER_CACHE_MMAP_MB);

function mmapBytes(env: string | undefined): number {
  const mb = env === undefined || env === '' ? 1024 : Number(env);
  return Number.isFinite(mb) && mb >= 0 ? Math.floor(mb * 1024 * 1024) : 1024 * 1024 * 1024;
}

/**
 * Device indexes, created by the cache migration and, for an import's shadow file, after the bulk load.
 * `devices_lookup` covers the lookup query: the device part of a lookup is one descent of this index
 * (number and the ID hash on the device row), the account one descent of its primary key.
 */
export const CACHE_DEVICE_INDEXES: readonly string[] = [
  'CREATE UNIQUE INDEX devices_by_id ON devices(device_id)',
  'CREATE INDEX devices_by_account ON devices(account_id)',
  // the ID-only lookup (cache v3): the devices of the holder of an ID hash
  'CREATE INDEX devices_by_id_hash ON devices(id_hash)',
  `CREATE INDEX devices_lookup ON devices(number, id_hash, account_id, device_id, kind, plan_code, expires_at,
     data_quota_mb, data_used_mb, usage_as_of, status, status_reason, status_reason_code)`,
];

/** Promotions pulled with the catalog (cache v3): the protocol record; the set version is in cache_meta. */
const PROMOTIONS_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS promotions (
    promotion_id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    set_version INTEGER NOT NULL
  ) STRICT;
`;

/** The cache's tables without the device indexes (the shadow import loads into these, then indexes). */
export const CACHE_TABLES_SQL = `
  CREATE TABLE cache_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE store_keys (
    key_id TEXT PRIMARY KEY,
    key_base64 TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE plans (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    data_quota_mb INTEGER NOT NULL,
    device_kind TEXT NOT NULL CHECK (device_kind IN ('imei', 'iccid')),
    terms TEXT NOT NULL,
    active INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    holder_name TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    key_id TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    status TEXT,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    device_count INTEGER NOT NULL DEFAULT 1
  ) STRICT, WITHOUT ROWID;

  -- a rowid table: a snapshot appends to it in stream order; the indexes above find the rows
  CREATE TABLE devices (
    device_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    id_hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('imei', 'iccid')),
    number TEXT NOT NULL,
    plan_code TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    data_quota_mb INTEGER NOT NULL,
    data_used_mb INTEGER NOT NULL,
    usage_as_of TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'cancelled')),
    status_reason TEXT,
    -- HQ's reason as a code the terminal translates (cache v2); status_reason is HQ's text, the fallback
    status_reason_code TEXT
  ) STRICT;
${PROMOTIONS_TABLE_SQL}`;

/** The cache file's own schema versions (its `user_version`), independent of the ledger's. */
export const CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cache-0001-accounts',
    up(db) {
      db.exec(CACHE_TABLES_SQL);
      for (const sql of CACHE_DEVICE_INDEXES) db.exec(sql);
      db.prepare('INSERT INTO cache_meta (key, value) VALUES (?, ?)').run(CACHE_ID_KEY, randomUUID());
    },
  },
  {
    // v1 creates today's tables, so a file made by v1 now already has the column: only older files change
    version: 2,
    name: 'cache-0002-status-reason-code',
    up(db) {
      const cols = db.prepare<[], { name: string }>('PRAGMA table_info(devices)').all();
      if (cols.some((c) => c.name === 'status_reason_code')) return;
      db.exec('ALTER TABLE devices ADD COLUMN status_reason_code TEXT');
      db.exec('DROP INDEX devices_lookup');
      for (const sql of CACHE_DEVICE_INDEXES) if (sql.includes('devices_lookup')) db.exec(sql);
    },
  },
  {
    // the ID-only lookup (issue 15 item 1); v1 creates it in a new file already
    version: 3,
    name: 'cache-0003-devices-by-id-hash',
    up(db) {
      db.exec('CREATE INDEX IF NOT EXISTS devices_by_id_hash ON devices(id_hash)');
    },
  },
  {
    // promotions with the catalog (issue 14 item 1); v1 creates it in a new file, so IF NOT EXISTS
    version: 4,
    name: 'cache-0004-promotions',
    up(db) {
      db.exec(PROMOTIONS_TABLE_SQL);
    },
  },
];

/** `counter.db` → `counter.cache.db` beside it. */
export function cacheFileFor(ledgerFile: string): string {
  const ext = path.extname(ledgerFile);
  return path.join(path.dirname(ledgerFile), `${path.basename(ledgerFile, ext)}.cache${ext || '.db'}`);
}

function openRaw(file: string, nativeBinding?: string): Db {
  const binding = nativeBinding ?? resolveNativeBinding();
  return new Database(file, binding ? { nativeBinding: binding } : {});
}

/** Remove a database file and its WAL companions. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** Keep a damaged cache for inspection (only the newest one) and clear the way for a fresh file. */
function moveAside(file: string): string {
  const aside = `${file}.damaged`;
  removeDatabaseFiles(aside);
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

export interface PreparedCache {
  /** The file was created now (new terminal, deleted or damaged cache). */
  created: boolean;
  /** Set when a damaged file was moved aside: why. */
  damaged: string | null;
}

/** Make sure `file` is a usable cache at the current schema: migrate it, or replace it when it cannot be read. */
export function prepareCacheFile(file: string, nativeBinding?: string): PreparedCache {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let damaged: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
    let db: Db | undefined;
    try {
      db = openRaw(file, nativeBinding);
      db.pragma('journal_mode = wal');
      db.pragma('synchronous = NORMAL');
      migrate(db, CACHE_MIGRATIONS);
      db.prepare('SELECT count(*) FROM cache_meta').get(); // reads a page beyond the header
      db.close();
      return { created: !existed, damaged };
    } catch (err) {
      db?.close();
      const code = (err as { code?: unknown }).code;
      // an unreadable file or a cache from a newer app: it is only a cache, so a fresh one replaces it
      const replaceable = code === 'DB_TOO_NEW' || (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code));
      if (!replaceable || attempt > 0) throw err;
      damaged = (err as Error).message;
      moveAside(file);
    }
  }
  throw new Error(`cache file ${file} could not be created`);
}

/** ATTACH the cache to the ledger's connection, with the cache's pragmas. */
export function attachCacheFile(db: Db, file: string): void {
  db.prepare(`ATTACH DATABASE ? AS ${CACHE_SCHEMA}`).run(file);
  db.pragma(`${CACHE_SCHEMA}.synchronous = NORMAL`);
  db.pragma(`${CACHE_SCHEMA}.mmap_size = ${CACHE_MMAP_BYTES}`);
}

export function detachCache(db: Db): void {
  db.exec(`DETACH DATABASE ${CACHE_SCHEMA}`);
}

/** The attachment openDatabase uses for the terminal ledger; `last` records what prepare found. */
export function cacheAttachment(file: string, nativeBinding?: string): AttachedFile & { last: PreparedCache | null } {
  const a: AttachedFile & { last: PreparedCache | null } = {
    schema: CACHE_SCHEMA,
    file,
    last: null,
    attach(db: Db) {
      a.last = prepareCacheFile(file, nativeBinding);
      attachCacheFile(db, file);
    },
  };
  return a;
}

/** The id of the attached cache file. */
export function attachedCacheId(db: Db): string {
  const row = db.prepare<[string], { value: string }>(`SELECT value FROM ${CACHE_SCHEMA}.cache_meta WHERE key = ?`).get(CACHE_ID_KEY);
  return row?.value ?? '';
}

/**
 * Put `replacement` (a finished cache file, closed) in place of the attached cache, or — with null — a
 * fresh empty cache (the old one moved aside as damaged). Synchronous: no statement runs in between.
 * No other connection may have the cache open (the background check is awaited by the callers).
 */
export function replaceAttachedCache(db: Db, file: string, replacement: string | null, nativeBinding?: string): void {
  if (db.inTransaction) throw new Error('cache swap inside a transaction');
  detachCache(db);
  try {
    if (replacement) {
      removeDatabaseFiles(file);
      fs.renameSync(replacement, file);
    } else {
      moveAside(file);
    }
    prepareCacheFile(file, nativeBinding);
  } finally {
    attachCacheFile(db, file);
  }
}

/**
 * Opens a shadow cache file for a bulk load: no journal, no syncs (a crash leaves a shadow that is rebuilt,
 * never the live cache), a large page cache. `fresh` creates the cache's tables (without the device
 * indexes) in a new file; `exclusive` keeps other connections out while it loads.
 */
export function openBulkLoadFile(file: string, options: { cacheKib: number; fresh?: boolean; exclusive?: boolean }): Database.Database {
  const binding = resolveNativeBinding();
  const db = new Database(file, binding ? { nativeBinding: binding } : {});
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    if (options.exclusive) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma(`cache_size = -${Math.trunc(options.cacheKib)}`);
    if (options.fresh) {
      db.exec(CACHE_TABLES_SQL);
      db.pragma(`user_version = ${CACHE_MIGRATIONS.length}`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
