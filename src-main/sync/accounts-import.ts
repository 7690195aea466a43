import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SnapshotLine } from '../../src-shared/hq-protocol/schemas';
import { withLargePageCache, type Db } from '../db/connection';
import type { AccountRepo } from '../db/repos/account-repo';
import type { KvRepo } from '../db/repos/kv-repo';
import type { Logger } from '../logger';
import type { HqClient } from './hq-client';

export const KV_SNAPSHOT = 'hq.accountsSnapshot';

export interface SnapshotProgress {
  state: 'idle' | 'importing' | 'done' | 'failed';
  /** Last account id committed: where a resumed import starts. */
  after: string | null;
  imported: number;
  total: number;
  snapshotCursor: number | null;
  error?: string;
}

/** Page cache for the import, in KiB. */
const IMPORT_CACHE_KIB = 64 * 1024;

const IDLE: SnapshotProgress = { state: 'idle', after: null, imported: 0, total: 0, snapshotCursor: null };

/**
 * Fills the offline account cache from HQ's streamed NDJSON snapshot, in batched transactions.
 * Progress is stored with each batch, so a restart resumes after the last committed account.
 */
export function createAccountsImporter(deps: { db: Db; kv: KvRepo; accounts: AccountRepo; hq: HqClient; logger: Logger; batchSize?: number }) {
  const batchSize = deps.batchSize ?? 5000;
  let running: Promise<SnapshotProgress> | null = null;
  /** Bumped by restart(): an import started before it must not record progress or finish. */
  let generation = 0;

  const progress = (): SnapshotProgress => deps.kv.get<SnapshotProgress>(KV_SNAPSHOT) ?? IDLE;

  const commitBatch = deps.db.transaction((batch: SnapshotLine[], p: SnapshotProgress, gen: number) => {
    if (gen !== generation) throw new Error('snapshot restarted');
    for (const line of batch) {
      if (line.type !== 'account') continue;
      const { type: _type, ...record } = line;
      deps.accounts.saveAccount(record);
    }
    deps.kv.set(KV_SNAPSHOT, p);
  });

  async function run(): Promise<SnapshotProgress> {
    const gen = generation;
    const start = progress();
    const p: SnapshotProgress = start.state === 'done' ? { ...IDLE } : { ...start, state: 'importing' };
    const started = Date.now();
    // A bigger page cache while a million accounts stream in (the device-number index is written in
    // random order); the default comes back when the import ends, so the terminal's memory stays small.
    return withLargePageCache(deps.db, IMPORT_CACHE_KIB, () => stream(p, gen, started));
  }

  async function stream(start: SnapshotProgress, gen: number, started: number): Promise<SnapshotProgress> {
    let p = start;
    const res = await deps.hq.accountsSnapshot(p.after ?? undefined, 30 * 60 * 1000);
    if (!res.body) throw new Error('empty snapshot response');
    const lines = createInterface({ input: Readable.fromWeb(res.body as unknown as WebReadableStream), crlfDelay: Infinity });
    let batch: SnapshotLine[] = [];
    let ended = false;
    deps.logger.info({ after: p.after }, 'accounts snapshot import started');
    for await (const text of lines) {
      if (text.trim() === '') continue;
      const line = SnapshotLine.parse(JSON.parse(text));
      if (line.type === 'header') {
        if (gen !== generation) throw new Error('snapshot restarted');
        p = { ...p, state: 'importing', total: p.imported + line.total, snapshotCursor: p.snapshotCursor ?? line.snapshotCursor };
        deps.kv.set(KV_SNAPSHOT, p);
        continue;
      }
      if (line.type === 'end') {
        ended = true;
        break;
      }
      batch.push(line);
      if (batch.length >= batchSize) {
        p = { ...p, imported: p.imported + batch.length, after: line.accountId };
        commitBatch(batch, p, gen);
        batch = [];
        if (p.imported % 100_000 < batchSize) deps.logger.info({ imported: p.imported, total: p.total }, 'accounts snapshot progress');
      }
    }
    if (!ended) {
      if (batch.length > 0) {
        const last = batch[batch.length - 1]!;
        p = { ...p, imported: p.imported + batch.length, after: last.type === 'account' ? last.accountId : p.after };
        commitBatch(batch, p, gen);
      }
      throw new Error('snapshot stream ended early');
    }
    const last = batch[batch.length - 1];
    p = { ...p, state: 'done', imported: p.imported + batch.length, after: last?.type === 'account' ? last.accountId : p.after };
    commitBatch(batch, p, gen);
    deps.logger.info({ imported: p.imported, seconds: (Date.now() - started) / 1000 }, 'accounts snapshot import done');
    return p;
  }

  return {
    progress,
    /** Start (or resume) an import unless one is running or the cache is complete. */
    ensure(): Promise<SnapshotProgress> {
      if (progress().state === 'done') return Promise.resolve(progress());
      running ??= run()
        .catch((err: unknown) => {
          if ((err as Error).message === 'snapshot restarted') return progress();
          const failed = { ...progress(), state: 'failed' as const, error: (err as Error).message };
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
    },
    isRunning: (): boolean => running !== null,
  };
}
export type AccountsImporter = ReturnType<typeof createAccountsImporter>;
