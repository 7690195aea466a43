import type { Db } from '../../../src-node/db/connection';
import type { CountAmount, ZReportFacts } from '../../../src-shared/domain/z-report';

type CA = { n: number; fen: number | null };
const ca = (r: CA | undefined): CountAmount => ({ count: r?.n ?? 0, amountFen: r?.fen ?? 0 });

/**
 * The Z report's aggregation: one business day of this terminal, summed by SQLite. Every query is
 * bounded by `business_date` (index sales_zreport, or sales_by_day for the receipt sequence).
 */
export function createReportRepo(db: Db) {
  const totals = db.prepare<[string], {
    all_n: number; all_fen: number | null; void_n: number; void_fen: number | null;
    pending_n: number; pending_fen: number | null; rejected_n: number; rejected_fen: number | null;
    cash_taken: number | null; change_given: number | null; voided_cash: number | null;
  }>(
    `SELECT count(*) AS all_n, sum(price_fen) AS all_fen,
            count(voided_at) AS void_n, sum(CASE WHEN voided_at IS NOT NULL THEN price_fen END) AS void_fen,
            count(CASE WHEN voided_at IS NULL AND hq_status = 'pending' THEN 1 END) AS pending_n,
            sum(CASE WHEN voided_at IS NULL AND hq_status = 'pending' THEN price_fen END) AS pending_fen,
            count(CASE WHEN voided_at IS NULL AND hq_status = 'rejected' THEN 1 END) AS rejected_n,
            sum(CASE WHEN voided_at IS NULL AND hq_status = 'rejected' THEN price_fen END) AS rejected_fen,
            sum(cash_tendered_fen) AS cash_taken, sum(change_fen) AS change_given,
            sum(CASE WHEN voided_at IS NOT NULL THEN cash_tendered_fen - change_fen END) AS voided_cash
       FROM sales INDEXED BY sales_zreport WHERE business_date = ?`,
  );
  const seqs = db.prepare<[string], { receipt_seq: number }>('SELECT receipt_seq FROM sales WHERE business_date = ? ORDER BY receipt_seq');
  const receiptOfSeq = db.prepare<[number], { receipt_no: string }>('SELECT receipt_no FROM sales WHERE receipt_seq = ?');
  const byMethod = db.prepare<[string], { method: string } & CA>(
    `SELECT p.method AS method, count(*) AS n, sum(p.amount_fen) AS fen
       FROM sales s INDEXED BY sales_zreport JOIN sale_payments p ON p.sale_id = s.sale_id
      WHERE s.business_date = ? AND s.voided_at IS NULL
      GROUP BY p.method`,
  );
  const byPlan = db.prepare<[string], { plan_code: string; name_zh: string; name_en: string } & CA>(
    `SELECT plan_code, max(plan_name_zh) AS name_zh, max(plan_name_en) AS name_en, count(*) AS n, sum(price_fen) AS fen
       FROM sales WHERE business_date = ? AND voided_at IS NULL GROUP BY plan_code`,
  );
  const byClerk = db.prepare<[string], { clerk_id: string; name: string | null } & CA>(
    `SELECT s.clerk_id AS clerk_id, c.name AS name, count(*) AS n, sum(s.price_fen) AS fen
       FROM sales s INDEXED BY sales_zreport LEFT JOIN clerks c ON c.clerk_id = s.clerk_id
      WHERE s.business_date = ? AND s.voided_at IS NULL GROUP BY s.clerk_id`,
  );
  const byHour = db.prepare<[string], { utc_hour: string } & CA>(
    `SELECT substr(created_at, 1, 13) AS utc_hour, count(*) AS n, sum(price_fen) AS fen
       FROM sales INDEXED BY sales_zreport WHERE business_date = ? AND voided_at IS NULL GROUP BY utc_hour`,
  );
  const floats = db.prepare<[string], { fen: number | null }>('SELECT sum(float_fen) AS fen FROM shifts WHERE business_date = ?');
  const movements = db.prepare<[string], { kind: 'paidIn' | 'paidOut'; fen: number | null }>(
    `SELECT m.kind AS kind, sum(m.amount_fen) AS fen FROM shifts s JOIN cash_movements m ON m.shift_id = s.shift_id
      WHERE s.business_date = ? GROUP BY m.kind`,
  );
  const count = db.prepare<[string], { counts: string; counted_fen: number; reason: string | null; at: string; clerk_id: string }>(
    'SELECT counts, counted_fen, reason, at, clerk_id FROM cash_counts WHERE business_date = ?',
  );

  return {
    /** Everything the Z report of `businessDate` needs, read in one snapshot (call inside a transaction for one). */
    zReportFacts(businessDate: string, thresholdFen: number): ZReportFacts {
      const t = totals.get(businessDate)!;
      const receiptSeqs = seqs.all(businessDate).map((r) => r.receipt_seq);
      const first = receiptSeqs[0];
      const last = receiptSeqs[receiptSeqs.length - 1];
      const mv = movements.all(businessDate);
      const c = count.get(businessDate);
      return {
        businessDate,
        all: { count: t.all_n, amountFen: t.all_fen ?? 0 },
        voided: { count: t.void_n, amountFen: t.void_fen ?? 0 },
        pending: { count: t.pending_n, amountFen: t.pending_fen ?? 0 },
        rejected: { count: t.rejected_n, amountFen: t.rejected_fen ?? 0 },
        firstReceiptNo: first !== undefined ? (receiptOfSeq.get(first)?.receipt_no ?? null) : null,
        lastReceiptNo: last !== undefined ? (receiptOfSeq.get(last)?.receipt_no ?? null) : null,
        receiptSeqs,
        byMethod: byMethod.all(businessDate).map((r) => ({ method: r.method, ...ca(r) })),
        byPlan: byPlan.all(businessDate).map((r) => ({ planCode: r.plan_code, nameZh: r.name_zh, nameEn: r.name_en, ...ca(r) })),
        byClerk: byClerk.all(businessDate).map((r) => ({ clerkId: r.clerk_id, name: r.name ?? r.clerk_id, ...ca(r) })),
        byUtcHour: byHour.all(businessDate).map((r) => ({ utcHour: r.utc_hour, ...ca(r) })),
        cash: {
          floatFen: floats.get(businessDate)?.fen ?? 0,
          cashTakenFen: t.cash_taken ?? 0,
          changeGivenFen: t.change_given ?? 0,
          voidedCashFen: t.voided_cash ?? 0,
          paidInFen: mv.find((m) => m.kind === 'paidIn')?.fen ?? 0,
          paidOutFen: mv.find((m) => m.kind === 'paidOut')?.fen ?? 0,
        },
        count: c ? { countedFen: c.counted_fen, counts: JSON.parse(c.counts) as Record<number, number>, reason: c.reason, at: c.at, clerkId: c.clerk_id } : null,
        thresholdFen,
      };
    },
  };
}
export type ReportRepo = ReturnType<typeof createReportRepo>;
