import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v11 (issue 17 item 5): the update feed. `update_files` are the artifacts uploaded for a version of a
 * channel (installers and their blockmaps; the bytes live in HQ's updates folder, the row holds their SHA-512
 * and size); `update_releases` publishes a version on its channel with a rollout (store groups and a
 * percentage of the other terminals, src-shared/domain/update-stage.ts).
 */
export const migration: Migration = {
  version: 11,
  name: '0011-update-releases',
  up(db) {
    db.exec(`CREATE TABLE update_files (
      channel TEXT NOT NULL,
      version TEXT NOT NULL,
      name TEXT NOT NULL,
      sha512 TEXT NOT NULL,
      size INTEGER NOT NULL,
      uploaded_at TEXT NOT NULL,
      PRIMARY KEY (channel, version, name)
    );
    CREATE TABLE update_releases (
      channel TEXT NOT NULL,
      version TEXT NOT NULL,
      release_notes TEXT NOT NULL,
      rollout_groups_json TEXT NOT NULL,
      rollout_percent INTEGER NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
      published_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (channel, version)
    );`);
  },
};
