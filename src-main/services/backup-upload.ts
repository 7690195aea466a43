/**
 * The daily ledger backup, also at HQ (issue 17 item 6): the newest backup in `<data dir>/backups/` that
 * HQ has not acknowledged is sealed (src-node/backup/sealed-backup.ts: gzip + AES-256-GCM under a key
 * derived from COUNTER_BACKUP_KEY or, without one, the terminal's HQ token) and POSTed to
 * `/v1/backups`. HQ's 2xx leaves a `<backup>.db.uploaded` marker beside it; offline, the upload is
 * retried on the shared backoff. Older un-uploaded backups are skipped: the newest supersedes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sealBackup, type BackupSecret } from '../../src-node/backup/sealed-backup';
import { HqError } from '../../src-node/net/http-client';
import { createUploadLoop, postBytes, type HqEndpoint } from '../../src-node/net/hq-upload';
import type { BackoffPolicy } from '../../src-node/net/backoff';
import { BackupUploadResponse, HQ_ROUTES, type BackupInfo } from '../../src-shared/hq-protocol/schemas';
import { readBackupLedger } from '../db/repos/ledger-repo';
import type { Logger } from '../logger';

export const UPLOADED_SUFFIX = '.uploaded';

export interface BackupUploaderDeps {
  dir: string;
  /** The database file's base name (`counter` for counter.db): backups are `<base>-<stamp>.db`. */
  base: string;
  hq: HqEndpoint;
  key: BackupSecret;
  /** This terminal's id at HQ (from the pulled terminal record or HQ's ledger answer); undefined = not known yet. */
  terminalId: () => string | undefined;
  logger: Logger;
  idleMs?: number;
  backoff?: BackoffPolicy;
}

/** The secret backups are sealed with: IT's backup key when set, else the terminal's HQ token. */
export function backupSecret(backupKey: string | undefined, hqToken: string): BackupSecret {
  return backupKey ? { source: 'backupKey', secret: backupKey } : { source: 'hqToken', secret: hqToken };
}

export function createBackupUploader(deps: BackupUploaderDeps) {
  const { dir, base } = deps;
  const isBackup = (f: string) => f.startsWith(`${base}-`) && f.endsWith('.db');
  let last: { file: string; at: string; backup: BackupInfo } | null = null;

  function newestWaiting(): string | null {
    if (!fs.existsSync(dir)) return null;
    const names = fs.readdirSync(dir);
    const backups = names.filter(isBackup).sort().reverse();
    // markers of backups the rotation removed go with them
    for (const m of names.filter((n) => n.endsWith(UPLOADED_SUFFIX) && !backups.includes(n.slice(0, -UPLOADED_SUFFIX.length)))) {
      fs.rmSync(path.join(dir, m), { force: true });
    }
    const newest = backups[0];
    if (!newest || names.includes(newest + UPLOADED_SUFFIX)) return null;
    return path.join(dir, newest);
  }

  /** Upload the newest backup if HQ does not have it yet; returns what HQ stored (null: nothing to do). */
  async function uploadNewest(): Promise<BackupInfo | null> {
    const file = newestWaiting();
    if (!file) return null;
    const read = readBackupLedger(file);
    if (!read) {
      deps.logger.error({ file }, 'backup unreadable; not uploaded');
      fs.writeFileSync(file + UPLOADED_SUFFIX, 'unreadable; not uploaded\n');
      return null;
    }
    if (!read.facts.ledgerId && read.facts.sales === 0) return null; // an empty ledger is not worth a backup at HQ
    const terminalId = deps.terminalId();
    if (!terminalId) throw new HqError('TERMINAL_UNKNOWN', 'this terminal’s id is not known yet (no answer from HQ so far)', null, true);
    const sealed = sealBackup({
      plain: fs.readFileSync(file),
      terminalId,
      schemaVersion: read.schemaVersion,
      createdAt: fs.statSync(file).mtime.toISOString(),
      ledger: { ledgerId: read.facts.ledgerId, sales: read.facts.sales, lastReceiptSeq: read.facts.lastReceiptSeq, lastReceiptNo: read.facts.lastReceiptNo, lastEventSeq: read.facts.lastEventSeq },
      key: deps.key,
    });
    const answer = BackupUploadResponse.parse(await postBytes(deps.hq, HQ_ROUTES.backups, sealed));
    fs.writeFileSync(file + UPLOADED_SUFFIX, `${answer.backup.backupId} ${answer.backup.receivedAt}\n`);
    last = { file: path.basename(file), at: answer.backup.receivedAt, backup: answer.backup };
    deps.logger.info({ file, backupId: answer.backup.backupId, bytes: sealed.length, duplicate: answer.duplicate }, 'ledger backup uploaded to HQ');
    return answer.backup;
  }

  const loop = createUploadLoop({
    pass: async () => {
      await uploadNewest();
    },
    idleMs: deps.idleMs ?? 60 * 60_000,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    onError: (err, retryInMs) =>
      (retryInMs === null ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger))({ err: (err as Error).message, retryInMs }, 'ledger backup not uploaded to HQ'),
  });

  return {
    uploadNewest,
    /** Whether the newest backup still waits for HQ. */
    waiting: (): string | null => {
      const f = newestWaiting();
      return f ? path.basename(f) : null;
    },
    lastUpload: () => last,
    start: loop.start,
    kick: loop.kick,
    stop: loop.stop,
  };
}
export type BackupUploader = ReturnType<typeof createBackupUploader>;
