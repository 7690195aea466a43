import { buildZReport, zReportReceiptData, type ZReport } from '../../src-shared/domain/z-report';
import { DEFAULT_TIME_ZONE } from '../../src-shared/domain/time';
import type { AppContext } from '../app-context';
import type { ReportRepo } from '../db/repos/report-repo';
import { createDiscountRepo } from '../db/repos/discount-repo';
import type { PrintPayload } from '../printing/print-payload';

/** Builds the Z report of a business day from the database (aggregation in SQL, maths in src-shared) and prints it. */
export function createZReportService(deps: { ctx: AppContext; reports: ReportRepo }) {
  const { ctx, reports } = deps;
  const timeZone = () => ctx.store()?.timeZone ?? DEFAULT_TIME_ZONE;
  const thresholdFen = () => ctx.store()?.settings.varianceThresholdFen ?? 0;
  // One read transaction: every figure comes from the same snapshot of the database.
  const discounts = createDiscountRepo(ctx.db);
  const readFacts = ctx.db.transaction((businessDate: string) => ({ ...reports.zReportFacts(businessDate, thresholdFen()), byPromotion: discounts.totalsForDay(businessDate) }));

  return {
    thresholdFen,
    timeZone,
    /** The report as the database stands now (not closed). */
    live(businessDate: string, extra: { closedAt?: string | null; closedBy?: string | null; pendingOverride?: boolean; pendingEvents?: number } = {}): ZReport {
      return buildZReport(readFacts(businessDate), { timeZone: timeZone(), generatedAt: ctx.now().toISOString(), ...extra });
    },
    /** Queue the report on the receipt printer (call inside the caller's transaction when it belongs to one). */
    enqueuePrint(report: ZReport, reprintCount: number, at: string, kind: 'X' | 'Z' = 'Z'): number {
      const store = ctx.store();
      const input = zReportReceiptData(report, ctx.local.receiptLanguage, {
        storeName: store?.name ?? '',
        terminalCode: ctx.terminal()?.code ?? '',
        reprintCount,
        kind,
      });
      const payload: PrintPayload = { type: 'report', title: input.title, input };
      return ctx.repos.printJobs.enqueuePrintJob({ kind: 'report', refId: `${kind === 'X' ? 'x' : 'z'}:${report.businessDate}`, payload, openDrawer: false, createdAt: at });
    },
  };
}
export type ZReportService = ReturnType<typeof createZReportService>;
