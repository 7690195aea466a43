import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v12 (issue 17 item 6): terminals' sealed ledger backups and crash dumps, per terminal.
 * `data` holds the bytes as the terminal sent them (a backup is encrypted on the terminal; HQ cannot
 * read it, it keeps the public header's facts in the columns beside it). One row per terminal and
 * SHA-256: an upload repeated after a lost answer stores nothing new.
 */
export const migration: Migration = {
  version: 12,
  name: '0012-backups-crash-reports',
  up(db) {
    db.exec(`CREATE TABLE terminal_backups (
      backup_id TEXT PRIMARY KEY,
      terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
      sha256 TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      key_source TEXT NOT NULL,
      sales INTEGER NOT NULL,
      last_receipt_seq INTEGER NOT NULL,
      last_receipt_no TEXT,
      last_event_seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      UNIQUE (terminal_id, sha256)
    );
    CREATE INDEX terminal_backups_by_terminal ON terminal_backups(terminal_id, created_at);
    CREATE TABLE crash_reports (
      report_id TEXT PRIMARY KEY,
      terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      received_at TEXT NOT NULL,
      data BLOB NOT NULL,
      UNIQUE (terminal_id, sha256)
    );
    CREATE INDEX crash_reports_by_terminal ON crash_reports(terminal_id, received_at);`);
  },
};
