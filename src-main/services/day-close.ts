import type { ClerkSummary } from '../../src-shared/contract/auth';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/errors';
import type { DayClosePayload } from '../../src-shared/hq-protocol/schemas';
import type { DenominationCounts } from '../../src-shared/domain/reconciliation';
import type { ZReport } from '../../src-shared/domain/z-report';
import type { AppContext } from '../app-context';
import type { ShiftRepo } from '../db/repos/shift-repo';
import type { ShiftService } from './shift';
import type { PrintPayload } from '../printing/print-payload';
import { formatLocalDateTime } from '../../src-shared/domain';
import type { ZReportService } from './z-report';

/**
 * End of day: the last shift's count (it closes the shift), the Z report across the day's shifts, and
 * the day close — refused while a shift is open (naming it); business day closed, Z report stored and
 * printed, 'day.close' queued for HQ, all in one transaction. Refused while outbox events are pending
 * unless a supervisor overrides.
 */
export function createDayCloseService(deps: {
  ctx: AppContext;
  shifts: ShiftRepo;
  shift: ShiftService;
  zReports: ZReportService;
  /** Wake the print queue and the outbox after a commit. */
  afterCommit?: () => void;
}) {
  const { ctx, shifts, shift, zReports } = deps;

  /** Day close requires every shift closed: the refusal names the open one. */
  function refuseWhileShiftOpen(): void {
    const open = shift.openShiftLabel();
    if (open) throw new AppError({ code: 'CONFLICT', messageKey: 'shift:closeShiftFirst', params: open });
  }

  /** The business day a close closes: the oldest one not closed yet (every day opens with a shift). */
  function dayToClose(): string {
    const date = shifts.oldestOpenBusinessDate();
    if (!date) throw new AppError({ code: 'CONFLICT', messageKey: 'shift:nothingToClose' });
    return date;
  }

  const commitClose = ctx.db.transaction((clerkId: string, overrideBy: string | null, pendingEvents: number): { report: ZReport; jobId: number } => {
    refuseWhileShiftOpen();
    const businessDate = dayToClose();
    const at = ctx.now().toISOString();
    const report = zReports.live(businessDate, { closedAt: at, closedBy: clerkId, pendingOverride: overrideBy !== null, pendingEvents });
    if (!shifts.closeBusinessDay(businessDate, at, clerkId, JSON.stringify(report), overrideBy !== null)) {
      throw new AppError({ code: 'CONFLICT', messageKey: 'shift:dayAlreadyClosed', params: { date: businessDate } });
    }
    // the day's drawer count on record: the last shift's count against the day's expected cash
    const last = report.shifts.at(-1);
    if (last && report.cash.countedFen !== null && report.cash.varianceFen !== null) {
      shifts.saveCashCount({
        business_date: businessDate,
        shift_id: last.shiftId,
        counts: JSON.stringify(report.cash.counts ?? {}),
        counted_fen: report.cash.countedFen,
        expected_fen: report.cash.expectedFen,
        variance_fen: report.cash.varianceFen,
        reason: report.cash.reason,
        clerk_id: clerkId,
        at,
      });
    }
    const payload: DayClosePayload = {
      businessDate,
      zReport: report as unknown as Record<string, unknown>,
      closedAt: at,
      pendingOverride: overrideBy !== null,
    };
    ctx.repos.outbox.enqueueEvent({ eventId: randomUUID(), type: 'day.close', payload, createdAt: at });
    const jobId = zReports.enqueuePrint(report, 0, at);
    ctx.audit.record('day.close', clerkId, {
      businessDate,
      shifts: report.shifts.map((x) => x.shiftId),
      netFen: report.netFen,
      varianceFen: report.cash.varianceFen,
      pendingEvents,
      overrideBy,
    });
    return { report, jobId };
  });

  function defaultDate(): string {
    return shifts.findOpenShift()?.business_date ?? shifts.oldestOpenBusinessDate() ?? shifts.latestClosedBusinessDate() ?? shift.businessDateNow();
  }

  function zReportOf(businessDate: string): { report: ZReport; closed: boolean } {
    const stored = shifts.findClosedZReport(businessDate);
    if (stored?.closed_at && stored.z_report) return { report: JSON.parse(stored.z_report) as ZReport, closed: true };
    return { report: zReports.live(businessDate, { pendingEvents: ctx.repos.outbox.pendingEventStats().count }), closed: false };
  }

  return {
    /** The count at day end: closes the open shift with it (the shift report prints); returns the day's Z report. */
    count(clerk: ClerkSummary, counts: DenominationCounts, reason: string | undefined): ZReport {
      const businessDate = shift.requireOpenShift().business_date;
      shift.close(clerk, counts, reason);
      return zReportOf(businessDate).report;
    },
    zReport(businessDate?: string): { report: ZReport | null; closed: boolean } {
      return zReportOf(businessDate ?? defaultDate());
    },
    async close(clerk: ClerkSummary, override?: { supervisorId: string; pin: string }): Promise<{ report: ZReport; jobId: number }> {
      refuseWhileShiftOpen();
      dayToClose();
      const pending = ctx.repos.outbox.pendingEventStats().count;
      let overrideBy: string | null = null;
      if (pending > 0) {
        if (!override) throw new AppError({ code: 'FORBIDDEN', messageKey: 'shift:pendingSync', field: 'override', params: { count: pending } });
        overrideBy = (await ctx.auth.verifySupervisor(override.supervisorId, override.pin, 'day.closePending')).clerkId;
      }
      const out = commitClose(clerk.clerkId, overrideBy, pending);
      deps.afterCommit?.();
      return out;
    },
    /** X report: the day so far, printed, nothing closed (the open shift's day, else today). */
    printX(clerk: ClerkSummary): { jobId: number; report: ZReport } {
      const businessDate = shifts.findOpenShift()?.business_date ?? shift.businessDateNow();
      const out = ctx.db.transaction(() => {
        const report = zReports.live(businessDate, { pendingEvents: ctx.repos.outbox.pendingEventStats().count });
        const at = ctx.now().toISOString();
        const jobId = zReports.enqueuePrint(report, 0, at, 'X');
        ctx.audit.record('day.printX', clerk.clerkId, { businessDate, jobId, expectedCashFen: report.cash.expectedFen });
        return { jobId, report };
      })();
      deps.afterCommit?.();
      return out;
    },
    /** Open the drawer without a sale: reason required, audited, a slip printed with the drawer kick. */
    noSale(clerk: ClerkSummary, reason: string): { jobId: number } {
      const trimmed = reason.trim();
      if (!trimmed) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.reasonRequired', field: 'reason' });
      const open = shift.requireOpenShift();
      const out = ctx.db.transaction(() => {
        const at = ctx.now().toISOString();
        const zh = ctx.local.receiptLanguage === 'zh-CN';
        const en = ctx.local.receiptLanguage === 'en';
        const pick = (a: string, b: string) => (zh ? a : en ? b : `${a} / ${b}`);
        const payload: PrintPayload = {
          type: 'report',
          title: pick('无销售开钱箱', 'NO SALE'),
          input: {
            title: pick('无销售开钱箱', 'NO SALE'),
            headerLines: [ctx.store()?.name ?? '', `${ctx.terminal()?.code ?? ''} · ${open.business_date}`],
            opensDrawer: true,
            sections: [
              {
                rows: [
                  { label: pick('店员', 'Clerk'), value: clerk.name },
                  { label: pick('时间', 'Time'), value: formatLocalDateTime(new Date(at), zReports.timeZone()) },
                  { label: pick('原因', 'Reason'), value: trimmed },
                ],
              },
            ],
          },
        };
        const jobId = ctx.repos.printJobs.enqueuePrintJob({ kind: 'report', refId: `nosale:${at}`, payload, openDrawer: true, createdAt: at });
        shifts.insertNoSale({ shift_id: open.shift_id, reason: trimmed, clerk_id: clerk.clerkId, at });
        ctx.audit.record('drawer.noSale', clerk.clerkId, { shiftId: open.shift_id, reason: trimmed, jobId });
        return { jobId };
      })();
      deps.afterCommit?.();
      return out;
    },
    /** Print the Z report again (the stored one of a closed day), marked as a reprint. */
    reprint(clerk: ClerkSummary, businessDate: string): { jobId: number; reprintCount: number } {
      const out = ctx.db.transaction(() => {
        const { report } = zReportOf(businessDate);
        const key = `zReport.reprints.${businessDate}`;
        const reprintCount = (ctx.repos.kv.get<number>(key) ?? 0) + 1;
        ctx.repos.kv.set(key, reprintCount);
        const at = ctx.now().toISOString();
        const jobId = zReports.enqueuePrint(report, reprintCount, at);
        ctx.audit.record('day.reprintZ', clerk.clerkId, { businessDate, reprintCount, jobId });
        return { jobId, reprintCount };
      })();
      deps.afterCommit?.();
      return out;
    },
  };
}
export type DayCloseService = ReturnType<typeof createDayCloseService>;
