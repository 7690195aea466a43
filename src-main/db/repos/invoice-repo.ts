import type { Db } from '../../../src-node/db/connection';

export interface InvoiceRequestRow {
  sale_id: string;
  event_id: string;
  buyer_type: 'company' | 'personal';
  title: string;
  tax_number: string | null;
  email: string;
  clerk_id: string;
  requested_at: string;
}

/** E-invoice requests, one per sale (ledger table sale_invoice_requests, migration 0014). */
export function createInvoiceRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO sale_invoice_requests (sale_id, event_id, buyer_type, title, tax_number, email, clerk_id, requested_at)
    VALUES (@sale_id, @event_id, @buyer_type, @title, @tax_number, @email, @clerk_id, @requested_at)`);
  const bySale = db.prepare<[string], InvoiceRequestRow>('SELECT * FROM sale_invoice_requests WHERE sale_id = ?');
  return {
    insert(row: InvoiceRequestRow): void {
      insert.run(row);
    },
    ofSale(saleId: string): InvoiceRequestRow | undefined {
      return bySale.get(saleId);
    },
  };
}
export type InvoiceRepo = ReturnType<typeof createInvoiceRepo>;
