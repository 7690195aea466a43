import type { Db } from '../../../src-node/db/connection';

export interface SaleRow {
  sale_id: string;
  receipt_seq: number;
  receipt_no: string;
  business_date: string;
  shift_id: string | null;
  clerk_id: string;
  account_id: string;
  device_id: string;
  device_number: string;
  holder_name: string;
  id_masked: string;
  plan_code: string;
  plan_name_zh: string;
  plan_name_en: string;
  term_months: number;
  price_fen: number;
  previous_plan_code: string;
  previous_status: string;
  previous_expiry: string;
  new_expiry: string;
  cash_tendered_fen: number;
  change_fen: number;
  hq_status: 'pending' | 'confirmed' | 'rejected';
  hq_expiry: string | null;
  hq_reason_code: string | null;
  hq_reason_zh: string | null;
  hq_reason_en: string | null;
  override_by: string | null;
  created_at: string;
  voided_at: string | null;
  void_reason: string | null;
  void_supervisor_id: string | null;
  reprints: number;
}

export interface SalePaymentRow {
  sale_id: string;
  line_no: number;
  method: 'cash' | 'card' | 'alipay' | 'wechat';
  amount_fen: number;
  tendered_fen: number;
  change_fen: number;
  reference: string | null;
}

export type NewSale = Omit<SaleRow, 'hq_status' | 'hq_expiry' | 'hq_reason_code' | 'hq_reason_zh' | 'hq_reason_en' | 'voided_at' | 'void_reason' | 'void_supervisor_id' | 'reprints'>;

export interface SaleSearch {
  businessDate: string;
  status?: 'pending' | 'confirmed' | 'rejected' | 'voided';
  receiptNo?: string;
  limit: number;
}

/** Sales and their payments; the only SQL that touches them. */
export function createSaleRepo(db: Db) {
  const insertSale = db.prepare(
    `INSERT INTO sales (sale_id, receipt_seq, receipt_no, business_date, shift_id, clerk_id, account_id, device_id,
       device_number, holder_name, id_masked, plan_code, plan_name_zh, plan_name_en, term_months, price_fen,
       previous_plan_code, previous_status, previous_expiry, new_expiry, cash_tendered_fen, change_fen, override_by, created_at)
     VALUES (@sale_id, @receipt_seq, @receipt_no, @business_date, @shift_id, @clerk_id, @account_id, @device_id,
       @device_number, @holder_name, @id_masked, @plan_code, @plan_name_zh, @plan_name_en, @term_months, @price_fen,
       @previous_plan_code, @previous_status, @previous_expiry, @new_expiry, @cash_tendered_fen, @change_fen, @override_by, @created_at)`,
  );
  const insertPayment = db.prepare(
    `INSERT INTO sale_payments (sale_id, line_no, method, amount_fen, tendered_fen, change_fen, reference)
     VALUES (@sale_id, @line_no, @method, @amount_fen, @tendered_fen, @change_fen, @reference)`,
  );
  // After a restore or re-enrolment the ledger continues past HQ's last number (kv ledger.receiptSeqFloor).
  const lastSeq = db.prepare<[], { seq: number | null }>(
    "SELECT max(coalesce((SELECT max(receipt_seq) FROM sales), 0), coalesce((SELECT CAST(value AS INTEGER) FROM kv WHERE key = 'ledger.receiptSeqFloor'), 0)) AS seq",
  );
  const byId = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE sale_id = ?');
  const byReceipt = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE receipt_no = ?');
  const paymentsOf = db.prepare<[string], SalePaymentRow>('SELECT * FROM sale_payments WHERE sale_id = ? ORDER BY line_no');
  const confirm = db.prepare<[string | null, string]>(
    "UPDATE sales SET hq_status = 'confirmed', hq_expiry = ?, hq_reason_code = NULL, hq_reason_zh = NULL, hq_reason_en = NULL WHERE sale_id = ?",
  );
  const reject = db.prepare<[string, string, string, string]>(
    "UPDATE sales SET hq_status = 'rejected', hq_reason_code = ?, hq_reason_zh = ?, hq_reason_en = ? WHERE sale_id = ?",
  );
  const voidSale = db.prepare<[string, string, string, string | null, string]>(
    'UPDATE sales SET voided_at = ?, void_reason = ?, void_supervisor_id = ?, void_shift_id = ? WHERE sale_id = ? AND voided_at IS NULL',
  );
  const bumpReprint = db.prepare<[string], { reprints: number }>(
    'UPDATE sales SET reprints = reprints + 1 WHERE sale_id = ? RETURNING reprints',
  );
  const search = db.prepare(
    `SELECT * FROM sales
      WHERE business_date = @businessDate
        AND (@receiptNo IS NULL OR receipt_no LIKE '%' || @receiptNo || '%')
        AND (@status IS NULL
             OR (@status = 'voided' AND voided_at IS NOT NULL)
             OR (@status <> 'voided' AND voided_at IS NULL AND hq_status = @status))
      ORDER BY receipt_seq DESC LIMIT @limit`,
  );
  const ofDevice = db.prepare<[string, number], SaleRow>('SELECT * FROM sales WHERE device_id = ? ORDER BY created_at DESC LIMIT ?');
  const laterSaleOnDevice = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM sales WHERE device_id = ? AND receipt_seq > ? AND voided_at IS NULL',
  );
  return {
    nextReceiptSeq: (): number => (lastSeq.get()?.seq ?? 0) + 1,
    insertSale(sale: NewSale, payments: Omit<SalePaymentRow, 'sale_id'>[]): void {
      insertSale.run(sale);
      for (const p of payments) insertPayment.run({ ...p, sale_id: sale.sale_id });
    },
    findSaleById: (saleId: string): SaleRow | undefined => byId.get(saleId),
    /** This terminal's sales of a device, newest first (the renewal history adds those HQ has not confirmed). */
    salesOfDevice: (deviceId: string, limit = 20): SaleRow[] => ofDevice.all(deviceId, limit),
    findSaleByReceiptNo: (receiptNo: string): SaleRow | undefined => byReceipt.get(receiptNo),
    paymentsOfSale: (saleId: string): SalePaymentRow[] => paymentsOf.all(saleId),
    /** HQ confirmed the renewal; `hqExpiry` is its authoritative new expiry. */
    applyHqConfirmation: (saleId: string, hqExpiry: string | null): void => void confirm.run(hqExpiry, saleId),
    applyHqRejection: (saleId: string, code: string, messageZh: string, messageEn: string): void =>
      void reject.run(code, messageZh, messageEn, saleId),
    /** `voidShiftId`: the shift whose drawer paid the cash back (the open one), if any. */
    markSaleVoided: (saleId: string, at: string, reason: string, supervisorId: string, voidShiftId: string | null = null): boolean =>
      voidSale.run(at, reason, supervisorId, voidShiftId, saleId).changes > 0,
    incrementReprints: (saleId: string): number => bumpReprint.get(saleId)?.reprints ?? 0,
    searchSales: (q: SaleSearch): SaleRow[] =>
      search.all({ businessDate: q.businessDate, status: q.status ?? null, receiptNo: q.receiptNo ?? null, limit: q.limit }) as SaleRow[],
    hasLaterSaleOnDevice: (deviceId: string, receiptSeq: number): boolean => (laterSaleOnDevice.get(deviceId, receiptSeq)?.n ?? 0) > 0,
  };
}
export type SaleRepo = ReturnType<typeof createSaleRepo>;
