import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0007-status-reason-code. */
export const migration: PgMigration = {
  version: 7,
  name: '0007-status-reason-code',
  sql: `ALTER TABLE devices ADD COLUMN status_reason_code text;
    UPDATE devices SET status_reason_code = 'reported_lost' WHERE status_reason = '挂失';
    UPDATE devices SET status_reason_code = 'customer_request' WHERE status_reason = '用户申请销户';
    UPDATE devices SET status_reason_code = 'unpaid' WHERE status_reason = '欠费';`,
};
