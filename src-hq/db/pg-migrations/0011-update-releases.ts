import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0011-update-releases. */
export const migration: PgMigration = {
  version: 11,
  name: '0011-update-releases',
  sql: `CREATE TABLE update_files (
      channel text NOT NULL,
      version text NOT NULL,
      name text NOT NULL,
      sha512 text NOT NULL,
      size bigint NOT NULL,
      uploaded_at text NOT NULL,
      PRIMARY KEY (channel, version, name)
    );
    CREATE TABLE update_releases (
      channel text NOT NULL,
      version text NOT NULL,
      release_notes text NOT NULL,
      rollout_groups_json text NOT NULL,
      rollout_percent integer NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
      published_at text NOT NULL,
      updated_at text NOT NULL,
      PRIMARY KEY (channel, version)
    );`,
};
