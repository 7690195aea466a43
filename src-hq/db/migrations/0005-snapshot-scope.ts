import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v5 (issue 16 item 4): store groups, each store's group, and each account's home store, so a
 * terminal's accounts snapshot can be scoped to its store or its store group (the HQ setting
 * `snapshot_scope` in meta). Accounts without a home store are in every scope.
 */
export const migration: Migration = {
  version: 5,
  name: '0005-snapshot-scope',
  up(db) {
    db.exec(`
      CREATE TABLE store_groups (
        group_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE stores ADD COLUMN group_id TEXT REFERENCES store_groups(group_id);
      ALTER TABLE accounts ADD COLUMN home_store_id TEXT REFERENCES stores(store_id);
      CREATE INDEX accounts_by_home_store ON accounts(home_store_id, account_id);
    `);
  },
};
