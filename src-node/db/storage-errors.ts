import fs from 'node:fs';
import path from 'node:path';
import { AppError, type AppErrorShape } from '../../src-shared/contract/errors';

/** Errno codes that mean "the disk will not take writes": full, read-only, quota, I/O failure. */
const STORAGE_ERRNO = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);
/** SQLite's words for the same (extended codes included: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…). */
const STORAGE_SQLITE = /^SQLITE_(FULL|IOERR|READONLY)(_|$)/;

/** The first line of the real cause, e.g. "SQLITE_FULL: database or disk is full" or "EROFS: read-only file system". */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message.split('\n')[0]!.replace(/^[A-Z_]+: /, '') : String(err);
  return typeof e.code === 'string' ? `${e.code}: ${message}` : message;
}

/** Whether `err` says the disk is full or the data folder read-only (SQLite or the file system). */
export function isStorageError(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'DISK_FULL';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (STORAGE_ERRNO.has(code) || STORAGE_SQLITE.test(code));
}

/** The translated "disk full / data folder read-only — free space or call IT" error. */
export function diskFullError(dir: string, err: unknown): AppError {
  return new AppError({ code: 'DISK_FULL', messageKey: 'errors:diskFull', params: { dir, reason: reasonOf(err) } });
}

export function diskFullShape(dir: string, err: unknown): AppErrorShape {
  return diskFullError(dir, err).toShape();
}

/**
 * Why `dir` cannot take `bytes` more, or null when it can: creates the folder, writes, syncs and removes a
 * probe file. `mkdir -p` on a read-only file system says ENOENT; the nearest existing folder is then asked,
 * so the answer names the real cause (EROFS).
 */
export function whyNotWritable(dir: string, bytes = 4096): NodeJS.ErrnoException | null {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(probe, 'w');
    try {
      const chunk = Buffer.alloc(Math.min(bytes, 64 * 1024));
      for (let left = bytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
      fs.rmSync(probe, { force: true });
    }
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      let up = path.dirname(dir);
      while (!fs.existsSync(up) && path.dirname(up) !== up) up = path.dirname(up);
      try {
        fs.accessSync(up, fs.constants.W_OK);
      } catch (inner) {
        return inner as NodeJS.ErrnoException;
      }
    }
    return e;
  }
}
