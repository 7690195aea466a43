import type { Migration } from '../../../src-node/db/connection';

/** What HQ pulls down besides accounts: the store keys for ID hashes and the plan catalog. */
export const migration: Migration = {
  version: 2,
  name: '0002-catalog',
  up(db) {
    db.exec(`
      CREATE TABLE store_keys (
        key_id TEXT PRIMARY KEY,
        key_base64 TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE plans (
        code TEXT PRIMARY KEY,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        data_quota_mb INTEGER NOT NULL,
        device_kind TEXT NOT NULL CHECK (device_kind IN ('imei', 'iccid')),
        terms TEXT NOT NULL,
        active INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
