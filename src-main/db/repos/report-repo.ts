import type { Db } from '../../../src-node/db/connection';
import type { CountAmount, ZReportFacts, ZShiftFact } from '../../../src-shared/domain/z-report';
import { NO_FLOWS, type ShiftCashFlows } from '../../../src-shared/domain/shift-handover';

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
  }>(
    `SELECT count(*) AS all_n, sum(price_fen) AS all_fen,
            count(voided_at) AS void_n, sum(CASE WHEN voided_at IS NOT NULL THEN price_fen END) AS void_fen,
            count(CASE WHEN voided_at IS NULL AND hq_status = 'pending' THEN 1 END) AS pending_n,
            sum(CASE WHEN voided_at IS NULL AND hq_status = 'pending' THEN price_fen END) AS pending_fen,
            count(CASE WHEN voided_at IS NULL AND hq_status = 'rejected' THEN 1 END) AS rejected_n,
            sum(CASE WHEN voided_at IS NULL AND hq_status = 'rejected' THEN price_fen END) AS rejected_fen
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
  // Cash per shift (the handover chain): sales by the shift they were made in, void refunds by the
  // shift whose drawer paid them (the sale's own shift when none was open), movements and no-sales.
  const shiftsOfDay = db.prepare<[string], {
    shift_id: string; clerk_id: string; name: string | null; opened_at: string; closed_at: string | null; float_fen: number; float_reason: string | null;
    counted_fen: number | null; close_counts: string | null; close_reason: string | null;
  }>(
    `SELECT s.shift_id, s.clerk_id, c.name, s.opened_at, s.closed_at, s.float_fen, s.float_reason, s.counted_fen, s.close_counts, s.close_reason
       FROM shifts s LEFT JOIN clerks c ON c.clerk_id = s.clerk_id WHERE s.business_date = ? ORDER BY s.opened_at, s.rowid`,
  );
  const salesCashByShift = db.prepare<[string], { shift_id: string | null; taken: number | null; change: number | null }>(
    `SELECT shift_id, sum(cash_tendered_fen) AS taken, sum(change_fen) AS change
       FROM sales INDEXED BY sales_cash_by_shift WHERE business_date = ? GROUP BY shift_id`,
  );
  const voidedCashByShift = db.prepare<[string], { shift_id: string | null; fen: number | null }>(
    `SELECT coalesce(void_shift_id, shift_id) AS shift_id, sum(cash_tendered_fen - change_fen) AS fen
       FROM sales INDEXED BY sales_cash_by_shift WHERE business_date = ? AND voided_at IS NOT NULL GROUP BY coalesce(void_shift_id, shift_id)`,
  );
  const movementsByShift = db.prepare<[string], { shift_id: string; kind: 'paidIn' | 'paidOut'; fen: number | null }>(
    `SELECT m.shift_id AS shift_id, m.kind AS kind, sum(m.amount_fen) AS fen FROM shifts s JOIN cash_movements m ON m.shift_id = s.shift_id
      WHERE s.business_date = ? GROUP BY m.shift_id, m.kind`,
  );
  const noSalesByShift = db.prepare<[string], { shift_id: string; n: number }>(
    `SELECT n.shift_id AS shift_id, count(*) AS n FROM shifts s JOIN no_sales n ON n.shift_id = s.shift_id
      WHERE s.business_date = ? GROUP BY n.shift_id`,
  );

  return {
    /** Everything the Z report of `businessDate` needs, read in one snapshot (call inside a transaction for one). */
    zReportFacts(businessDate: string, thresholdFen: number): ZReportFacts {
      const t = totals.get(businessDate)!;
      const receiptSeqs = seqs.all(businessDate).map((r) => r.receipt_seq);
      const first = receiptSeqs[0];
      const last = receiptSeqs[receiptSeqs.length - 1];
      const salesCash = salesCashByShift.all(businessDate);
      const voidedCash = voidedCashByShift.all(businessDate);
      const mv = movementsByShift.all(businessDate);
      const noSales = noSalesByShift.all(businessDate);
      const flowsOf = (shiftId: string | null): ShiftCashFlows => {
        const sc = salesCash.find((r) => r.shift_id === shiftId);
        return {
          cashTakenFen: sc?.taken ?? 0,
          changeGivenFen: sc?.change ?? 0,
          voidedCashFen: voidedCash.find((r) => r.shift_id === shiftId)?.fen ?? 0,
          paidInFen: mv.find((m) => m.shift_id === shiftId && m.kind === 'paidIn')?.fen ?? 0,
          paidOutFen: mv.find((m) => m.shift_id === shiftId && m.kind === 'paidOut')?.fen ?? 0,
        };
      };
      const shifts: ZShiftFact[] = shiftsOfDay.all(businessDate).map((r) => ({
        shiftId: r.shift_id,
        clerkId: r.clerk_id,
        clerkName: r.name ?? r.clerk_id,
        openedAt: r.opened_at,
        closedAt: r.closed_at,
        floatFen: r.float_fen,
        floatReason: r.float_reason,
        countedFen: r.counted_fen,
        counts: r.close_counts ? (JSON.parse(r.close_counts) as Record<number, number>) : null,
        reason: r.close_reason,
        noSaleCount: noSales.find((n) => n.shift_id === r.shift_id)?.n ?? 0,
        ...flowsOf(r.shift_id),
      }));
      // sales that belong to no shift (only test harnesses sell without one), or to a shift of another day
      const known = new Set(shifts.map((x) => x.shiftId));
      const unassigned = [...new Set([...salesCash.map((r) => r.shift_id), ...voidedCash.map((r) => r.shift_id)])]
        .filter((id) => id === null || !known.has(id))
        .map(flowsOf)
        .reduce<ShiftCashFlows>((a, b) => ({
          cashTakenFen: a.cashTakenFen + b.cashTakenFen,
          changeGivenFen: a.changeGivenFen + b.changeGivenFen,
          voidedCashFen: a.voidedCashFen + b.voidedCashFen,
          paidInFen: a.paidInFen + b.paidInFen,
          paidOutFen: a.paidOutFen + b.paidOutFen,
        }), { ...NO_FLOWS });
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
        shifts,
        unassigned,
        thresholdFen,
      };
    },
  };
}
export type ReportRepo = ReturnType<typeof createReportRepo>;
