import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SnapshotEndLine, SnapshotHeaderLine } from '../../src-shared/hq-protocol/schemas';
import { CACHE_DEVICE_INDEXES, openBulkLoadFile, removeDatabaseFiles } from '../db/cache-db';
import type { Db } from '../../src-node/db/connection';
import type { KvRepo } from '../db/repos/kv-repo';
import { resolveNativeBinding } from '../../src-node/db/native-binding';
import type { Logger } from '../logger';
import type { HqClient } from './hq-client';

export const KV_SNAPSHOT = 'hq.accountsSnapshot';

export interface SnapshotProgress {
  state: 'idle' | 'importing' | 'done' | 'failed';
  /** Last account id loaded into the shadow file: where a resumed stream (same process) starts. */
  after: string | null;
  imported: number;
  total: number;
  snapshotCursor: number | null;
  error?: string;
}

/** Page cache of the shadow connection while it loads, in KiB (the live cache's memory stays small). */
const SHADOW_CACHE_KIB = 64 * 1024;

const IDLE: SnapshotProgress = { state: 'idle', after: null, imported: 0, total: 0, snapshotCursor: null };

export interface AccountsImporterDeps {
  /** The ledger connection with the live cache attached (read for the catalog copy at the swap). */
  db: Db;
  kv: KvRepo;
  /** The live cache file; the shadow is built beside it. */
  cacheFile: string;
  /** Put the finished shadow in place of the live cache (account-cache.ts swapIn). */
  swapIn(shadowFile: string): Promise<void>;
  /**
   * After the swap: the new cache holds HQ's state at `snapshotCursor`; changes after it that were
   * applied to the old cache must be pulled again (the app rewinds the cursor and pulls).
   */
  onSwapped?(snapshotCursor: number): void;
  hq: HqClient;
  logger: Logger;
  /** Lines per shadow commit. */
  batchSize?: number;
}

type Row = unknown[];

class BadLine extends Error {}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^\d{15,20}$/;

/**
 * Per-line check of an account line: the fields the cache stores, with their types and formats. The
 * cache's STRICT tables and CHECK constraints (kind, status) reject the rest; the full zod schema is used
 * for the header and end lines, where a mistake would change what the import means.
 */
function accountRows(o: Record<string, unknown>, accounts: Row[], devices: Row[]): string {
  const { accountId, holderName, idHash, keyId, idMasked, status, version, updatedAt, devices: list } = o;
  if (typeof accountId !== 'string' || !ID.test(accountId)) throw new BadLine('accountId');
  if (typeof holderName !== 'string' || typeof idMasked !== 'string' || typeof updatedAt !== 'string') throw new BadLine(`account ${accountId}: text fields`);
  if (typeof idHash !== 'string' || !HEX64.test(idHash) || typeof keyId !== 'string') throw new BadLine(`account ${accountId}: idHash`);
  if (!Number.isInteger(version) || (version as number) < 1) throw new BadLine(`account ${accountId}: version`);
  if (status !== undefined && typeof status !== 'string') throw new BadLine(`account ${accountId}: status`);
  if (!Array.isArray(list)) throw new BadLine(`account ${accountId}: devices`);
  accounts.push([accountId, holderName, idHash, keyId, idMasked, status ?? null, version, updatedAt, list.length]);
  for (const d of list as Record<string, unknown>[]) {
    const s = d?.subscription as Record<string, unknown> | undefined;
    if (typeof d?.deviceId !== 'string' || typeof d.number !== 'string' || !DIGITS.test(d.number) || !s) throw new BadLine(`account ${accountId}: device`);
    if (!Number.isInteger(s.dataQuotaMb) || !Number.isInteger(s.dataUsedMb)) throw new BadLine(`account ${accountId}: device usage`);
    devices.push([d.deviceId, accountId, idHash, d.kind, d.number, s.planCode, s.expiresAt, s.dataQuotaMb, s.dataUsedMb, s.usageAsOf, s.status, s.statusReason ?? null, s.statusReasonCode ?? null]);
  }
  return accountId;
}

/** NDJSON lines of a byte stream, split on '\n' without readline's per-line events. */
async function* ndjsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield lines;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [rest];
}

/** Index builds of the shadow file run in a worker thread: the main thread keeps serving lookups. */
const INDEX_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const Database = require(workerData.module);
  const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -' + workerData.cacheKib);
  for (const sql of workerData.indexes) db.exec(sql);
  db.close();
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, error: String(err && err.message) });
}
`;

function buildIndexes(file: string): Promise<void> {
  const base = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
  const module = createRequire(base).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(INDEX_WORKER, {
      eval: true,
      workerData: { file, module, nativeBinding: resolveNativeBinding(), indexes: CACHE_DEVICE_INDEXES, cacheKib: SHADOW_CACHE_KIB },
    });
    worker.once('message', (m: { ok: boolean; error?: string }) => (m.ok ? resolve() : reject(new Error(`index build failed: ${m.error}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`index worker exited with ${code}`)));
  });
}

