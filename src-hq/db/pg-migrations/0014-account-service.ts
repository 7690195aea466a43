import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0014-account-service. */
export const migration: PgMigration = {
  version: 14,
  name: '0014-account-service',
  sql: `ALTER TABLE accounts ADD COLUMN phone text;
    CREATE TABLE app_reset_codes (
      account_id text PRIMARY KEY REFERENCES accounts(account_id),
      code_sha256 text NOT NULL,
      event_id text NOT NULL,
      issued_at text NOT NULL,
      expires_at text NOT NULL
    );`,
};
