import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v13 (issue 15 item 1, the ID-only lookup): each account's national-ID hash under each store
 * key, so HQ finds an account from the hash a terminal sends without hashing every account per lookup.
 * Rows are written when an account is created or a key is added, and filled at start-up for accounts
 * that have none yet (services/id-hash-index.ts); the HMAC is computed in the application, so the table
 * starts empty here.
 */
export const migration: Migration = {
  version: 13,
  name: '0013-account-id-hashes',
  up(db) {
    db.exec(`
      CREATE TABLE account_id_hashes (
        key_id TEXT NOT NULL REFERENCES store_keys(key_id),
        id_hash TEXT NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts(account_id),
        PRIMARY KEY (key_id, id_hash)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX account_id_hashes_by_account ON account_id_hashes(key_id, account_id);`);
  },
};
