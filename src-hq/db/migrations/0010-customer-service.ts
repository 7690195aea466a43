import type { Migration } from '../../../src-node/db/connection';

/**
 * HQ schema v10 (issue 15 items 4, 6, 7): the data a device used per store-local month (the advice
 * on the plan), the reprint requests customers make on the receipt verify page, and the e-invoice
 * (发票) requests terminals send with a sale. The receipt-signing master key lives in `meta`.
 */
export const migration: Migration = {
  version: 10,
  name: '0010-customer-service',
  up(db) {
    db.exec(`
      CREATE TABLE device_usage_months (
        device_id TEXT NOT NULL REFERENCES devices(device_id),
        month TEXT NOT NULL,
        used_mb INTEGER NOT NULL,
        PRIMARY KEY (device_id, month)
      ) STRICT;

      CREATE TABLE receipt_reprint_requests (
        request_id TEXT PRIMARY KEY,
        sale_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        requested_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX receipt_reprints_by_sale ON receipt_reprint_requests(sale_id);

      CREATE TABLE invoice_requests (
        sale_id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        buyer_type TEXT NOT NULL CHECK (buyer_type IN ('company', 'personal')),
        title TEXT NOT NULL,
        tax_number TEXT,
        email TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;`);
  },
};
