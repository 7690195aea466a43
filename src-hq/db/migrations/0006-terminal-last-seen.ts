import type { Migration } from '../../../src-node/db/connection';

/** HQ schema v6 (issue 16 item 5): when each terminal last reached HQ (the status page's "last contact"). */
export const migration: Migration = {
  version: 6,
  name: '0006-terminal-last-seen',
  up(db) {
    db.exec('ALTER TABLE terminals ADD COLUMN last_seen_at TEXT;');
  },
};
