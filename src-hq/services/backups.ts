/**
 * Terminals' ledger backups and crash dumps at HQ (issue 17 item 6). A backup arrives sealed (encrypted
 * on the terminal, src-node/backup/sealed-backup.ts); HQ checks its public header names the terminal that
 * sent it, keeps the bytes and the header's facts, and serves them back only to that terminal (or the
 * admin's listing). Re-sending the same bytes stores nothing new.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { BackupInfo, CrashReportInfo } from '../../src-shared/hq-protocol/schemas';
import { BackupOpenError, readBackupHeader } from '../../src-node/backup/sealed-backup';
import type { BackupRow, CrashReportRow, TerminalRow } from '../db';
import { HqError } from '../errors';
import type { HqContext } from './context';

/** How many backups HQ keeps per terminal (newest by the terminal's time). */
export const BACKUPS_KEPT_PER_TERMINAL = 30;
/** How many crash dumps HQ keeps per terminal. */
export const CRASH_REPORTS_KEPT_PER_TERMINAL = 50;
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
export const MAX_CRASH_REPORT_BYTES = 32 * 1024 * 1024;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export function backupInfo(r: BackupRow): BackupInfo {
  return {
    backupId: r.backup_id,
    terminalId: r.terminal_id,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    schemaVersion: Number(r.schema_version),
    keySource: r.key_source === 'backupKey' ? 'backupKey' : 'hqToken',
    sales: Number(r.sales),
    lastReceiptSeq: Number(r.last_receipt_seq),
    lastReceiptNo: r.last_receipt_no,
    lastEventSeq: Number(r.last_event_seq),
  };
}

export function crashReportInfo(r: CrashReportRow): CrashReportInfo {
  return { reportId: r.report_id, terminalId: r.terminal_id, fileName: r.file_name, sizeBytes: Number(r.size_bytes), sha256: r.sha256, receivedAt: r.received_at };
}

export async function storeBackup(ctx: HqContext, terminal: TerminalRow, data: Buffer): Promise<{ backup: BackupInfo; duplicate: boolean }> {
  let header;
  try {
    ({ header } = readBackupHeader(data));
  } catch (err) {
    if (err instanceof BackupOpenError) throw new HqError('INVALID_INPUT', `The body is not a sealed ledger backup (${err.message}).`);
    throw err;
  }
  if (header.terminalId !== terminal.terminal_id) {
    throw new HqError('INVALID_INPUT', `The backup is of terminal ${header.terminalId}; this token is terminal ${terminal.terminal_id}'s.`);
  }
  const hash = sha256(data);
  const { backups } = ctx.repos;
  return ctx.repos.db.tx(async () => {
    const known = await backups.findBackupBySha(terminal.terminal_id, hash);
    if (known) return { backup: backupInfo(known), duplicate: true };
    const row: BackupRow = {
      backup_id: `bk-${randomUUID()}`,
      terminal_id: terminal.terminal_id,
      sha256: hash,
      size_bytes: data.length,
      created_at: new Date(header.createdAt).toISOString(),
      received_at: ctx.now().toISOString(),
      schema_version: header.schemaVersion,
      key_source: header.keySource,
      sales: header.ledger.sales,
      last_receipt_seq: header.ledger.lastReceiptSeq,
      last_receipt_no: header.ledger.lastReceiptNo,
      last_event_seq: header.ledger.lastEventSeq,
    };
    await backups.insertBackup(row, data);
    const pruned = await backups.pruneBackups(terminal.terminal_id, BACKUPS_KEPT_PER_TERMINAL);
    ctx.logger.info({ terminal: terminal.code, backupId: row.backup_id, bytes: data.length, pruned }, 'ledger backup stored');
    return { backup: backupInfo(row), duplicate: false };
  });
}

export async function listBackups(ctx: HqContext, terminalId: string): Promise<BackupInfo[]> {
  return (await ctx.repos.backups.listBackups(terminalId)).map(backupInfo);
}

export async function backupBytes(ctx: HqContext, terminalId: string, backupId: string): Promise<Buffer> {
  const data = await ctx.repos.backups.backupData(terminalId, backupId);
  if (!data) throw new HqError('NOT_FOUND', `This terminal has no backup ${backupId}.`);
  return data;
}

const SAFE_NAME = /^[A-Za-z0-9._-]{1,200}$/;

export async function storeCrashReport(ctx: HqContext, terminal: TerminalRow, fileName: string | null, data: Buffer): Promise<{ crashReport: CrashReportInfo; duplicate: boolean }> {
  if (!fileName || !SAFE_NAME.test(fileName)) throw new HqError('INVALID_INPUT', 'Name the dump file in ?name= (letters, digits, dot, dash, underscore).');
  if (data.length === 0) throw new HqError('INVALID_INPUT', 'The crash dump is empty.');
  const hash = sha256(data);
  const { backups } = ctx.repos;
  return ctx.repos.db.tx(async () => {
    const known = await backups.findCrashReportBySha(terminal.terminal_id, hash);
    if (known) return { crashReport: crashReportInfo(known), duplicate: true };
    const row: CrashReportRow = {
      report_id: `cr-${randomUUID()}`,
      terminal_id: terminal.terminal_id,
      file_name: fileName,
      sha256: hash,
      size_bytes: data.length,
      received_at: ctx.now().toISOString(),
    };
    await backups.insertCrashReport(row, data);
    const old = (await backups.listCrashReports(terminal.terminal_id)).slice(CRASH_REPORTS_KEPT_PER_TERMINAL);
    for (const r of old) await ctx.repos.db.run('DELETE FROM crash_reports WHERE report_id = ?', [r.report_id]);
    ctx.logger.warn({ terminal: terminal.code, reportId: row.report_id, file: fileName, bytes: data.length }, 'crash report received');
    return { crashReport: crashReportInfo(row), duplicate: false };
  });
}

export async function listCrashReports(ctx: HqContext, terminalId: string): Promise<CrashReportInfo[]> {
  return (await ctx.repos.backups.listCrashReports(terminalId)).map(crashReportInfo);
}

export async function crashReportBytes(ctx: HqContext, reportId: string): Promise<{ info: CrashReportInfo; data: Buffer }> {
  const found = await ctx.repos.backups.crashReportData(reportId);
  if (!found) throw new HqError('NOT_FOUND', `No crash report ${reportId}.`);
  return { info: crashReportInfo(found.row), data: found.data };
}

/** The admin's view: the terminal must exist. */
export async function requireTerminal(ctx: HqContext, terminalId: string): Promise<void> {
  if (!(await ctx.repos.terminals.findById(terminalId))) throw new HqError('NOT_FOUND', `No terminal ${terminalId}.`);
}
