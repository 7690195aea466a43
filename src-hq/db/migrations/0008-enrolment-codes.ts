import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v8 (issue 17 item 2): one-time enrolment codes. HQ keeps only the code's SHA-256; a code is for
 * one store and terminal number, expires, and is used once (`used_at`, `used_by` = the terminal it enrolled)
 * or withdrawn (`revoked_at`).
 */
export const migration: Migration = {
  version: 8,
  name: '0008-enrolment-codes',
  up(db) {
    db.exec(`CREATE TABLE enrolment_codes (
      code_id TEXT PRIMARY KEY,
      code_sha256 TEXT NOT NULL UNIQUE,
      store_id TEXT NOT NULL REFERENCES stores(store_id),
      terminal_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      used_by TEXT,
      revoked_at TEXT
    );
    CREATE INDEX enrolment_codes_by_terminal ON enrolment_codes(store_id, terminal_code);`);
  },
};
