import type { PgMigration } from '.';

/**
 * PostgreSQL twin of SQLite 0004-feed-and-uniques: the feed-head row that hands out change-log
 * positions in commit order, and the uniqueness HQ's idempotency rests on across processes — one
 * event per (terminal, terminalSeq), one sale per (terminal, receipt number) and per (terminal,
 * receipt sequence).
 */
export const migration: PgMigration = {
  version: 4,
  name: '0004-feed-and-uniques',
  sql: `
    CREATE TABLE feed_head (
      id integer PRIMARY KEY CHECK (id = 1),
      head bigint NOT NULL
    );
    INSERT INTO feed_head (id, head) VALUES (1, (SELECT coalesce(max(seq), 0) FROM change_log));

    DROP INDEX sales_by_terminal_receipt_no;
    DROP INDEX sales_by_terminal_receipt_seq;
    CREATE UNIQUE INDEX sales_unique_receipt_no ON sales(terminal_id, receipt_no);
    CREATE UNIQUE INDEX sales_unique_receipt_seq ON sales(terminal_id, receipt_seq) WHERE receipt_seq IS NOT NULL;
    CREATE UNIQUE INDEX events_unique_terminal_seq ON events(terminal_id, terminal_seq) WHERE terminal_seq IS NOT NULL;
  `,
};
