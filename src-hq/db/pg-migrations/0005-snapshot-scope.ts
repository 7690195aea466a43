import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0005-snapshot-scope: store groups, each store's group, each account's home store. */
export const migration: PgMigration = {
  version: 5,
  name: '0005-snapshot-scope',
  sql: `
    CREATE TABLE store_groups (
      group_id text PRIMARY KEY,
      name text NOT NULL,
      updated_at text NOT NULL
    );
    ALTER TABLE stores ADD COLUMN group_id text REFERENCES store_groups(group_id);
    ALTER TABLE accounts ADD COLUMN home_store_id text REFERENCES stores(store_id);
    CREATE INDEX accounts_by_home_store ON accounts(home_store_id, account_id);
  `,
};
