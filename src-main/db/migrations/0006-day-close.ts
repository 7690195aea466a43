import type { Migration } from '../../../src-node/db/connection';

/**
 * End of day: the drawer count of each business day, who closed a shift, and the indexes the Z
 * report and the shift's expected cash read by (business date; shift).
 */
export const migration: Migration = {
  version: 6,
  name: '0006-day-close',
  up(db) {
    db.exec(`
      CREATE TABLE cash_counts (
        business_date TEXT PRIMARY KEY REFERENCES business_days(business_date),
        shift_id TEXT NOT NULL REFERENCES shifts(shift_id),
        counts TEXT NOT NULL,
        counted_fen INTEGER NOT NULL CHECK (counted_fen >= 0),
        expected_fen INTEGER NOT NULL,
        variance_fen INTEGER NOT NULL,
        reason TEXT,
        clerk_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE shifts ADD COLUMN closed_by TEXT;
      CREATE INDEX shifts_by_day ON shifts(business_date);
      CREATE INDEX cash_movements_by_shift ON cash_movements(shift_id, kind);
      CREATE INDEX sales_by_shift ON sales(shift_id) WHERE shift_id IS NOT NULL;
      -- The Z report reads one business day: this index covers its totals, hours, clerks and cash.
      CREATE INDEX sales_zreport ON sales(business_date, voided_at, hq_status, created_at, clerk_id, price_fen, cash_tendered_fen, change_fen);
    `);
  },
};
