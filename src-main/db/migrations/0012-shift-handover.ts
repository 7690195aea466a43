import type { Migration } from '../../../src-node/db/connection';

/**
 * Shift handover (issue 14 item 4): a shift closes with its own drawer count (expected, counted,
 * variance, reason), the next one records the float it took over and why it differs; a void records
 * which shift's drawer paid the cash back; no-sale drawer openings are counted per shift.
 */
export const migration: Migration = {
  version: 12,
  name: '0012-shift-handover',
  up(db) {
    db.exec(`
      ALTER TABLE shifts ADD COLUMN close_counts TEXT;
      ALTER TABLE shifts ADD COLUMN counted_fen INTEGER CHECK (counted_fen IS NULL OR counted_fen >= 0);
      ALTER TABLE shifts ADD COLUMN expected_fen INTEGER;
      ALTER TABLE shifts ADD COLUMN variance_fen INTEGER;
      ALTER TABLE shifts ADD COLUMN close_reason TEXT;
      ALTER TABLE shifts ADD COLUMN handover_from TEXT REFERENCES shifts(shift_id);
      ALTER TABLE shifts ADD COLUMN float_reason TEXT;
      ALTER TABLE sales ADD COLUMN void_shift_id TEXT REFERENCES shifts(shift_id);
      CREATE TABLE no_sales (
        id INTEGER PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts(shift_id),
        reason TEXT NOT NULL,
        clerk_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX no_sales_by_shift ON no_sales(shift_id);
      -- The Z report sums cash per shift: this index covers those sums for one business day.
      CREATE INDEX sales_cash_by_shift ON sales(business_date, shift_id, voided_at, void_shift_id, cash_tendered_fen, change_fen);
    `);
  },
};
