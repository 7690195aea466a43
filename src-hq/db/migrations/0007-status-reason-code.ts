import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v7 (issue 13 item 5): why a subscription is suspended or cancelled, as a code terminals
 * translate (`status_reason` keeps HQ staff's text, the fallback for a code a terminal does not know).
 * Existing rows get the code their known text stands for.
 */
export const migration: Migration = {
  version: 7,
  name: '0007-status-reason-code',
  up(db) {
    db.exec(`ALTER TABLE devices ADD COLUMN status_reason_code TEXT;
      UPDATE devices SET status_reason_code = 'reported_lost' WHERE status_reason = '挂失';
      UPDATE devices SET status_reason_code = 'customer_request' WHERE status_reason = '用户申请销户';
      UPDATE devices SET status_reason_code = 'unpaid' WHERE status_reason = '欠费';`);
  },
};
