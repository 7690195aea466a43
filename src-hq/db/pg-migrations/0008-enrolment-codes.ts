import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0008-enrolment-codes. */
export const migration: PgMigration = {
  version: 8,
  name: '0008-enrolment-codes',
  sql: `CREATE TABLE enrolment_codes (
      code_id text PRIMARY KEY,
      code_sha256 text NOT NULL UNIQUE,
      store_id text NOT NULL REFERENCES stores(store_id),
      terminal_code text NOT NULL,
      created_at text NOT NULL,
      expires_at text NOT NULL,
      used_at text,
      used_by text,
      revoked_at text
    );
    CREATE INDEX enrolment_codes_by_terminal ON enrolment_codes(store_id, terminal_code);`,
};
