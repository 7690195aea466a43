/**
 * The shift report (交班报表): what one clerk's drawer did from opening to the handover count, as
 * shown on screen and printed on the thermal printer with a sign-off line for both clerks.
 */
import type { ShiftReportView } from '../contract/shift';
import { receiptLabeler, type ReceiptLanguage, type ReportReceiptData } from '../receipt/sale-receipt';
import { formatFen } from './money';
import { formatLocalDateTime } from './time';
import { overShort, type ZShiftLine } from './z-report';

/** A shift of the Z report's chain -> the shift report. */
export function shiftReportOf(line: ZShiftLine, businessDate: string, closedByName: string | null): ShiftReportView {
  return {
    shiftId: line.shiftId,
    clerkId: line.clerkId,
    clerkName: line.clerkName,
    businessDate,
    openedAt: line.openedAt,
    closedAt: line.closedAt,
    closedByName,
    floatFen: line.floatFen,
    floatReason: line.floatReason,
    cashSalesFen: line.cashTakenFen - line.changeGivenFen,
    cashRefundsFen: line.voidedCashFen,
    paidInFen: line.paidInFen,
    paidOutFen: line.paidOutFen,
    noSaleCount: line.noSaleCount,
    expectedFen: line.expectedFen,
    countedFen: line.countedFen,
    varianceFen: line.varianceFen,
    counts: line.counts ? Object.fromEntries(Object.entries(line.counts).map(([k, v]) => [String(k), v])) : null,
    reason: line.reason,
  };
}

/** expected = float + cash sales − cash refunds + paid in − paid out (the shift report's own check). */
export function shiftReportBalances(r: ShiftReportView): boolean {
  return r.expectedFen === r.floatFen + r.cashSalesFen - r.cashRefundsFen + r.paidInFen - r.paidOutFen &&
    (r.countedFen === null ? r.varianceFen === null : r.varianceFen === r.countedFen - r.expectedFen);
}

export function shiftReportReceiptData(
  r: ShiftReportView,
  language: ReceiptLanguage,
  header: { storeName: string; terminalCode: string; timeZone: string; reprintCount?: number },
): ReportReceiptData {
  const l = receiptLabeler(language);
  const at = (iso: string | null) => (iso ? formatLocalDateTime(new Date(iso), header.timeZone) : '-');
  const rows = [
    { label: l.pick('备用金', 'Float'), value: formatFen(r.floatFen) },
    ...(r.floatReason ? [{ label: l.pick('备用金差异原因', 'Float differs'), value: r.floatReason }] : []),
    { label: l.pick('现金销售', 'Cash sales'), value: formatFen(r.cashSalesFen) },
    { label: l.pick('现金退款', 'Cash refunds'), value: formatFen(r.cashRefundsFen) },
    { label: l.pick('存入', 'Paid in'), value: formatFen(r.paidInFen) },
    { label: l.pick('取出', 'Paid out'), value: formatFen(r.paidOutFen) },
    { label: l.pick('无销售开钱箱', 'No-sales'), value: String(r.noSaleCount) },
    { label: l.pick('应有现金', 'Expected cash'), value: formatFen(r.expectedFen), emphasis: true },
    { label: l.pick('实点现金', 'Counted cash'), value: r.countedFen === null ? '-' : formatFen(r.countedFen), emphasis: true },
    { label: l.pick('长短款', 'Over/short'), value: overShort(r.varianceFen, l.pick), emphasis: true },
    ...(r.reason ? [{ label: l.pick('差额原因', 'Reason'), value: r.reason }] : []),
  ];
  return {
    title: l.pick('交班报表', 'SHIFT REPORT'),
    headerLines: [header.storeName, `${header.terminalCode} · ${r.businessDate}`],
    ...(header.reprintCount ? { mark: l.pick(`重印 #${header.reprintCount}`, `REPRINT #${header.reprintCount}`) } : {}),
    sections: [
      {
        rows: [
          { label: l.pick('店员', 'Clerk'), value: r.clerkName },
          { label: l.pick('开班', 'Opened'), value: at(r.openedAt) },
          { label: l.pick('交班', 'Closed'), value: at(r.closedAt) },
          ...(r.closedByName && r.closedByName !== r.clerkName ? [{ label: l.pick('交班人', 'Closed by'), value: r.closedByName }] : []),
        ],
      },
      { heading: l.pick('现金', 'Cash'), rows },
    ],
    footerLines: ['', `${l.pick('交班人签字', 'Handed over by')}: ________________`, `${l.pick('接班人签字', 'Taken over by')}: ________________`],
  };
}
