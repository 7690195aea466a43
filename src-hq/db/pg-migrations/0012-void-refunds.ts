import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0012-void-refunds. */
export const migration: PgMigration = {
  version: 12,
  name: '0012-void-refunds',
  sql: 'ALTER TABLE sales ADD COLUMN void_refunds_json text;',
};
