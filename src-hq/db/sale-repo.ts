import type { Db } from './hq-database';

export interface SaleRow {
  sale_id: string;
  event_id: string;
  terminal_id: string;
  receipt_no: string;
  /** The receipt number's sequence part (null when the number does not parse). */
  receipt_seq: number | null;
  business_date: string;
  clerk_id: string;
  account_id: string;
  device_id: string | null;
  device_number: string;
  plan_code: string;
  term_months: number;
  price_fen: number;
  payments_json: string;
  change_fen: number;
  sold_at: string;
  effective_at: string;
  terminal_previous_expiry: string;
  terminal_new_expiry: string;
  hq_previous_expiry: string | null;
  hq_previous_plan_code: string | null;
  hq_previous_quota_mb: number | null;
  hq_previous_status: string | null;
  hq_new_expiry: string | null;
  status: 'confirmed' | 'rejected' | 'voided';
  reject_code: string | null;
  void_event_id: string | null;
  void_reason: string | null;
  void_supervisor_clerk_id: string | null;
  voided_at: string | null;
  received_at: string;
}

export interface DayCloseRow {
  terminal_id: string;
  business_date: string;
  event_id: string;
  z_report_json: string;
  closed_at: string;
  pending_override: number;
  received_at: string;
}

/** Renewal sales received from terminals (confirmed, rejected or voided) and day closes. */
export class SaleRepo {
  constructor(private readonly db: Db) {}

  insert(row: SaleRow): void {
    const cols = Object.keys(row);
    this.db
      .prepare(`INSERT INTO sales (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
      .run(row);
  }

  /** A sale this terminal already sent under the same receipt number or receipt sequence. */
  findByTerminalReceipt(terminalId: string, receiptNo: string, receiptSeq: number | null): SaleRow | undefined {
    return this.db
      .prepare('SELECT * FROM sales WHERE terminal_id = @t AND (receipt_no = @no OR (@seq IS NOT NULL AND receipt_seq = @seq)) LIMIT 1')
      .get({ t: terminalId, no: receiptNo, seq: receiptSeq }) as SaleRow | undefined;
  }

  /** The highest receipt sequence HQ holds for a terminal (0 when none). */
  lastReceiptSeq(terminalId: string): number {
    const row = this.db.prepare('SELECT max(receipt_seq) AS seq FROM sales WHERE terminal_id = ?').get(terminalId) as { seq: number | null };
    return row.seq ?? 0;
  }

  findById(saleId: string): SaleRow | undefined {
    return this.db.prepare('SELECT * FROM sales WHERE sale_id = ?').get(saleId) as SaleRow | undefined;
  }

  markVoided(saleId: string, v: { void_event_id: string; void_reason: string; void_supervisor_clerk_id: string; voided_at: string }): void {
    this.db
      .prepare(
        `UPDATE sales SET status = 'voided', void_event_id = @void_event_id, void_reason = @void_reason,
           void_supervisor_clerk_id = @void_supervisor_clerk_id, voided_at = @voided_at WHERE sale_id = @sale_id`,
      )
      .run({ ...v, sale_id: saleId });
  }

  /** Confirmed renewals of a device applied after the given sale, in the order HQ applied them. */
  listConfirmedForDeviceAfter(deviceId: string, saleId: string): SaleRow[] {
    return this.db
      .prepare(
        `SELECT * FROM sales WHERE device_id = ? AND status = 'confirmed'
           AND rowid > (SELECT rowid FROM sales WHERE sale_id = ?)
         ORDER BY rowid`,
      )
      .all(deviceId, saleId) as SaleRow[];
  }

  updateHqExpiries(saleId: string, previous: string, next: string): void {
    this.db
      .prepare('UPDATE sales SET hq_previous_expiry = ?, hq_new_expiry = ? WHERE sale_id = ?')
      .run(previous, next, saleId);
  }

  list(filter: { terminalId?: string; limit: number }): SaleRow[] {
    if (filter.terminalId) {
      return this.db
        .prepare('SELECT * FROM sales WHERE terminal_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?')
        .all(filter.terminalId, filter.limit) as SaleRow[];
    }
    return this.db.prepare('SELECT * FROM sales ORDER BY received_at DESC, rowid DESC LIMIT ?').all(filter.limit) as SaleRow[];
  }

  upsertDayClose(row: DayCloseRow): void {
    this.db
      .prepare(
        `INSERT INTO day_closes (terminal_id, business_date, event_id, z_report_json, closed_at, pending_override, received_at)
         VALUES (@terminal_id, @business_date, @event_id, @z_report_json, @closed_at, @pending_override, @received_at)
         ON CONFLICT(terminal_id, business_date) DO UPDATE SET event_id = excluded.event_id,
           z_report_json = excluded.z_report_json, closed_at = excluded.closed_at,
           pending_override = excluded.pending_override, received_at = excluded.received_at`,
      )
      .run(row);
  }

  listDayCloses(limit: number): DayCloseRow[] {
    return this.db.prepare('SELECT * FROM day_closes ORDER BY received_at DESC LIMIT ?').all(limit) as DayCloseRow[];
  }
}
