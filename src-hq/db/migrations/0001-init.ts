import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v1: stores, the national-ID key ring, plans, clerks, terminals, accounts and their
 * devices, the global change log, received events (idempotency), per-terminal sequence state,
 * sales and day closes.
 */
export const migration: Migration = {
  version: 1,
  name: '0001-init',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE stores (
        store_id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        phone TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE store_keys (
        key_id TEXT PRIMARY KEY,
        key_b64 TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE plans (
        code TEXT PRIMARY KEY,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        data_quota_mb INTEGER NOT NULL,
        device_kind TEXT NOT NULL CHECK (device_kind IN ('imei', 'iccid')),
        terms_json TEXT NOT NULL,
        active INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE clerks (
        clerk_id TEXT PRIMARY KEY,
        store_id TEXT NOT NULL REFERENCES stores(store_id),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
        pin_hash TEXT NOT NULL,
        active INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (store_id, code)
      ) STRICT;

      CREATE TABLE terminals (
        terminal_id TEXT PRIMARY KEY,
        store_id TEXT NOT NULL REFERENCES stores(store_id),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        active INTEGER NOT NULL,
        config_json TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0,
        contiguous_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        UNIQUE (store_id, code)
      ) STRICT;

      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        holder_name TEXT NOT NULL,
        national_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(account_id),
        kind TEXT NOT NULL CHECK (kind IN ('imei', 'iccid')),
        number TEXT NOT NULL UNIQUE,
        plan_code TEXT NOT NULL REFERENCES plans(code),
        expires_at TEXT NOT NULL,
        data_quota_mb INTEGER NOT NULL,
        data_used_mb INTEGER NOT NULL,
        usage_as_of TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'cancelled')),
        status_reason TEXT
      ) STRICT;
      CREATE INDEX devices_by_account ON devices(account_id);

      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        entity_id TEXT NOT NULL,
        store_id TEXT,
        terminal_id TEXT,
        data_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        terminal_seq INTEGER,
        type TEXT NOT NULL,
        body_sha256 TEXT NOT NULL,
        body_json TEXT NOT NULL,
        status TEXT NOT NULL,
        result_json TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_by_terminal ON events(terminal_id, received_at);

      CREATE TABLE terminal_seqs_received (
        terminal_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sales (
        sale_id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        receipt_no TEXT NOT NULL,
        business_date TEXT NOT NULL,
        clerk_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        device_id TEXT,
        device_number TEXT NOT NULL,
        plan_code TEXT NOT NULL,
        term_months INTEGER NOT NULL,
        price_fen INTEGER NOT NULL,
        payments_json TEXT NOT NULL,
        change_fen INTEGER NOT NULL,
        sold_at TEXT NOT NULL,
        effective_at TEXT NOT NULL,
        terminal_previous_expiry TEXT NOT NULL,
        terminal_new_expiry TEXT NOT NULL,
        hq_previous_expiry TEXT,
        hq_previous_plan_code TEXT,
        hq_previous_quota_mb INTEGER,
        hq_previous_status TEXT,
        hq_new_expiry TEXT,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'rejected', 'voided')),
        reject_code TEXT,
        void_event_id TEXT,
        void_reason TEXT,
        void_supervisor_clerk_id TEXT,
        voided_at TEXT,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sales_by_device ON sales(device_id, status);
      CREATE INDEX sales_by_terminal ON sales(terminal_id, received_at);

      CREATE TABLE day_closes (
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        business_date TEXT NOT NULL,
        event_id TEXT NOT NULL,
        z_report_json TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        pending_override INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (terminal_id, business_date)
      ) STRICT;
    `);
  },
};
