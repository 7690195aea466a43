import type { PgMigration } from '.';

/**
 * PostgreSQL twin of SQLite 0002-ledger: the receipt sequence of each sale, each terminal's audit key
 * and ledger epoch, and the audit-chain anchors of each push. (A PostgreSQL HQ database is always
 * created by an HQ that has this step, so there are no older sales whose sequence must be filled in.)
 */
export const migration: PgMigration = {
  version: 2,
  name: '0002-ledger',
  sql: `
    ALTER TABLE sales ADD COLUMN receipt_seq bigint;
    CREATE INDEX sales_by_terminal_receipt_no ON sales(terminal_id, receipt_no);
    CREATE INDEX sales_by_terminal_receipt_seq ON sales(terminal_id, receipt_seq) WHERE receipt_seq IS NOT NULL;

    CREATE TABLE terminal_ledgers (
      terminal_id text PRIMARY KEY REFERENCES terminals(terminal_id),
      audit_key_id text NOT NULL,
      audit_key_b64 text NOT NULL,
      epoch integer NOT NULL DEFAULT 0,
      created_at text NOT NULL,
      reenrolled_at text
    );

    CREATE TABLE audit_anchors (
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      epoch integer NOT NULL,
      entry_count bigint NOT NULL,
      head_hash text NOT NULL,
      received_at text NOT NULL,
      PRIMARY KEY (terminal_id, epoch, entry_count)
    );
  `,
};
