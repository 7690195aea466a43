import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { attachedCacheId, CACHE_ID_KEY, replaceAttachedCache } from '../db/cache-db';
import type { Db } from '../../src-node/db/connection';
import type { KvRepo } from '../db/repos/kv-repo';
import { resolveNativeBinding } from '../../src-node/db/native-binding';
import type { Logger } from '../logger';
import { KV_CURSOR } from './apply-changes';
import { KV_SNAPSHOT } from './accounts-import';

/** The background integrity check: its own read-only connection in a worker thread, so no lookup waits. */
const CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let problems;
try {
  const Database = require(workerData.module);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  try {
    problems = db.pragma('quick_check').map((r) => r.quick_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
} catch (err) {
  problems = /SQLITE_(CORRUPT|NOTADB)/.test(String(err && err.code)) ? [String(err.message)] : null;
  if (problems === null) parentPort.postMessage({ error: String(err && err.message) });
}
if (problems !== null) parentPort.postMessage({ problems });
`;

function betterSqliteModule(): string {
  const base = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
  return createRequire(base).resolve('better-sqlite3');
}

export type CacheCheckResult = { ok: true } | { ok: false; problems: string[] } | { ok: null; error: string };

/** Run `PRAGMA quick_check` on a cache file in a worker thread. */
export function checkCacheInBackground(file: string): Promise<CacheCheckResult> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(CHECK_WORKER, { eval: true, workerData: { file, module: betterSqliteModule(), nativeBinding: resolveNativeBinding() } });
    } catch (err) {
      resolve({ ok: null, error: (err as Error).message });
      return;
    }
    let settled = false;
    worker.once('message', (m: { problems?: string[]; error?: string }) => {
      settled = true;
      if (m.problems) resolve(m.problems.length === 0 ? { ok: true } : { ok: false, problems: m.problems });
      else resolve({ ok: null, error: m.error ?? 'unknown' });
    });
    worker.once('error', (err) => {
      if (!settled) resolve({ ok: null, error: err.message });
      settled = true;
    });
    worker.once('exit', () => {
      if (!settled) resolve({ ok: null, error: 'check worker exited' });
    });
  });
}

export interface AccountCacheDeps {
  db: Db;
  kv: KvRepo;
  file: string;
  logger: Logger;
  /** After the attached cache changed (swap or replacement): in-memory catalog copies are dropped. */
  onReplaced(): void;
  /** A fresh, empty cache replaced a damaged one: pull from HQ (config snapshot, then the import). */
  onRebuildNeeded(): void;
}

/**
 * The account cache as the app manages it: which cache file the ledger's sync cursor belongs to, the
 * background integrity check, and the swaps (an import's finished shadow file; an empty file for a
 * damaged one). Every swap waits for a running check, so no other connection holds the file.
 */
export function createAccountCache(deps: AccountCacheDeps) {
  const { db, kv, logger } = deps;
  let checking: Promise<CacheCheckResult> | null = null;

  /**
   * The sync cursor and import progress in the ledger describe one cache file. A different file (first
   * start, deleted, replaced after damage) starts over: config snapshot and account import from HQ.
   */
  function reconcile(): boolean {
    const id = attachedCacheId(db);
    const known = kv.get<string>(CACHE_ID_KEY);
    if (known === id) return false;
    db.transaction(() => {
      kv.delete(KV_CURSOR);
      kv.delete(KV_SNAPSHOT);
      kv.set(CACHE_ID_KEY, id);
    })();
    if (known) logger.warn({ file: deps.file }, 'account cache is not the one the sync cursor belongs to: it is rebuilt from HQ');
    return true;
  }

  async function idle(): Promise<void> {
    if (checking) await checking;
  }

  return {
    file: deps.file,
    reconcile,
    /** Background integrity check; a damaged cache is replaced by an empty one and rebuilt from HQ. */
    check(): Promise<CacheCheckResult> {
      checking ??= checkCacheInBackground(deps.file)
        .then((result) => {
          if (result.ok === false && db.open) {
            logger.error({ file: deps.file, problems: result.problems.slice(0, 3) }, 'account cache damaged: replaced by an empty one, rebuilt from HQ');
            replaceAttachedCache(db, deps.file, null);
            reconcile();
            deps.onReplaced();
            deps.onRebuildNeeded();
          } else if (result.ok === null) {
            logger.warn({ file: deps.file, err: result.error }, 'account cache check could not run');
          } else {
            logger.info({ file: deps.file }, 'account cache check ok');
          }
          return result;
        })
        .finally(() => {
          checking = null;
        });
      return checking;
    },
    /** Put a finished import's shadow file in place of the attached cache (keeping this cache's id). */
    async swapIn(shadowFile: string): Promise<void> {
      await idle();
      replaceAttachedCache(db, deps.file, shadowFile);
      deps.onReplaced();
    },
  };
}
export type AccountCache = ReturnType<typeof createAccountCache>;
