import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0003-clerk-unlock: when an admin last cleared each clerk's PIN lockout. */
export const migration: PgMigration = {
  version: 3,
  name: '0003-clerk-unlock',
  sql: 'ALTER TABLE clerks ADD COLUMN unlocked_at text;',
};
