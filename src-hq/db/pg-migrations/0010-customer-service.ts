import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0010-customer-service. */
export const migration: PgMigration = {
  version: 10,
  name: '0010-customer-service',
  sql: `
    CREATE TABLE device_usage_months (
      device_id text COLLATE "C" NOT NULL REFERENCES devices(device_id),
      month text NOT NULL,
      used_mb integer NOT NULL,
      PRIMARY KEY (device_id, month)
    );

    CREATE TABLE receipt_reprint_requests (
      rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      request_id text PRIMARY KEY,
      sale_id text NOT NULL,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      requested_at text NOT NULL
    );
    CREATE INDEX receipt_reprints_by_sale ON receipt_reprint_requests(sale_id);

    CREATE TABLE invoice_requests (
      sale_id text PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      terminal_id text NOT NULL REFERENCES terminals(terminal_id),
      buyer_type text NOT NULL CHECK (buyer_type IN ('company', 'personal')),
      title text NOT NULL,
      tax_number text,
      email text NOT NULL,
      requested_at text NOT NULL,
      received_at text NOT NULL
    );`,
};
