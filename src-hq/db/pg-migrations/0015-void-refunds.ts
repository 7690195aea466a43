import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0015-void-refunds. */
export const migration: PgMigration = {
  version: 15,
  name: '0015-void-refunds',
  sql: 'ALTER TABLE sales ADD COLUMN void_refunds_json text;',
};
