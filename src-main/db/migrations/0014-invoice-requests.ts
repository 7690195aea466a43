import type { Migration } from '../../../src-node/db/connection';

/**
 * E-invoice (发票) requests (issue 15 item 7): at most one per sale, recorded with its outbox event
 * (sale.invoiceRequest) in one transaction; a reprinted receipt says the invoice was requested.
 */
export const migration: Migration = {
  version: 14,
  name: '0014-invoice-requests',
  up(db) {
    db.exec(`
      CREATE TABLE sale_invoice_requests (
        sale_id TEXT PRIMARY KEY REFERENCES sales(sale_id),
        event_id TEXT NOT NULL UNIQUE,
        buyer_type TEXT NOT NULL CHECK (buyer_type IN ('company', 'personal')),
        title TEXT NOT NULL,
        tax_number TEXT,
        email TEXT NOT NULL,
        clerk_id TEXT NOT NULL,
        requested_at TEXT NOT NULL
      ) STRICT;`);
  },
};
