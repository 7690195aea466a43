import type { Migration } from '../../../src-node/db/connection';

/**
 * Promotions on a sale (issue 14 item 1): one row per promotion that took something off, in the order
 * applied, with the names as printed and the promotion-set version the sale was priced with. The
 * sale's `price_fen` stays the price paid; list price = price_fen + the sale's discounts.
 */
export const migration: Migration = {
  version: 13,
  name: '0013-sale-discounts',
  up(db) {
    db.exec(`
      CREATE TABLE sale_discounts (
        sale_id TEXT NOT NULL REFERENCES sales (sale_id),
        line_no INTEGER NOT NULL,
        promotion_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('percentOff', 'fixedPrice', 'spendSave')),
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        discount_fen INTEGER NOT NULL CHECK (discount_fen > 0),
        promotion_set_version INTEGER NOT NULL,
        PRIMARY KEY (sale_id, line_no)
      );
    `);
  },
};
