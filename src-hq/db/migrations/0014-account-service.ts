import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v14 (issue 15 item 3, account services): the mobile number bound to an account, and the
 * one-time app reset codes HQ issues — only the code's SHA-256, its expiry and the event that asked for it.
 */
export const migration: Migration = {
  version: 14,
  name: '0014-account-service',
  up(db) {
    db.exec(`
      ALTER TABLE accounts ADD COLUMN phone TEXT;
      CREATE TABLE app_reset_codes (
        account_id TEXT PRIMARY KEY REFERENCES accounts(account_id),
        code_sha256 TEXT NOT NULL,
        event_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;`);
  },
};
