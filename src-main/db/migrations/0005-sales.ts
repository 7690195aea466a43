import type { Migration } from '../../../src-node/db/connection';

/**
 * Money and its side effects. A sale, its payments, its outbox event, its print job and its audit
 * entry are written in one transaction (services/renewal.ts). Receipt numbers are gapless per terminal
 * (receipt_seq). The outbox seq is the per-terminal increasing sequence HQ checks for gaps.
 */
export const migration: Migration = {
  version: 5,
  name: '0005-sales',
  up(db) {
    db.exec(`
      CREATE TABLE business_days (
        business_date TEXT PRIMARY KEY,
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        z_report TEXT,
        pending_override INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE shifts (
        shift_id TEXT PRIMARY KEY,
        clerk_id TEXT NOT NULL,
        business_date TEXT NOT NULL REFERENCES business_days(business_date),
        opened_at TEXT NOT NULL,
        float_fen INTEGER NOT NULL CHECK (float_fen >= 0),
        float_counts TEXT NOT NULL,
        closed_at TEXT
      ) STRICT;
      -- one open shift per terminal
      CREATE UNIQUE INDEX shifts_one_open ON shifts((closed_at IS NULL)) WHERE closed_at IS NULL;

      CREATE TABLE cash_movements (
        id INTEGER PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts(shift_id),
        kind TEXT NOT NULL CHECK (kind IN ('paidIn', 'paidOut')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        reason TEXT NOT NULL,
        clerk_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sales (
        sale_id TEXT PRIMARY KEY,
        receipt_seq INTEGER NOT NULL UNIQUE,
        receipt_no TEXT NOT NULL UNIQUE,
        business_date TEXT NOT NULL REFERENCES business_days(business_date),
        shift_id TEXT REFERENCES shifts(shift_id),
        clerk_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_number TEXT NOT NULL,
        holder_name TEXT NOT NULL,
        id_masked TEXT NOT NULL,
        plan_code TEXT NOT NULL,
        plan_name_zh TEXT NOT NULL,
        plan_name_en TEXT NOT NULL,
        term_months INTEGER NOT NULL CHECK (term_months > 0),
        price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
        previous_plan_code TEXT NOT NULL,
        previous_status TEXT NOT NULL,
        previous_expiry TEXT NOT NULL,
        new_expiry TEXT NOT NULL,
        cash_tendered_fen INTEGER NOT NULL DEFAULT 0,
        change_fen INTEGER NOT NULL DEFAULT 0,
        hq_status TEXT NOT NULL DEFAULT 'pending' CHECK (hq_status IN ('pending', 'confirmed', 'rejected')),
        hq_expiry TEXT,
        hq_reason_code TEXT,
        hq_reason_zh TEXT,
        hq_reason_en TEXT,
        override_by TEXT,
        created_at TEXT NOT NULL,
        voided_at TEXT,
        void_reason TEXT,
        void_supervisor_id TEXT,
        reprints INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX sales_by_day ON sales(business_date, receipt_seq);

      CREATE TABLE sale_payments (
        sale_id TEXT NOT NULL REFERENCES sales(sale_id),
        line_no INTEGER NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'alipay', 'wechat')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        tendered_fen INTEGER NOT NULL,
        change_fen INTEGER NOT NULL DEFAULT 0,
        reference TEXT,
        PRIMARY KEY (sale_id, line_no)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acked', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        acked_at TEXT,
        result TEXT
      ) STRICT;
      CREATE INDEX outbox_by_state ON outbox(state, seq);

      CREATE TABLE print_jobs (
        job_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'reprint', 'report', 'test')),
        ref_id TEXT,
        payload TEXT NOT NULL,
        open_drawer INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printing', 'done', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        printed_at TEXT
      ) STRICT;
      CREATE INDEX print_jobs_by_state ON print_jobs(state, job_id);
    `);
  },
};