interface Shadow {
  db: Db;
  file: string;
  gen: number;
  progress: SnapshotProgress;
  insertAccount: Database.Statement<unknown[]>;
  insertDevice: Database.Statement<unknown[]>;
}

/**
 * Fills the account cache from HQ's streamed NDJSON snapshot (issue 12 item 2). The rows go into a
 * shadow file beside the live cache — journal and sync off, exclusive lock, positional prepared inserts,
 * only the primary keys during the load, the device indexes built after it — and the finished file is
 * swapped in for the live one. Lookups keep using the old cache until the swap; a crash (or a restart of
 * the app) mid-import leaves the old cache in use and the shadow is rebuilt from the start. A cut stream
 * resumes into the same shadow after its last loaded account while this process runs.
 */
export function createAccountsImporter(deps: AccountsImporterDeps) {
  const batchSize = deps.batchSize ?? 20_000;
  const shadowFile = `${deps.cacheFile}.import`;
  let running: Promise<SnapshotProgress> | null = null;
  /** Bumped by restart(): an import started before it must not swap its file in. */
  let generation = 0;
  /** close() ran: the app is shutting down. */
  let closed = false;
  let shadow: Shadow | null = null;
  // A shadow left by a crash or an earlier run is never trusted (journal off: it may be half-written).
  removeDatabaseFiles(shadowFile);

  const stored = (): SnapshotProgress => deps.kv.get<SnapshotProgress>(KV_SNAPSHOT) ?? IDLE;
  const progress = (): SnapshotProgress => (running && shadow ? shadow.progress : stored());

  function dropShadow(): void {
    if (shadow?.db.open) shadow.db.close();
    shadow = null;
    removeDatabaseFiles(shadowFile);
  }

  function openShadow(gen: number): Shadow {
    dropShadow();
    const db = openBulkLoadFile(shadowFile, { cacheKib: SHADOW_CACHE_KIB, fresh: true, exclusive: true });
    return {
      db,
      file: shadowFile,
      gen,
      progress: { ...IDLE, state: 'importing' },
      insertAccount: db.prepare('INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertDevice: db.prepare('INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    };
  }

  /** The catalog copy and the cache id move with the cache: copied from the live cache into the shadow. */
  function copyCatalog(s: Shadow): void {
    const meta = deps.db.prepare<[], { key: string; value: string }>('SELECT key, value FROM cache.cache_meta').all();
    const keys = deps.db.prepare<[], Record<string, unknown>>('SELECT key_id, key_base64, created_at FROM cache.store_keys').all();
    const plans = deps.db.prepare<[], Record<string, unknown>>('SELECT code, name_zh, name_en, data_quota_mb, device_kind, terms, active FROM cache.plans').all();
    const promotions = deps.db.prepare<[], Record<string, unknown>>('SELECT promotion_id, data, set_version FROM cache.promotions').all();
    s.db.transaction(() => {
      const m = s.db.prepare('INSERT INTO cache_meta (key, value) VALUES (?, ?)');
      for (const r of meta) m.run(r.key, r.value);
      const k = s.db.prepare('INSERT INTO store_keys (key_id, key_base64, created_at) VALUES (@key_id, @key_base64, @created_at)');
      for (const r of keys) k.run(r);
      const p = s.db.prepare('INSERT INTO plans (code, name_zh, name_en, data_quota_mb, device_kind, terms, active) VALUES (@code, @name_zh, @name_en, @data_quota_mb, @device_kind, @terms, @active)');
      for (const r of plans) p.run(r);
      const pr = s.db.prepare('INSERT INTO promotions (promotion_id, data, set_version) VALUES (@promotion_id, @data, @set_version)');
      for (const r of promotions) pr.run(r);
    })();
  }

  async function run(): Promise<SnapshotProgress> {
    const gen = generation;
    if (!shadow || shadow.gen !== gen || !shadow.db.open) shadow = openShadow(gen);
    const s = shadow;
    const started = Date.now();
    s.progress = { ...s.progress, state: 'importing' };
    delete s.progress.error;
    const res = await deps.hq.accountsSnapshot(s.progress.after ?? undefined, 30 * 60 * 1000);
    if (!res.body) throw new Error('empty snapshot response');
    deps.logger.info({ after: s.progress.after }, 'accounts snapshot import started');
    let ended = false;
    let pending = 0;
    const accounts: Row[] = [];
    const devices: Row[] = [];
    let last: string | null = s.progress.after;
    const flush = () => {
      s.db.exec('BEGIN');
      for (const a of accounts) s.insertAccount.run(a);
      for (const d of devices) s.insertDevice.run(d);
      s.db.exec('COMMIT');
      s.progress = { ...s.progress, imported: s.progress.imported + pending, after: last };
      accounts.length = 0;
      devices.length = 0;
      pending = 0;
    };
    try {
      outer: for await (const lines of ndjsonLines(res.body as unknown as AsyncIterable<Uint8Array>)) {
        if (gen !== generation) throw new Error('snapshot restarted');
        for (const text of lines) {
          if (text.length === 0 || text.trim() === '') continue;
          const o = JSON.parse(text) as Record<string, unknown>;
          if (o.type === 'account') {
            last = accountRows(o, accounts, devices);
            if (++pending >= batchSize) flush();
          } else if (o.type === 'header') {
            const h = SnapshotHeaderLine.parse(o);
            s.progress = { ...s.progress, total: s.progress.imported + h.total, snapshotCursor: s.progress.snapshotCursor ?? h.snapshotCursor };
            deps.kv.set(KV_SNAPSHOT, s.progress);
          } else if (o.type === 'end') {
            SnapshotEndLine.parse(o);
            ended = true;
            break outer;
          } else {
            throw new BadLine(`unknown line type ${String(o.type)}`);
          }
        }
      }
    } catch (err) {
      // A cut stream keeps what was loaded (whole lines, committed now) for a resume; anything else (a bad
      // line, a failed insert with the journal off) throws the shadow away.
      if (err instanceof BadLine || err instanceof SyntaxError || (err as { code?: string }).code?.startsWith('SQLITE') || (err as Error).message === 'snapshot restarted') {
        dropShadow();
        throw err instanceof BadLine ? new Error(`snapshot line rejected: ${err.message}`) : err;
      }
      flush();
      throw err;
    }
    if (pending > 0) flush();
    if (!ended) throw new Error('snapshot stream ended early');
    if (gen !== generation) throw new Error('snapshot restarted');
    copyCatalog(s);
    s.db.close();
    await buildIndexes(s.file).catch((err: unknown) => {
      if ((err as Error).message.startsWith('index build failed:')) throw err; // SQLite refused: the shadow is wrong
      // the worker itself could not run (e.g. a packaged app whose modules a worker cannot load): same work here
      deps.logger.warn({ err: (err as Error).message }, 'index worker unavailable: building the cache indexes on the main thread');
      const db = openBulkLoadFile(s.file, { cacheKib: SHADOW_CACHE_KIB });
      try {
        for (const sql of CACHE_DEVICE_INDEXES) db.exec(sql);
      } finally {
        db.close();
      }
    });
    if (gen !== generation) throw new Error('snapshot restarted');
    await deps.swapIn(s.file);
    shadow = null;
    const done: SnapshotProgress = { ...s.progress, state: 'done' };
    deps.kv.set(KV_SNAPSHOT, done);
    deps.logger.info({ imported: done.imported, seconds: (Date.now() - started) / 1000 }, 'accounts snapshot import done, cache swapped in');
    if (done.snapshotCursor !== null) deps.onSwapped?.(done.snapshotCursor);
    return done;
  }

  return {
    progress,
    /** Start (or resume) an import unless one is running or the cache is complete. */
    ensure(): Promise<SnapshotProgress> {
      if (!running && stored().state === 'done') return Promise.resolve(stored());
      running ??= run()
        .catch((err: unknown) => {
          // the app is closing (close() ran, the ledger may be shut): nothing to record, and nobody to throw to
          if (closed) return { ...(shadow?.progress ?? IDLE), state: 'failed' as const, error: 'closed' };
          if ((err as Error).message === 'snapshot restarted') {
            dropShadow();
            return stored();
          }
          const failed: SnapshotProgress = { ...(shadow?.progress ?? stored()), state: 'failed', error: (err as Error).message };
          if (shadow) shadow.progress = failed;
          deps.kv.set(KV_SNAPSHOT, failed);
          deps.logger.warn({ err: (err as Error).message, imported: failed.imported }, 'accounts snapshot import interrupted; will resume');
          return failed;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    /** HQ asked for a new snapshot (cursor too old, or store key rotated). */
    restart(): void {
      generation++;
      deps.kv.set(KV_SNAPSHOT, IDLE);
      if (!running) dropShadow();
    },
    isRunning: (): boolean => running !== null,
    /** Close the shadow (app shutdown). */
    close(): void {
      closed = true;
      generation++;
      dropShadow();
    },
  };
}
export type AccountsImporter = ReturnType<typeof createAccountsImporter>;
