import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0014-void-refunds. */
export const migration: PgMigration = {
  version: 14,
  name: '0014-void-refunds',
  sql: 'ALTER TABLE sales ADD COLUMN void_refunds_json text;',
};
