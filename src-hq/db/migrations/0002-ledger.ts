import type { Migration } from '../../../src-node/db/connection';
import { parseReceiptNumber } from '../../../src-shared/domain/receipt-number';

/**
 * HQ schema v2 (issue 10 items 5 and 8): the receipt sequence of each sale (so a replaced terminal
 * ledger cannot reuse a number under another date), each terminal's audit key and ledger epoch, and
 * the audit-chain anchors (head hash and entry count) each outbox push carries.
 */
export const migration: Migration = {
  version: 2,
  name: '0002-ledger',
  up(db) {
    db.exec(`
      ALTER TABLE sales ADD COLUMN receipt_seq INTEGER;
      CREATE INDEX sales_by_terminal_receipt_no ON sales(terminal_id, receipt_no);
      CREATE INDEX sales_by_terminal_receipt_seq ON sales(terminal_id, receipt_seq) WHERE receipt_seq IS NOT NULL;

      CREATE TABLE terminal_ledgers (
        terminal_id TEXT PRIMARY KEY REFERENCES terminals(terminal_id),
        audit_key_id TEXT NOT NULL,
        audit_key_b64 TEXT NOT NULL,
        epoch INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        reenrolled_at TEXT
      ) STRICT;

      CREATE TABLE audit_anchors (
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        epoch INTEGER NOT NULL,
        entry_count INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (terminal_id, epoch, entry_count)
      ) STRICT, WITHOUT ROWID;
    `);
    // Sales stored before v2: their sequence from the receipt number (unparseable ones stay NULL).
    const rows = db.prepare<[], { sale_id: string; receipt_no: string }>('SELECT sale_id, receipt_no FROM sales').all();
    const set = db.prepare<[number, string]>('UPDATE sales SET receipt_seq = ? WHERE sale_id = ?');
    for (const r of rows) {
      const parsed = parseReceiptNumber(r.receipt_no);
      if (parsed.ok) set.run(parsed.value.seq, r.sale_id);
    }
  },
};
