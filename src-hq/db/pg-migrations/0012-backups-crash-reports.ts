import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0012-backups-crash-reports. */
export const migration: PgMigration = {
  version: 12,
  name: '0012-backups-crash-reports',
  sql: `CREATE TABLE terminal_backups (
      backup_id text PRIMARY KEY,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      sha256 text NOT NULL,
      size_bytes bigint NOT NULL,
      created_at text NOT NULL,
      received_at text NOT NULL,
      schema_version integer NOT NULL,
      key_source text NOT NULL,
      sales integer NOT NULL,
      last_receipt_seq bigint NOT NULL,
      last_receipt_no text,
      last_event_seq bigint NOT NULL,
      data bytea NOT NULL,
      UNIQUE (terminal_id, sha256)
    );
    CREATE INDEX terminal_backups_by_terminal ON terminal_backups(terminal_id, created_at);
    CREATE TABLE crash_reports (
      report_id text PRIMARY KEY,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      file_name text NOT NULL,
      sha256 text NOT NULL,
      size_bytes bigint NOT NULL,
      received_at text NOT NULL,
      data bytea NOT NULL,
      UNIQUE (terminal_id, sha256)
    );
    CREATE INDEX crash_reports_by_terminal ON crash_reports(terminal_id, received_at);`,
};
