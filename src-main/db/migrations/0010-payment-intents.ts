import type { Migration } from '../../../src-node/db/connection';

/**
 * Payment intents (issue 14): a code payment is written here before the gateway is called, keyed by
 * its out-trade-no, with the sale request it pays for (never the payment code itself), so a timeout or
 * a crash is resolved by querying that number and the sale commits only with a paid intent.
 */
export const migration: Migration = {
  version: 10,
  name: '0010-payment-intents',
  up(db) {
    db.exec(`
      CREATE TABLE payment_intents (
        out_trade_no TEXT PRIMARY KEY CHECK (length(out_trade_no) <= 32),
        sale_id TEXT NOT NULL,
        attempt INTEGER NOT NULL CHECK (attempt >= 1),
        provider TEXT NOT NULL CHECK (provider IN ('wechat', 'alipay')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        auth_code_masked TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('created', 'paying', 'unknown', 'paid', 'declined', 'cancelled', 'refundPending', 'refunded')),
        transaction_id TEXT,
        sale_request TEXT NOT NULL,
        last_error TEXT,
        confirm_deadline TEXT NOT NULL,
        out_refund_no TEXT,
        refund_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (sale_id, attempt)
      );
      CREATE INDEX payment_intents_open ON payment_intents (state) WHERE state IN ('created', 'paying', 'unknown', 'paid', 'refundPending');
    `);
  },
};
