import type { AppErrorShape } from '../src-shared/contract/errors';
import type { Handlers } from '../src-shared/contract';
import type { KvRepo } from './db/repos/kv-repo';
import { diskFullError, isStorageError, whyNotWritable } from '../src-node/db/storage-errors';
import type { Logger } from './logger';

const PROBE_KEY = 'storage.probe';

/**
 * Whether the data folder takes writes. A storage error (SQLITE_FULL, SQLITE_IOERR*, SQLITE_READONLY*,
 * ENOSPC, EROFS…) anywhere a handler writes becomes the translated DISK_FULL error and a status-bar fault.
 * The fault stays until a probe shows the disk writable again: a 256 KiB file in the data folder written and
 * synced, then a committed write to the database (run at most every `probeMs`, only while faulted).
 */
export function createStorageHealth(opts: { kv: KvRepo; dataDir: string; logger: Logger; probeMs?: number }) {
  const probeMs = opts.probeMs ?? 1000;
  let fault: { reason: string; since: string } | null = null;
  let lastProbe = 0;

  function report(err: unknown, where: string): void {
    const reason = diskFullError(opts.dataDir, err).params?.reason ?? String(err);
    if (!fault) {
      fault = { reason: String(reason), since: new Date().toISOString() };
      opts.logger.error({ where, reason, dataDir: opts.dataDir }, 'disk full or data folder read-only: nothing was saved; free disk space or call IT');
    }
    lastProbe = Date.now();
  }

  function probe(): void {
    if (!fault || Date.now() - lastProbe < probeMs) return;
    lastProbe = Date.now();
    const notWritable = whyNotWritable(opts.dataDir, 256 * 1024);
    if (notWritable) return;
    try {
      opts.kv.set(PROBE_KEY, new Date().toISOString());
    } catch (err) {
      if (isStorageError(err)) return;
      throw err;
    }
    opts.logger.info({ since: fault.since }, 'data folder writable again');
    fault = null;
  }

  return {
    /** The error a caller sees for `err`: DISK_FULL (and the fault is set) for a storage error, else `err`. */
    translate(err: unknown, where: string): unknown {
      if (!isStorageError(err)) return err;
      report(err, where);
      return diskFullError(opts.dataDir, err);
    },
    report,
    faults(): AppErrorShape[] {
      probe();
      return fault ? [{ code: 'DISK_FULL', messageKey: 'errors:diskFullStatus', params: { dir: opts.dataDir, reason: fault.reason } }] : [];
    },
  };
}
export type StorageHealth = ReturnType<typeof createStorageHealth>;

/** Every handler of the table, with storage errors translated (one place, whatever the method). */
export function guardStorage(handlers: Handlers, health: StorageHealth): Handlers {
  const out: Record<string, (input: unknown, ctx: unknown) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: unknown, ctx: unknown) => Promise<unknown>][]) {
    out[name] = async (input, ctx) => {
      try {
        return await handler(input, ctx);
      } catch (err) {
        throw health.translate(err, name);
      }
    };
  }
  return out as unknown as Handlers;
}
