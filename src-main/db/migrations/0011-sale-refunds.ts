import type { Migration } from '../../../src-node/db/connection';

/**
 * Refunds on void (issue 14 item 3): one row per refunded payment line — from the drawer, through the
 * payment gateway (pending until the gateway confirms it), or on the card terminal with its refund
 * reference. A void with a pending refund stays visible until the refund is done.
 */
export const migration: Migration = {
  version: 11,
  name: '0011-sale-refunds',
  up(db) {
    db.exec(`
      CREATE TABLE sale_refunds (
        sale_id TEXT NOT NULL REFERENCES sales (sale_id),
        line_no INTEGER NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'alipay', 'wechat')),
        route TEXT NOT NULL CHECK (route IN ('drawer', 'gateway', 'cardTerminal')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
        reference TEXT,
        out_trade_no TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        done_at TEXT,
        PRIMARY KEY (sale_id, line_no)
      );
      CREATE INDEX sale_refunds_pending ON sale_refunds (sale_id) WHERE state = 'pending';
    `);
  },
};
