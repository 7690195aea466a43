import type { ClerkSummary } from '../../src-shared/contract/auth';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/errors';
import type { ShiftReportView, ShiftView } from '../../src-shared/contract/shift';
import { businessDate as localBusinessDate, formatLocalDateTime, resolveBusinessDate } from '../../src-shared/domain';
import { countTotalFen, reconcile, type DenominationCounts } from '../../src-shared/domain/reconciliation';
import { checkHandoverFloat } from '../../src-shared/domain/shift-handover';
import { shiftReportOf, shiftReportReceiptData } from '../../src-shared/domain/shift-report';
import type { AppContext } from '../app-context';
import type { BusinessDayRepo } from '../db/repos/business-day-repo';
import type { ShiftRepo, ShiftRow } from '../db/repos/shift-repo';
import type { PrintPayload } from '../printing/print-payload';
import type { ZReportService } from './z-report';

export const NO_OPEN_SHIFT = { code: 'NO_OPEN_SHIFT', messageKey: 'shift:noOpenShift' } as const;

/**
 * Shifts: open with a counted float (the last shift's count, pre-filled; another float needs a
 * reason), paid-in / paid-out with a reason, one open shift per terminal, and the handover: close
 * with a counted drawer (optionally blind), over/short, the shift report printed.
 */
