import type { HqStore } from './store';

export interface BackupRow {
  backup_id: string;
  terminal_id: string;
  sha256: string;
  size_bytes: number;
  created_at: string;
  received_at: string;
  schema_version: number;
  key_source: string;
  sales: number;
  last_receipt_seq: number;
  last_receipt_no: string | null;
  last_event_seq: number;
}

export interface CrashReportRow {
  report_id: string;
  terminal_id: string;
  file_name: string;
  sha256: string;
  size_bytes: number;
  received_at: string;
}

const BACKUP_COLUMNS =
  'backup_id, terminal_id, sha256, size_bytes, created_at, received_at, schema_version, key_source, sales, last_receipt_seq, last_receipt_no, last_event_seq';
const CRASH_COLUMNS = 'report_id, terminal_id, file_name, sha256, size_bytes, received_at';

/** Terminals' sealed ledger backups and crash dumps (the bytes live in `data`; listings leave them out). */
export class BackupRepo {
  constructor(private readonly db: HqStore) {}

  async insertBackup(row: BackupRow, data: Buffer): Promise<void> {
    await this.db.run(
      `INSERT INTO terminal_backups (${BACKUP_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.backup_id, row.terminal_id, row.sha256, row.size_bytes, row.created_at, row.received_at, row.schema_version, row.key_source, row.sales, row.last_receipt_seq, row.last_receipt_no, row.last_event_seq, data],
    );
  }

  findBackupBySha(terminalId: string, sha256: string): Promise<BackupRow | undefined> {
    return this.db.get<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM terminal_backups WHERE terminal_id = ? AND sha256 = ?`, [terminalId, sha256]);
  }

  /** A terminal's backups, newest first (by the time the terminal took them). */
  listBackups(terminalId: string): Promise<BackupRow[]> {
    return this.db.all<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM terminal_backups WHERE terminal_id = ? ORDER BY created_at DESC, received_at DESC`, [terminalId]);
  }

  async backupData(terminalId: string, backupId: string): Promise<Buffer | undefined> {
    const row = await this.db.get<{ data: Buffer | Uint8Array }>('SELECT data FROM terminal_backups WHERE terminal_id = ? AND backup_id = ?', [terminalId, backupId]);
    return row ? Buffer.from(row.data) : undefined;
  }

  /** Keeps a terminal's newest `keep` backups; returns how many were removed. */
  async pruneBackups(terminalId: string, keep: number): Promise<number> {
    const old = (await this.listBackups(terminalId)).slice(keep);
    for (const b of old) await this.db.run('DELETE FROM terminal_backups WHERE backup_id = ?', [b.backup_id]);
    return old.length;
  }

  async insertCrashReport(row: CrashReportRow, data: Buffer): Promise<void> {
    await this.db.run(`INSERT INTO crash_reports (${CRASH_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      row.report_id, row.terminal_id, row.file_name, row.sha256, row.size_bytes, row.received_at, data,
    ]);
  }

  findCrashReportBySha(terminalId: string, sha256: string): Promise<CrashReportRow | undefined> {
    return this.db.get<CrashReportRow>(`SELECT ${CRASH_COLUMNS} FROM crash_reports WHERE terminal_id = ? AND sha256 = ?`, [terminalId, sha256]);
  }

  listCrashReports(terminalId: string): Promise<CrashReportRow[]> {
    return this.db.all<CrashReportRow>(`SELECT ${CRASH_COLUMNS} FROM crash_reports WHERE terminal_id = ? ORDER BY received_at DESC, report_id`, [terminalId]);
  }

  async crashReportData(reportId: string): Promise<{ row: CrashReportRow; data: Buffer } | undefined> {
    const row = await this.db.get<CrashReportRow & { data: Buffer | Uint8Array }>(`SELECT ${CRASH_COLUMNS}, data FROM crash_reports WHERE report_id = ?`, [reportId]);
    if (!row) return undefined;
    const { data, ...meta } = row;
    return { row: meta, data: Buffer.from(data) };
  }
}
