import { cacheAttachment, cacheFileFor, type PreparedCache } from './cache-db';
import { openDatabase, type Db } from '../../src-node/db/connection';
import { TERMINAL_MIGRATIONS } from './migrations';

export interface TerminalDb {
  /** The ledger's connection, with the account cache ATTACHed as `cache`. */
  db: Db;
  cacheFile: string;
  /** What opening found of the cache file (created now, damaged and replaced). */
  cache: PreparedCache;
}

/**
 * Open the terminal's two files: the ledger (`file`: durability pragmas, start-up quick_check, migrations)
 * and its account cache (`<file>.cache.db`, see cache-db.ts). After the upgrade that moved a large cache
 * out of the ledger, the ledger's free pages are given back once.
 */
export function openTerminalDatabase(options: { file: string; cacheFile?: string; nativeBinding?: string; skipQuickCheck?: boolean }): TerminalDb {
  const cacheFile = options.cacheFile ?? cacheFileFor(options.file);
  const attach = cacheAttachment(cacheFile, options.nativeBinding);
  const db = openDatabase({
    file: options.file,
    migrations: TERMINAL_MIGRATIONS,
    attach,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.skipQuickCheck ? { skipQuickCheck: true } : {}),
  });
  const free = db.pragma('main.freelist_count', { simple: true }) as number;
  const pages = db.pragma('main.page_count', { simple: true }) as number;
  if (free > 256 && free > pages / 4) db.exec('VACUUM main');
  return { db, cacheFile, cache: attach.last ?? { created: false, damaged: null } };
}

/** The ledger connection alone (tests and tools that need no more than `db`). */
export function openTerminalDb(file: string): Db {
  return openTerminalDatabase({ file }).db;
}
