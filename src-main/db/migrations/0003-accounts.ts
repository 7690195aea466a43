import type { Migration } from '../../../src-node/db/connection';

/**
 * The offline account cache. The national ID is never stored: only HMAC-SHA256(store key, ID) and a
 * mask. Devices carry their subscription as last pulled from HQ.
 */
export const migration: Migration = {
  version: 3,
  name: '0003-accounts',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        holder_name TEXT NOT NULL,
        id_hash TEXT NOT NULL,
        key_id TEXT NOT NULL,
        id_masked TEXT NOT NULL,
        status TEXT,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        device_count INTEGER NOT NULL DEFAULT 1
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('imei', 'iccid')),
        number TEXT NOT NULL,
        plan_code TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        data_quota_mb INTEGER NOT NULL,
        data_used_mb INTEGER NOT NULL,
        usage_as_of TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'cancelled')),
        status_reason TEXT
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX devices_by_number ON devices(number);
      CREATE INDEX devices_by_account ON devices(account_id);
    `);
  },
};
