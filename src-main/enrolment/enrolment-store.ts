/**
 * Where this terminal keeps its enrolment (issue 17 item 2): HQ's address, the terminal token HQ issued
 * for the one-time code, its audit key and the numbers HQ knew at enrolment. Kept encrypted at rest:
 *
 * - In the Electron app, sealed with Electron's `safeStorage` (Windows DPAPI, macOS Keychain, libsecret /
 *   KWallet on a Linux desktop) in `<data dir>/enrolment.sealed`; only this OS user on this PC can open it.
 * - In web (kiosk) mode, in `<data dir>/enrolment.json`, mode 0600 (readable and writable by the user the
 *   terminal runs as, nobody else). Why not encrypted there: a headless Node process on a thin kiosk has no
 *   OS keychain to hold a key, and a key stored in the same data folder would protect nothing the file mode
 *   does not. The file is rewritten 0600 whatever the umask, and a copy found wider is narrowed at start.
 *
 * Writes are whole (temporary file, fsync, rename): a crash leaves the old enrolment or the new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AuditKeyData } from '../../src-shared/hq-protocol/schemas';
import type { EnrolmentInfo } from '../../src-shared/contract/enrol';

export const EnrolmentRecord = z.object({
  version: z.literal(1),
  /** One id per enrolment: the ledger adopts HQ's numbers once per enrolment. */
  enrolmentId: z.string().min(1),
  hqUrl: z.string().url(),
  token: z.string().min(8),
  terminalId: z.string().min(1),
  storeCode: z.string().min(1),
  storeName: z.string(),
  terminalCode: z.string().min(1),
  enrolledAt: z.string(),
  reenrolled: z.boolean(),
  /** HQ's last numbers for this terminal when it enrolled: the ledger continues after them. */
  ledger: z.object({ lastReceiptSeq: z.number().int().nonnegative(), lastEventSeq: z.number().int().nonnegative(), epoch: z.number().int().nonnegative() }),
  auditKey: AuditKeyData,
});
export type EnrolmentRecord = z.infer<typeof EnrolmentRecord>;

export type Protection = NonNullable<EnrolmentInfo['protection']>;

/** Turns the record's JSON into the bytes on disk and back. */
export interface Sealer {
  protection: Protection;
  seal(text: string): Promise<Buffer>;
  open(data: Buffer): Promise<string>;
}

/** Web mode: the bytes are the JSON; the protection is the file's mode (see the file comment). */
export const fileModeSealer: Sealer = {
  protection: 'file0600',
  seal: async (text) => Buffer.from(text, 'utf8'),
  open: async (data) => data.toString('utf8'),
};

const FILES: Record<Protection, string> = { safeStorage: 'enrolment.sealed', file0600: 'enrolment.json' };

/** The enrolment file cannot be used: the start stops with this message (it names the file and what to do). */
export class EnrolmentStoreError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'EnrolmentStoreError';
  }
}

export interface EnrolmentStore {
  readonly protection: Protection;
  readonly file: string;
  read(): Promise<EnrolmentRecord | null>;
  write(record: EnrolmentRecord): Promise<void>;
  /** Can a record be written here? Asked before HQ is asked to use up a code. */
  checkWritable(): void;
}

export interface EnrolmentStoreLogger {
  warn(obj: object, msg: string): void;
}

function writeWhole(file: string, data: Buffer): void {
  const tmp = `${file}.tmp`;
  fs.rmSync(tmp, { force: true });
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (process.platform !== 'win32') fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    /* not every platform can fsync a folder */
  }
}

export function createEnrolmentStore(opts: { dataDir: string; sealer: Sealer; logger: EnrolmentStoreLogger }): EnrolmentStore {
  const { sealer, logger } = opts;
  const file = path.join(opts.dataDir, FILES[sealer.protection]);
  const other = path.join(opts.dataDir, FILES[sealer.protection === 'safeStorage' ? 'file0600' : 'safeStorage']);

  async function parse(text: string, where: string): Promise<EnrolmentRecord> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new EnrolmentStoreError(where, 'the enrolment file is damaged (not JSON); delete it and enrol this terminal again with a new code from HQ');
    }
    const r = EnrolmentRecord.safeParse(json);
    if (!r.success) throw new EnrolmentStoreError(where, `the enrolment file is damaged (${r.error.issues[0]?.path.join('.') || 'shape'}); delete it and enrol this terminal again with a new code from HQ`);
    return r.data;
  }

  async function write(record: EnrolmentRecord): Promise<void> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    writeWhole(file, await sealer.seal(JSON.stringify(EnrolmentRecord.parse(record))));
  }

  return {
    protection: sealer.protection,
    file,
    async read() {
      if (!fs.existsSync(file)) {
        if (!fs.existsSync(other)) return null;
        if (sealer.protection === 'file0600') {
          throw new EnrolmentStoreError(other, 'this terminal was enrolled in the Electron app, which sealed its token with the OS keychain; start the Electron app, or enrol web mode with a new code after moving that file away');
        }
        // enrolled in web mode, now started as the Electron app: seal it, then remove the plain copy
        const record = await parse(fs.readFileSync(other, 'utf8'), other);
        await write(record);
        fs.rmSync(other);
        logger.warn({ from: other, to: file }, 'enrolment moved into safeStorage');
        return record;
      }
      if (sealer.protection === 'file0600' && process.platform !== 'win32') {
        const mode = fs.statSync(file).mode & 0o777;
        if ((mode & 0o077) !== 0) {
          fs.chmodSync(file, 0o600);
          logger.warn({ file, mode: mode.toString(8) }, 'enrolment file was readable by others; narrowed to 0600');
        }
      }
      let text: string;
      try {
        text = await sealer.open(fs.readFileSync(file));
      } catch (err) {
        throw new EnrolmentStoreError(file, `the enrolment cannot be opened (${(err as Error).message}); it was sealed for another user or PC — enrol this terminal again with a new code from HQ`);
      }
      return await parse(text, file);
    },
    write,
    checkWritable() {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      const probe = `${file}.probe`;
      fs.writeFileSync(probe, 'probe', { mode: 0o600 });
      fs.rmSync(probe);
    },
  };
}
