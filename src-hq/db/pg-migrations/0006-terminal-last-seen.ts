import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0006-terminal-last-seen. */
export const migration: PgMigration = {
  version: 6,
  name: '0006-terminal-last-seen',
  sql: 'ALTER TABLE terminals ADD COLUMN last_seen_at text;',
};
