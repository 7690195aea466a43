import type { PgMigration } from '.';

/**
 * PostgreSQL twin of SQLite 0001-init. Text ids that are paged by range use COLLATE "C" (byte order,
 * as SQLite compares them). `rowid` on sales and events stands for SQLite's implicit rowid (the order
 * HQ applied them in).
 */
export const migration: PgMigration = {
  version: 1,
  name: '0001-init',
  sql: `
    CREATE TABLE meta (
      key text PRIMARY KEY,
      value text NOT NULL
    );

    CREATE TABLE stores (
      store_id text PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      address text NOT NULL,
      phone text NOT NULL,
      time_zone text NOT NULL,
      settings_json text NOT NULL,
      updated_at text NOT NULL
    );

    CREATE TABLE store_keys (
      key_id text PRIMARY KEY,
      key_b64 text NOT NULL,
      created_at text NOT NULL
    );

    CREATE TABLE plans (
      code text PRIMARY KEY,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      data_quota_mb integer NOT NULL,
      device_kind text NOT NULL CHECK (device_kind IN ('imei', 'iccid')),
      terms_json text NOT NULL,
      active integer NOT NULL,
      updated_at text NOT NULL
    );

    CREATE TABLE clerks (
      clerk_id text PRIMARY KEY,
      store_id text NOT NULL REFERENCES stores(store_id),
      code text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('clerk', 'supervisor')),
      pin_hash text NOT NULL,
      active integer NOT NULL,
      updated_at text NOT NULL,
      UNIQUE (store_id, code)
    );

    CREATE TABLE terminals (
      terminal_id text PRIMARY KEY,
      store_id text NOT NULL REFERENCES stores(store_id),
      code text NOT NULL,
      name text NOT NULL,
      token_sha256 text NOT NULL UNIQUE,
      active integer NOT NULL,
      config_json text NOT NULL,
      last_seq bigint NOT NULL DEFAULT 0,
      contiguous_seq bigint NOT NULL DEFAULT 0,
      created_at text NOT NULL,
      UNIQUE (store_id, code)
    );

    CREATE TABLE accounts (
      account_id text COLLATE "C" PRIMARY KEY,
      holder_name text NOT NULL,
      national_id text NOT NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
      version integer NOT NULL,
      created_at text NOT NULL,
      updated_at text NOT NULL
    );

    CREATE TABLE devices (
      device_id text COLLATE "C" PRIMARY KEY,
      account_id text COLLATE "C" NOT NULL REFERENCES accounts(account_id),
      kind text NOT NULL CHECK (kind IN ('imei', 'iccid')),
      number text NOT NULL UNIQUE,
      plan_code text NOT NULL REFERENCES plans(code),
      expires_at text NOT NULL,
      data_quota_mb integer NOT NULL,
      data_used_mb integer NOT NULL,
      usage_as_of text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'cancelled')),
      status_reason text
    );
    CREATE INDEX devices_by_account ON devices(account_id);

    CREATE TABLE change_log (
      seq bigint PRIMARY KEY,
      kind text NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      entity_id text NOT NULL,
      store_id text,
      terminal_id text,
      data_json text NOT NULL,
      created_at text NOT NULL
    );

    CREATE TABLE events (
      rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      event_id text PRIMARY KEY,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      terminal_seq bigint,
      type text NOT NULL,
      body_sha256 text NOT NULL,
      body_json text NOT NULL,
      status text NOT NULL,
      result_json text NOT NULL,
      received_at text NOT NULL
    );
    CREATE INDEX events_by_terminal ON events(terminal_id, received_at);

    CREATE TABLE terminal_seqs_received (
      terminal_id text NOT NULL,
      seq bigint NOT NULL,
      PRIMARY KEY (terminal_id, seq)
    );

    CREATE TABLE sales (
      rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      sale_id text PRIMARY KEY,
      event_id text NOT NULL,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      receipt_no text NOT NULL,
      business_date text NOT NULL,
      clerk_id text NOT NULL,
      account_id text NOT NULL,
      device_id text,
      device_number text NOT NULL,
      plan_code text NOT NULL,
      term_months integer NOT NULL,
      price_fen bigint NOT NULL,
      payments_json text NOT NULL,
      change_fen bigint NOT NULL,
      sold_at text NOT NULL,
      effective_at text NOT NULL,
      terminal_previous_expiry text NOT NULL,
      terminal_new_expiry text NOT NULL,
      hq_previous_expiry text,
      hq_previous_plan_code text,
      hq_previous_quota_mb integer,
      hq_previous_status text,
      hq_new_expiry text,
      status text NOT NULL CHECK (status IN ('confirmed', 'rejected', 'voided')),
      reject_code text,
      void_event_id text,
      void_reason text,
      void_supervisor_clerk_id text,
      voided_at text,
      received_at text NOT NULL
    );
    CREATE INDEX sales_by_device ON sales(device_id, status);
    CREATE INDEX sales_by_terminal ON sales(terminal_id, received_at);

    CREATE TABLE day_closes (
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      business_date text NOT NULL,
      event_id text NOT NULL,
      z_report_json text NOT NULL,
      closed_at text NOT NULL,
      pending_override integer NOT NULL,
      received_at text NOT NULL,
      PRIMARY KEY (terminal_id, business_date)
    );
  `,
};
