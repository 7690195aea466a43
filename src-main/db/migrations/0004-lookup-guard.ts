import type { Migration } from '../../../src-node/db/connection';

/** Failed lookups per clerk (no ID numbers, only when) and the locks they cause; and snapshot import progress. */
export const migration: Migration = {
  version: 4,
  name: '0004-lookup-guard',
  up(db) {
    db.exec(`
      CREATE TABLE lookup_failures (
        id INTEGER PRIMARY KEY,
        clerk_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX lookup_failures_by_clerk ON lookup_failures(clerk_id, at);

      CREATE TABLE lookup_locks (
        clerk_id TEXT PRIMARY KEY,
        locked_at TEXT NOT NULL,
        unlocked_at TEXT,
        unlocked_by TEXT
      ) STRICT;
    `);
  },
};
