import type { HqStore } from './store';

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
  /** The void's refunds as the terminal made them (VoidPayload.refunds; null: none sent). */
  void_refunds_json?: string | null;
  received_at: string;
  /** Catalog price before promotions (null: the sale claimed none). */
  list_price_fen: number | null;
  /** The promotions the terminal applied: [{ promotionId, discountFen }] (null: none). */
  promotions_json: string | null;
  promotion_set_version: number | null;
  /** HQ's re-check of the claimed promotions (null: none claimed). */
  promotion_check: 'honoured' | 'flagged' | null;
  /** Why flagged: a PromotionFlagReason, `:<promotionId>` when one promotion is at fault. */
  promotion_flag: string | null;
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
  constructor(private readonly db: HqStore) {}

  async insert(row: SaleRow): Promise<void> {
    const cols = Object.keys(row) as (keyof SaleRow)[];
    await this.db.run(`INSERT INTO sales (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]));
  }

  /** The highest receipt sequence HQ holds for a terminal (0 when none). */
  async lastReceiptSeq(terminalId: string): Promise<number> {
    const row = await this.db.get<{ seq: number | null }>('SELECT max(receipt_seq) AS seq FROM sales WHERE terminal_id = ?', [terminalId]);
    return row?.seq ?? 0;
  }

  findById(saleId: string): Promise<SaleRow | undefined> {
    return this.db.get<SaleRow>('SELECT * FROM sales WHERE sale_id = ?', [saleId]);
  }

  async markVoided(saleId: string, v: { void_event_id: string; void_reason: string; void_supervisor_clerk_id: string; voided_at: string; void_refunds_json: string | null }): Promise<void> {
    await this.db.run(
      `UPDATE sales SET status = 'voided', void_event_id = ?, void_reason = ?, void_supervisor_clerk_id = ?, voided_at = ?, void_refunds_json = ? WHERE sale_id = ?`,
      [v.void_event_id, v.void_reason, v.void_supervisor_clerk_id, v.voided_at, v.void_refunds_json, saleId],
    );
  }

  /** Confirmed renewals of a device applied after the given sale, in the order HQ applied them. */
  listConfirmedForDeviceAfter(deviceId: string, saleId: string): Promise<SaleRow[]> {
    return this.db.all<SaleRow>(
      `SELECT * FROM sales WHERE device_id = ? AND status = 'confirmed'
         AND rowid > (SELECT rowid FROM sales WHERE sale_id = ?)
       ORDER BY rowid`,
      [deviceId, saleId],
    );
  }

  async updateHqExpiries(saleId: string, previous: string, next: string): Promise<void> {
    await this.db.run('UPDATE sales SET hq_previous_expiry = ?, hq_new_expiry = ? WHERE sale_id = ?', [previous, next, saleId]);
  }

  /** Sales whose promotions HQ could not honour, newest first (admin, status page). */
  listPromotionFlagged(limit: number): Promise<SaleRow[]> {
    return this.db.all<SaleRow>("SELECT * FROM sales WHERE promotion_check = 'flagged' ORDER BY received_at DESC, rowid DESC LIMIT ?", [limit]);
  }

  async countPromotionFlagged(): Promise<number> {
    const row = await this.db.get<{ n: number | string }>("SELECT count(*) AS n FROM sales WHERE promotion_check = 'flagged'");
    return Number(row?.n ?? 0);
  }

  list(filter: { terminalId?: string; limit: number }): Promise<SaleRow[]> {
    if (filter.terminalId) {
      return this.db.all<SaleRow>('SELECT * FROM sales WHERE terminal_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?', [filter.terminalId, filter.limit]);
    }
    return this.db.all<SaleRow>('SELECT * FROM sales ORDER BY received_at DESC, rowid DESC LIMIT ?', [filter.limit]);
  }

  async upsertDayClose(row: DayCloseRow): Promise<void> {
    await this.db.run(
      `INSERT INTO day_closes (terminal_id, business_date, event_id, z_report_json, closed_at, pending_override, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(terminal_id, business_date) DO UPDATE SET event_id = excluded.event_id,
         z_report_json = excluded.z_report_json, closed_at = excluded.closed_at,
         pending_override = excluded.pending_override, received_at = excluded.received_at`,
      [row.terminal_id, row.business_date, row.event_id, row.z_report_json, row.closed_at, row.pending_override, row.received_at],
    );
  }

  listDayCloses(limit: number): Promise<DayCloseRow[]> {
    return this.db.all<DayCloseRow>('SELECT * FROM day_closes ORDER BY received_at DESC LIMIT ?', [limit]);
  }
}
