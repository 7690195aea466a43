import type { Migration } from '../../../src-node/db/connection';

/**
 * PIN lockout that expires and escalates (issue 10 items 2 and 3): one guard row per subject — a clerk's
 * own PIN (`clerk:<clerkId>`) or this terminal's public unlock path (`public`). The old per-clerk columns
 * (a count and a lock that never ended) move here: a clerk locked before the upgrade stays locked for the
 * first step (1 minute after the old lock) and then gets a new round. `hq_unlocked_at` remembers the last
 * HQ "unlock clerk" the terminal applied, so a re-sent clerk record does not clear a later lock.
 */
export const migration: Migration = {
  version: 7,
  name: '0007-pin-guards',
  up(db) {
    db.exec(`
      CREATE TABLE pin_guards (
        subject TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
        locked_until TEXT
      ) STRICT;

      INSERT INTO pin_guards (subject, failures, lockouts, locked_until)
        SELECT 'clerk:' || clerk_id, failed_pins,
               CASE WHEN locked_at IS NULL THEN 0 ELSE 1 END,
               CASE WHEN locked_at IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', locked_at, '+1 minute') END
        FROM clerks WHERE failed_pins > 0 OR locked_at IS NOT NULL;

      ALTER TABLE clerks DROP COLUMN failed_pins;
      ALTER TABLE clerks DROP COLUMN locked_at;
      ALTER TABLE clerks ADD COLUMN hq_unlocked_at TEXT;
    `);
  },
};
