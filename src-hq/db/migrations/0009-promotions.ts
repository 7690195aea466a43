import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema: promotions (issue 14 item 1). Each promotion is kept as its protocol record (`data_json`,
 * src-shared PromotionData) with the promotion-set version of its last change; the set version itself is
 * the meta counter `promotion_set_version`. A sale keeps the list price, the promotions the terminal
 * applied, the set version it priced with and HQ's re-check (`honoured` / `flagged` with a reason).
 */
export const migration: Migration = {
  version: 9,
  name: '0009-promotions',
  up(db) {
    db.exec(`
      CREATE TABLE promotions (
        promotion_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('percentOff', 'fixedPrice', 'spendSave')),
        data_json TEXT NOT NULL,
        set_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      ALTER TABLE sales ADD COLUMN list_price_fen INTEGER;
      ALTER TABLE sales ADD COLUMN promotions_json TEXT;
      ALTER TABLE sales ADD COLUMN promotion_set_version INTEGER;
      ALTER TABLE sales ADD COLUMN promotion_check TEXT CHECK (promotion_check IN ('honoured', 'flagged'));
      ALTER TABLE sales ADD COLUMN promotion_flag TEXT;
      CREATE INDEX sales_promotion_flagged ON sales(received_at) WHERE promotion_check = 'flagged';
    `);
  },
};