export function createShiftService(deps: {
  ctx: AppContext;
  shifts: ShiftRepo;
  days: BusinessDayRepo;
  zReports: ZReportService;
  /** Wake the print queue after a commit. */
  afterCommit?: () => void;
}) {
  const { ctx, shifts, days, zReports } = deps;
  const blindCount = (): boolean => ctx.store()?.settings.blindShiftCount === true;
  const clerkName = (clerkId: string | null): string | null => (clerkId ? (ctx.repos.clerks.findClerkById(clerkId)?.name ?? clerkId) : null);

  /** The business date a sale made now belongs to (the day after the last closed one at the earliest). */
  function businessDateNow(): string {
    return resolveBusinessDate(localBusinessDate(ctx.now(), zReports.timeZone()), days.lastClosedBusinessDate());
  }

  /** This shift as a line of its day's cash chain (its own expected cash). */
  function lineOf(row: ShiftRow) {
    const line = zReports.live(row.business_date).shifts.find((s) => s.shiftId === row.shift_id);
    if (!line) throw new Error(`shift ${row.shift_id} missing from its day ${row.business_date}`);
    return line;
  }

  function toView(row: ShiftRow): ShiftView {
    const movements = shifts.listCashMovements(row.shift_id);
    const line = lineOf(row);
    return {
      shiftId: row.shift_id,
      clerkId: row.clerk_id,
      clerkName: clerkName(row.clerk_id) ?? row.clerk_id,
      businessDate: row.business_date,
      openedAt: row.opened_at,
      floatFen: row.float_fen,
      floatCounts: JSON.parse(row.float_counts) as Record<string, number>,
      paidInFen: line.paidInFen,
      paidOutFen: line.paidOutFen,
      movements: movements.map((m) => ({ kind: m.kind, amountFen: m.amount_fen, reason: m.reason, clerkId: m.clerk_id, at: m.at })),
      expectedCashFen: blindCount() ? null : line.expectedFen,
      noSaleCount: line.noSaleCount,
      handoverFrom: row.handover_from,
      floatReason: row.float_reason,
    };
  }

  function requireOpenShift(): ShiftRow {
    const row = shifts.findOpenShift();
    if (!row) throw new AppError(NO_OPEN_SHIFT);
    return row;
  }

  /** The drawer a new shift takes over: the last shift of the business day, closed with a count. */
  function handover() {
    const last = shifts.shiftsOfDay(businessDateNow()).at(-1);
    if (!last || last.closed_at === null || last.counted_fen === null || last.close_counts === null) return null;
    return {
      shiftId: last.shift_id,
      clerkName: clerkName(last.clerk_id) ?? last.clerk_id,
      closedAt: last.closed_at,
      countedFen: last.counted_fen,
      counts: JSON.parse(last.close_counts) as Record<string, number>,
    };
  }

  const insertShift = ctx.db.transaction((row: Parameters<ShiftRepo['insertShift']>[0], previousCountedFen: number | null) => {
    if (shifts.findOpenShift()) throw new AppError({ code: 'CONFLICT', messageKey: 'shift:alreadyOpen' });
    days.ensureBusinessDay(row.business_date, row.opened_at);
    shifts.insertShift(row);
    ctx.audit.record('shift.open', row.clerk_id, {
      shiftId: row.shift_id,
      businessDate: row.business_date,
      floatFen: row.float_fen,
      handoverFrom: row.handover_from ?? null,
      previousCountedFen,
      floatReason: row.float_reason ?? null,
    });
  });

  function reportOf(row: ShiftRow): ShiftReportView {
    return shiftReportOf(lineOf(row), row.business_date, clerkName(row.closed_by));
  }

  function enqueueShiftReport(report: ShiftReportView, at: string): number {
    const input = shiftReportReceiptData(report, ctx.local.receiptLanguage, {
      storeName: ctx.store()?.name ?? '',
      terminalCode: ctx.terminal()?.code ?? '',
      timeZone: zReports.timeZone(),
    });
    const payload: PrintPayload = { type: 'report', title: input.title, input };
    return ctx.repos.printJobs.enqueuePrintJob({ kind: 'report', refId: `shift:${report.shiftId}`, payload, openDrawer: false, createdAt: at });
  }

  type CloseCheck = { ok: true; expectedFen: number; varianceFen: number } | { ok: false; expectedFen: number; varianceFen: number; error: NonNullable<ReturnType<typeof reconcile>['error']> };

  const commitClose = ctx.db.transaction((counts: DenominationCounts, countedFen: number, reason: string | null, clerkId: string): CloseCheck & { jobId?: number; report?: ShiftReportView } => {
    const row = requireOpenShift();
    const expectedFen = lineOf(row).expectedFen;
    const rec = reconcile({ expectedFen, countedFen, thresholdFen: zReports.thresholdFen(), reason });
    if (!rec.ok) return { ok: false, expectedFen, varianceFen: rec.varianceFen, error: rec.error! };
    const at = ctx.now().toISOString();
    if (
      !shifts.closeShiftWithCount({
        shift_id: row.shift_id,
        closed_at: at,
        closed_by: clerkId,
        close_counts: JSON.stringify(counts),
        counted_fen: countedFen,
        expected_fen: expectedFen,
        variance_fen: rec.varianceFen,
        close_reason: reason,
      })
    ) {
      throw new AppError(NO_OPEN_SHIFT);
    }
    const report = reportOf(shifts.findShiftById(row.shift_id)!);
    const jobId = enqueueShiftReport(report, at);
    ctx.audit.record('shift.close', clerkId, { shiftId: row.shift_id, businessDate: row.business_date, countedFen, expectedFen, varianceFen: rec.varianceFen, reason, blind: blindCount(), jobId });
    return { ok: true, expectedFen, varianceFen: rec.varianceFen, jobId, report };
  });

  return {
    businessDateNow,
    requireOpenShift,
    blindCount,
    handover,
    /** Cheap (no cash figures): for the status poll. */
    hasOpenShift: (): boolean => shifts.findOpenShift() !== undefined,
    current: (): ShiftView | null => {
      const row = shifts.findOpenShift();
      return row ? toView(row) : null;
    },
    /** The open shift named for a refusal: its clerk and when it opened (store time). */
    openShiftLabel(): { clerk: string; openedAt: string } | null {
      const row = shifts.findOpenShift();
      return row ? { clerk: clerkName(row.clerk_id) ?? row.clerk_id, openedAt: formatLocalDateTime(new Date(row.opened_at), zReports.timeZone()) } : null;
    },
    open(clerk: ClerkSummary, counts: DenominationCounts, floatReason?: string): ShiftView {
      const total = countTotalFen(counts);
      if (!total.ok) throw new AppError(total.error);
      const previous = handover();
      const reason = floatReason?.trim() ? floatReason.trim() : null;
      const check = checkHandoverFloat({ previousCountedFen: previous?.countedFen ?? null, floatFen: total.totalFen, reason });
      if (!check.ok) throw new AppError(check.error);
      const shiftId = randomUUID();
      insertShift(
        {
          shift_id: shiftId,
          clerk_id: clerk.clerkId,
          business_date: businessDateNow(),
          opened_at: ctx.now().toISOString(),
          float_fen: total.totalFen,
          float_counts: JSON.stringify(counts),
          handover_from: previous?.shiftId ?? null,
          float_reason: check.differenceFen !== 0 ? reason : null,
        },
        previous?.countedFen ?? null,
      );
      return toView(shifts.findShiftById(shiftId)!);
    },
    /** Close the open shift with its counted drawer; prints the shift report. */
    close(clerk: ClerkSummary, counts: DenominationCounts, reason?: string): { report: ShiftReportView; jobId: number } {
      const total = countTotalFen(counts);
      if (!total.ok) throw new AppError(total.error);
      const r = reason?.trim() ? reason.trim() : null;
      const out = commitClose(counts, total.totalFen, r, clerk.clerkId);
      if (!out.ok) {
        // blind: this refusal is where the clerk first sees the expected cash, so the count is on record
        if (blindCount()) {
          ctx.db.transaction(() =>
            ctx.audit.record('shift.blindCount', clerk.clerkId, { shiftId: requireOpenShift().shift_id, countedFen: total.totalFen, expectedFen: out.expectedFen, varianceFen: out.varianceFen }),
          )();
        }
        throw new AppError(out.error);
      }
      deps.afterCommit?.();
      return { report: out.report!, jobId: out.jobId! };
    },
    /** The shift report of a shift (open: so far). */
    report(shiftId: string): ShiftReportView {
      const row = shifts.findShiftById(shiftId);
      if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'shift:shiftNotFound' });
      return reportOf(row);
    },
    cashMovement(clerk: ClerkSummary, kind: 'paidIn' | 'paidOut', amountFen: number, reason: string): ShiftView {
      const trimmed = reason.trim();
      if (!trimmed) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.reasonRequired', field: 'reason' });
      ctx.db.transaction(() => {
        const row = requireOpenShift();
        if (kind === 'paidOut') {
          const inDrawer = lineOf(row).expectedFen;
          if (amountFen > inDrawer) {
            throw new AppError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.paidOutTooLarge', field: 'amountFen', params: { max: (inDrawer / 100).toFixed(2) } });
          }
        }
        const at = ctx.now().toISOString();
        shifts.insertCashMovement({ shift_id: row.shift_id, kind, amount_fen: amountFen, reason: trimmed, clerk_id: clerk.clerkId, at });
        ctx.audit.record(`shift.${kind}`, clerk.clerkId, { shiftId: row.shift_id, amountFen, reason: trimmed });
      })();
      return toView(requireOpenShift());
    },
  };
}
export type ShiftService = ReturnType<typeof createShiftService>;
