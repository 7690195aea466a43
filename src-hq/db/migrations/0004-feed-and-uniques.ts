import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v4 (issue 16): the feed-head row that hands out change-log positions in commit order
 * (instead of the table's AUTOINCREMENT), and the uniqueness HQ's idempotency rests on when several
 * HQ processes share one database — one event per (terminal, terminalSeq), one sale per (terminal,
 * receipt number) and per (terminal, receipt sequence). Events refused as SEQUENCE_USED keep their
 * number only in their body.
 */
export const migration: Migration = {
  version: 4,
  name: '0004-feed-and-uniques',
  up(db) {
    db.exec(`
      CREATE TABLE feed_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        head INTEGER NOT NULL
      ) STRICT;
      INSERT INTO feed_head (id, head) VALUES (1,
        max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0), (SELECT coalesce(max(seq), 0) FROM change_log)));

      UPDATE events SET terminal_seq = NULL
        WHERE status = 'rejected' AND json_extract(result_json, '$.code') = 'SEQUENCE_USED';

      DROP INDEX sales_by_terminal_receipt_no;
      DROP INDEX sales_by_terminal_receipt_seq;
      CREATE UNIQUE INDEX sales_unique_receipt_no ON sales(terminal_id, receipt_no);
      CREATE UNIQUE INDEX sales_unique_receipt_seq ON sales(terminal_id, receipt_seq) WHERE receipt_seq IS NOT NULL;
      CREATE UNIQUE INDEX events_unique_terminal_seq ON events(terminal_id, terminal_seq) WHERE terminal_seq IS NOT NULL;
    `);
  },
};
