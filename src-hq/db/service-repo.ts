import type { HqStore } from './store';

export interface ReprintRequestRow {
  request_id: string;
  sale_id: string;
  terminal_id: string;
  requested_at: string;
}

export interface InvoiceRequestRow {
  sale_id: string;
  event_id: string;
  terminal_id: string;
  buyer_type: 'company' | 'personal';
  title: string;
  tax_number: string | null;
  email: string;
  requested_at: string;
  received_at: string;
}

export interface UsageMonthRow {
  device_id: string;
  month: string;
  used_mb: number;
}

export interface DeviceRenewalRow {
  sale_id: string;
  receipt_no: string;
  sold_at: string;
  plan_code: string;
  term_months: number;
  price_fen: number;
  status: 'confirmed' | 'rejected' | 'voided';
  store_code: string;
  store_name: string;
}

/** Customer-service data (issue 15): monthly usage per device, receipt reprint requests, e-invoice requests. */
export class ServiceRepo {
  constructor(private readonly db: HqStore) {}

  async insertReprintRequest(row: ReprintRequestRow): Promise<void> {
    await this.db.run('INSERT INTO receipt_reprint_requests (request_id, sale_id, terminal_id, requested_at) VALUES (?, ?, ?, ?)', [
      row.request_id,
      row.sale_id,
      row.terminal_id,
      row.requested_at,
    ]);
  }

  listReprintRequests(filter: { saleId?: string; limit: number }): Promise<ReprintRequestRow[]> {
    if (filter.saleId) {
      return this.db.all<ReprintRequestRow>('SELECT * FROM receipt_reprint_requests WHERE sale_id = ? ORDER BY requested_at DESC LIMIT ?', [filter.saleId, filter.limit]);
    }
    return this.db.all<ReprintRequestRow>('SELECT * FROM receipt_reprint_requests ORDER BY requested_at DESC LIMIT ?', [filter.limit]);
  }

  async countReprintRequests(saleId: string): Promise<number> {
    const row = await this.db.get<{ n: number | string }>('SELECT count(*) AS n FROM receipt_reprint_requests WHERE sale_id = ?', [saleId]);
    return Number(row?.n ?? 0);
  }

  /** false when the sale already has an invoice request (the first one stands). */
  async insertInvoiceRequest(row: InvoiceRequestRow): Promise<boolean> {
    const n = await this.db.run(
      `INSERT INTO invoice_requests (sale_id, event_id, terminal_id, buyer_type, title, tax_number, email, requested_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sale_id) DO NOTHING`,
      [row.sale_id, row.event_id, row.terminal_id, row.buyer_type, row.title, row.tax_number, row.email, row.requested_at, row.received_at],
    );
    return n > 0;
  }

  findInvoiceRequest(saleId: string): Promise<InvoiceRequestRow | undefined> {
    return this.db.get<InvoiceRequestRow>('SELECT * FROM invoice_requests WHERE sale_id = ?', [saleId]);
  }

  listInvoiceRequests(limit: number): Promise<InvoiceRequestRow[]> {
    return this.db.all<InvoiceRequestRow>('SELECT * FROM invoice_requests ORDER BY received_at DESC LIMIT ?', [limit]);
  }

  async upsertUsageMonth(row: UsageMonthRow): Promise<void> {
    await this.db.run(
      'INSERT INTO device_usage_months (device_id, month, used_mb) VALUES (?, ?, ?) ON CONFLICT (device_id, month) DO UPDATE SET used_mb = excluded.used_mb',
      [row.device_id, row.month, row.used_mb],
    );
  }

  /** A device's renewals HQ holds (any terminal, any store), newest first. */
  renewalsOfDevice(deviceId: string, limit: number): Promise<DeviceRenewalRow[]> {
    return this.db.all<DeviceRenewalRow>(
      `SELECT s.sale_id, s.receipt_no, s.sold_at, s.plan_code, s.term_months, s.price_fen, s.status, st.code AS store_code, st.name AS store_name
         FROM sales s JOIN terminals t ON t.terminal_id = s.terminal_id JOIN stores st ON st.store_id = t.store_id
        WHERE s.device_id = ? ORDER BY s.sold_at DESC, s.sale_id LIMIT ?`,
      [deviceId, limit],
    );
  }

  /** The newest `limit` months of a device, oldest first. */
  async usageMonths(deviceId: string, limit: number): Promise<UsageMonthRow[]> {
    const rows = await this.db.all<UsageMonthRow>('SELECT * FROM device_usage_months WHERE device_id = ? ORDER BY month DESC LIMIT ?', [deviceId, limit]);
    return rows.reverse();
  }
}
