import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0013-account-id-hashes. */
export const migration: PgMigration = {
  version: 13,
  name: '0013-account-id-hashes',
  sql: `CREATE TABLE account_id_hashes (
      key_id text NOT NULL REFERENCES store_keys(key_id),
      id_hash text NOT NULL,
      account_id text NOT NULL REFERENCES accounts(account_id),
      PRIMARY KEY (key_id, id_hash)
    );
    CREATE UNIQUE INDEX account_id_hashes_by_account ON account_id_hashes(key_id, account_id);`,
};
