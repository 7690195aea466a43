import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v15 (issue 14): the refunds of a void as the terminal made them, one per payment line
 * (method, route drawer / gateway / cardTerminal, amount, refund reference, state), kept as JSON with
 * the void. Null: the void came from a terminal that sent none.
 */
export const migration: Migration = {
  version: 15,
  name: '0015-void-refunds',
  up(db) {
    db.exec('ALTER TABLE sales ADD COLUMN void_refunds_json TEXT;');
  },
};
