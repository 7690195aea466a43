import type { Migration } from '../../../src-node/db/connection';

/**
 * When HQ first failed on an outbox event (a 5xx, an unreadable answer for it): an event is dead-lettered
 * only once that is DEAD_LETTER_WINDOW_MS ago (issue 10 item 6), never by counting tries — a clerk
 * pressing "sync now" ten times during an HQ 500 used to dead-letter the sale. Existing rows start clean.
 */
export const migration: Migration = {
  version: 8,
  name: '0008-outbox-first-failure',
  up(db) {
    db.exec('ALTER TABLE outbox ADD COLUMN first_failed_at TEXT;');
  },
};
