import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v3 (issue 10 item 3): when an admin last cleared each clerk's PIN lockout. It travels in the
 * clerk record (`unlockedAt`), so a terminal applies an unlock once, from the change feed or a snapshot.
 */
export const migration: Migration = {
  version: 3,
  name: '0003-clerk-unlock',
  up(db) {
    db.exec('ALTER TABLE clerks ADD COLUMN unlocked_at TEXT;');
  },
};
