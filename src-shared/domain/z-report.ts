/**
 * The Z report: the business day of one terminal in numbers. The database aggregates (report-repo);
 * this file does the maths that must be the same on screen, on paper and in the CSV.
 */
import { receiptLabeler, type ReceiptLanguage, type ReportReceiptData } from '../receipt/sale-receipt';
import { formatFen, formatFenPlain, type Fen } from './money';
import { findSequenceGaps } from './receipt-number';
import type { DenominationCounts, ExpectedCashInput } from './reconciliation';
import { dayCash, type ShiftCashFlows } from './shift-handover';
import { DEFAULT_TIME_ZONE, formatLocalDateTime, localParts } from './time';

export const PAYMENT_METHODS = ['cash', 'card', 'alipay', 'wechat'] as const;
export type PaymentMethodName = (typeof PAYMENT_METHODS)[number];

export interface CountAmount {
  count: number;
  amountFen: Fen;
}

/** What the database says about one business day (report-repo), before any maths. */
export interface ZReportFacts {
  businessDate: string;
  /** Every sale of the day, voided ones included. */
  all: CountAmount;
  voided: CountAmount;
  /** Not voided, still waiting for HQ / refused by HQ. */
  pending: CountAmount;
  rejected: CountAmount;
  firstReceiptNo: string | null;
  lastReceiptNo: string | null;
  receiptSeqs: number[];
  /** Payments of the sales that stand (not voided). */
  byMethod: ({ method: string } & CountAmount)[];
  byPlan: ({ planCode: string; nameZh: string; nameEn: string } & CountAmount)[];
  byClerk: ({ clerkId: string; name: string } & CountAmount)[];
  /** Discounts of the sales that stand, per promotion (amountFen = total taken off). */
  byPromotion?: ({ promotionId: string; nameZh: string; nameEn: string } & CountAmount)[];
  /** Sales that stand, by UTC hour 'YYYY-MM-DDTHH' of created_at. */
  byUtcHour: ({ utcHour: string } & CountAmount)[];
  /** The day's shifts in the order they were opened, each with its own cash flows. */
  shifts: ZShiftFact[];
  /** Cash of sales that belong to none of the day's shifts (test harnesses sell without one). */
  unassigned: ShiftCashFlows;
  thresholdFen: Fen;
}

/** One shift of the day as the database has it (report-repo). */
export interface ZShiftFact extends ShiftCashFlows {
  shiftId: string;
  clerkId: string;
  clerkName: string;
  openedAt: string;
  closedAt: string | null;
  floatFen: Fen;
  /** Why the float differs from the count it took over (null when it does not). */
  floatReason: string | null;
  countedFen: Fen | null;
  counts: DenominationCounts | null;
  reason: string | null;
  noSaleCount: number;
}

/** One shift in the report: its facts and its expected cash, float change at handover and over/short. */
export interface ZShiftLine extends ZShiftFact {
  floatChangeFen: Fen;
  expectedFen: Fen;
  varianceFen: Fen | null;
}

export interface ZReport {
  businessDate: string;
  timeZone: string;
  generatedAt: string;
  salesCount: number;
  grossFen: Fen;
  voidCount: number;
  voidFen: Fen;
  netCount: number;
  netFen: Fen;
  pendingCount: number;
  pendingFen: Fen;
  rejectedCount: number;
  rejectedFen: Fen;
  firstReceiptNo: string | null;
  lastReceiptNo: string | null;
  receiptGaps: number[];
  byMethod: ({ method: PaymentMethodName | string } & CountAmount)[];
  byPlan: ({ planCode: string; nameZh: string; nameEn: string } & CountAmount)[];
  byClerk: ({ clerkId: string; name: string } & CountAmount)[];
  /** Discounts per promotion: sales it applied to, total taken off (docs/payments.md#promotions). */
  byPromotion: ({ promotionId: string; nameZh: string; nameEn: string } & CountAmount)[];
  /** Local hours (0-23) of the store's time zone that had sales. */
  byHour: ({ hour: number } & CountAmount)[];
  /** The day's shifts (handover chain); the cash section adds them up. */
  shifts: ZShiftLine[];
  cash: ExpectedCashInput & {
    /** Float changes at handovers (a later shift opened on another amount than the count it took over). */
    floatChangeFen: Fen;
    expectedFen: Fen;
    countedFen: Fen | null;
    varianceFen: Fen | null;
    counts: DenominationCounts | null;
    reason: string | null;
    needsReason: boolean;
  };
  closedAt: string | null;
  closedBy: string | null;
  /** Closed while outbox events were still pending, with a supervisor's override. */
  pendingOverride: boolean;
  pendingEvents: number;
}

export interface ZReportOptions {
  timeZone?: string;
  generatedAt: string;
  closedAt?: string | null;
  closedBy?: string | null;
  pendingOverride?: boolean;
  pendingEvents?: number;
}

/** Local hour of a UTC hour bucket ('2026-11-25T01' -> 9 in Asia/Shanghai). Whole-hour zones are exact. */
export function localHourOfUtcBucket(utcHour: string, timeZone: string = DEFAULT_TIME_ZONE): number {
  return localParts(new Date(`${utcHour}:00:00.000Z`), timeZone).hour;
}

/** Facts -> the report: net totals, payment methods in a fixed order, local hours, expected cash and variance. */
export function buildZReport(facts: ZReportFacts, opts: ZReportOptions): ZReport {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const methods = new Map<string, CountAmount>();
  for (const m of PAYMENT_METHODS) methods.set(m, { count: 0, amountFen: 0 });
  for (const m of facts.byMethod) {
    const prev = methods.get(m.method) ?? { count: 0, amountFen: 0 };
    methods.set(m.method, { count: prev.count + m.count, amountFen: prev.amountFen + m.amountFen });
  }
  const hours = new Map<number, CountAmount>();
  for (const h of facts.byUtcHour) {
    const hour = localHourOfUtcBucket(h.utcHour, timeZone);
    const prev = hours.get(hour) ?? { count: 0, amountFen: 0 };
    hours.set(hour, { count: prev.count + h.count, amountFen: prev.amountFen + h.amountFen });
  }
  const cash = dayCash(
    facts.shifts.map((s) => ({ ...s })),
    facts.unassigned,
  );
  const shifts: ZShiftLine[] = facts.shifts.map((s, i) => ({
    ...s,
    floatChangeFen: cash.shifts[i]!.floatChangeFen,
    expectedFen: cash.shifts[i]!.expectedFen,
    varianceFen: cash.shifts[i]!.varianceFen,
  }));
  const last = facts.shifts[facts.shifts.length - 1];
  const reasons = shifts.filter((s) => s.reason).map((s) => (shifts.length > 1 ? `${s.clerkName}: ${s.reason}` : s.reason!));
  return {
    businessDate: facts.businessDate,
    timeZone,
    generatedAt: opts.generatedAt,
    salesCount: facts.all.count,
    grossFen: facts.all.amountFen,
    voidCount: facts.voided.count,
    voidFen: facts.voided.amountFen,
    netCount: facts.all.count - facts.voided.count,
    netFen: facts.all.amountFen - facts.voided.amountFen,
    pendingCount: facts.pending.count,
    pendingFen: facts.pending.amountFen,
    rejectedCount: facts.rejected.count,
    rejectedFen: facts.rejected.amountFen,
    firstReceiptNo: facts.firstReceiptNo,
    lastReceiptNo: facts.lastReceiptNo,
    receiptGaps: findSequenceGaps(facts.receiptSeqs),
    byMethod: [...methods].map(([method, v]) => ({ method, ...v })),
    byPlan: [...facts.byPlan].sort((a, b) => b.amountFen - a.amountFen || a.planCode.localeCompare(b.planCode)),
    byClerk: [...facts.byClerk].sort((a, b) => b.amountFen - a.amountFen || a.clerkId.localeCompare(b.clerkId)),
    byPromotion: [...(facts.byPromotion ?? [])],
    byHour: [...hours].sort((a, b) => a[0] - b[0]).map(([hour, v]) => ({ hour, ...v })),
    shifts,
    cash: {
      floatFen: cash.floatFen,
      cashTakenFen: cash.cashTakenFen,
      changeGivenFen: cash.changeGivenFen,
      voidedCashFen: cash.voidedCashFen,
      paidInFen: cash.paidInFen,
      paidOutFen: cash.paidOutFen,
      floatChangeFen: cash.floatChangeFen,
      expectedFen: cash.expectedFen,
      countedFen: cash.countedFen,
      varianceFen: cash.varianceFen,
      counts: cash.countedFen === null ? null : (last?.counts ?? null),
      reason: reasons.length ? reasons.join('; ') : null,
      // a shift whose over/short is above the store's threshold closed with a reason
      needsReason: shifts.some((s) => s.varianceFen !== null && Math.abs(s.varianceFen) > facts.thresholdFen),
    },
    closedAt: opts.closedAt ?? null,
    closedBy: opts.closedBy ?? null,
    pendingOverride: opts.pendingOverride ?? false,
    pendingEvents: opts.pendingEvents ?? 0,
  };
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The report as CSV (RFC 4180, CRLF): section,key,label,count,amount_fen,amount_yuan. Amounts are
 * exact integer fen; `amount_yuan` is the same number for people.
 */
export function zReportCsv(r: ZReport): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'label', 'count', 'amount_fen', 'amount_yuan']];
  const add = (section: string, key: string, label: string, count: number | null, fen: Fen | null) =>
    rows.push([section, key, label, count, fen, fen === null ? null : formatFenPlain(fen)]);
  add('meta', 'businessDate', r.businessDate, null, null);
  add('meta', 'timeZone', r.timeZone, null, null);
  add('meta', 'generatedAt', r.generatedAt, null, null);
  add('meta', 'closedAt', r.closedAt ?? '', null, null);
  add('meta', 'pendingOverride', r.pendingOverride ? 'yes' : 'no', r.pendingEvents, null);
  add('receipt', 'first', r.firstReceiptNo ?? '', null, null);
  add('receipt', 'last', r.lastReceiptNo ?? '', null, null);
  add('receipt', 'gaps', r.receiptGaps.join(' '), r.receiptGaps.length, null);
  add('total', 'sales', 'sales', r.salesCount, r.grossFen);
  add('total', 'voids', 'voids', r.voidCount, r.voidFen);
  add('total', 'net', 'net', r.netCount, r.netFen);
  add('total', 'pending', 'pending at HQ', r.pendingCount, r.pendingFen);
  add('total', 'rejected', 'rejected by HQ', r.rejectedCount, r.rejectedFen);
  for (const m of r.byMethod) add('method', m.method, m.method, m.count, m.amountFen);
  for (const p of r.byPlan) add('plan', p.planCode, `${p.nameZh} / ${p.nameEn}`, p.count, p.amountFen);
  for (const c of r.byClerk) add('clerk', c.clerkId, c.name, c.count, c.amountFen);
  for (const p of r.byPromotion) add('promotion', p.promotionId, `${p.nameZh} / ${p.nameEn}`, p.count, p.amountFen);
  for (const h of r.byHour) add('hour', String(h.hour).padStart(2, '0'), `${String(h.hour).padStart(2, '0')}:00`, h.count, h.amountFen);
  const c = r.cash;
  add('cash', 'float', 'float', null, c.floatFen);
  add('cash', 'cashTaken', 'cash taken', null, c.cashTakenFen);
  add('cash', 'changeGiven', 'change given', null, c.changeGivenFen);
  add('cash', 'voidedCash', 'cash of voided sales', null, c.voidedCashFen);
  add('cash', 'paidIn', 'paid in', null, c.paidInFen);
  add('cash', 'paidOut', 'paid out', null, c.paidOutFen);
  add('cash', 'expected', 'expected', null, c.expectedFen);
  add('cash', 'counted', 'counted', null, c.countedFen);
  add('cash', 'variance', c.reason ?? '', null, c.varianceFen);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Parses zReportCsv output back to rows keyed "section.key" (for checks and tests). */
export function parseZReportCsv(text: string): Map<string, { label: string; count: number | null; amountFen: number | null }> {
  const out = new Map<string, { label: string; count: number | null; amountFen: number | null }>();
  const lines = text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
  for (const line of lines.slice(1)) {
    const fields: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        fields.push(cur);
        cur = '';
      } else cur += ch;
    }
    fields.push(cur);
    const [section, key, label, count, fen] = fields;
    out.set(`${section}.${key}`, {
      label: label ?? '',
      count: count ? Number(count) : null,
      amountFen: fen ? Number(fen) : null,
    });
  }
  return out;
}

/** The printed Z report (a 'report' print job), in the receipt language. */
/** Over/short in words with its sign: +¥1.00 over, −¥2.50 short, or balanced; '-' before a count. */
export function overShort(varianceFen: number | null, pick: (zh: string, en: string) => string): string {
  if (varianceFen === null) return '-';
  if (varianceFen === 0) return pick('平', 'balanced');
  return varianceFen > 0 ? `+${formatFen(varianceFen)} ${pick('长款', 'over')}` : `-${formatFen(-varianceFen)} ${pick('短款', 'short')}`;
}

export function zReportReceiptData(
  r: ZReport,
  language: ReceiptLanguage,
  header: { storeName: string; terminalCode: string; reprintCount?: number; kind?: 'X' | 'Z'; printedAt?: string },
): ReportReceiptData {
  const l = receiptLabeler(language);
  const ca = (v: CountAmount) => `${v.count} / ${formatFen(v.amountFen)}`;
  const methodRows = r.byMethod.map((m) => ({ label: l.method(m.method), value: ca(m) }));
  const c = r.cash;
  const cashRows = [
    { label: l.pick('备用金', 'Float'), value: formatFen(c.floatFen) },
    { label: l.pick('收现金', 'Cash taken'), value: formatFen(c.cashTakenFen) },
    { label: l.pick('找零', 'Change given'), value: formatFen(c.changeGivenFen) },
    { label: l.pick('作废退现', 'Voided cash'), value: formatFen(c.voidedCashFen) },
    { label: l.pick('存入', 'Paid in'), value: formatFen(c.paidInFen) },
    { label: l.pick('取出', 'Paid out'), value: formatFen(c.paidOutFen) },
    ...(c.floatChangeFen ? [{ label: l.pick('交班备用金调整', 'Float changed at handovers'), value: formatFen(c.floatChangeFen) }] : []),
    { label: l.pick('应有现金', 'Expected cash'), value: formatFen(c.expectedFen), emphasis: true },
    { label: l.pick('实点现金', 'Counted cash'), value: c.countedFen === null ? '-' : formatFen(c.countedFen), emphasis: true },
    { label: l.pick('差额', 'Variance'), value: c.varianceFen === null ? '-' : formatFen(c.varianceFen), emphasis: true },
    { label: l.pick('长短款', 'Over/short'), value: overShort(c.varianceFen, l.pick), emphasis: true },
  ];
  if (c.reason) cashRows.push({ label: l.pick('差额原因', 'Reason'), value: c.reason });
  const statusLines: string[] = [];
  if (r.closedAt) statusLines.push(`${l.pick('日结时间', 'Closed')} ${formatLocalDateTime(new Date(r.closedAt), r.timeZone)}`);
  else statusLines.push(l.pick('未日结（预览）', 'Not closed (preview)'));
  if (r.pendingOverride) {
    statusLines.push(l.pick(`主管批准：${r.pendingEvents} 条未上传时日结`, `Supervisor override: closed with ${r.pendingEvents} unsent`));
  }
  const reading = header.kind === 'X';
  if (reading) statusLines.splice(0, statusLines.length, l.pick('X 报表：营业中读数，未日结', 'X report: a reading of the day so far, not a close'));
  // sign-off lines: who counted and who checked the drawer put their names to the figures
  statusLines.push('', `${l.pick('收银员签字', 'Clerk signature')}: ________________`, `${l.pick('主管签字', 'Supervisor signature')}: ________________`);
  return {
    title: reading ? l.pick('读数报表 X', 'X REPORT') : l.pick('日结报表 Z', 'Z REPORT'),
    headerLines: [header.storeName, `${header.terminalCode} · ${r.businessDate}`],
    ...(header.reprintCount ? { mark: l.pick(`重印 #${header.reprintCount}`, `REPRINT #${header.reprintCount}`) } : {}),
    sections: [
      {
        rows: [
          { label: l.pick('销售笔数/金额', 'Sales'), value: `${r.salesCount} / ${formatFen(r.grossFen)}` },
          { label: l.pick('作废', 'Voids'), value: `${r.voidCount} / ${formatFen(r.voidFen)}` },
          { label: l.pick('净额', 'Net'), value: `${r.netCount} / ${formatFen(r.netFen)}`, emphasis: true },
          { label: l.pick('待总部确认', 'Pending at HQ'), value: `${r.pendingCount} / ${formatFen(r.pendingFen)}` },
          { label: l.pick('总部拒绝', 'Rejected by HQ'), value: `${r.rejectedCount} / ${formatFen(r.rejectedFen)}` },
          { label: l.pick('首张小票', 'First receipt'), value: r.firstReceiptNo ?? '-' },
          { label: l.pick('末张小票', 'Last receipt'), value: r.lastReceiptNo ?? '-' },
          ...(r.receiptGaps.length ? [{ label: l.pick('缺号', 'Gaps'), value: r.receiptGaps.slice(0, 10).join(' ') }] : []),
        ],
      },
      { heading: l.pick('按支付方式', 'By payment method'), rows: methodRows },
      { heading: l.pick('按套餐', 'By plan'), rows: r.byPlan.map((p) => ({ label: l.pick(p.nameZh, p.nameEn), value: ca(p) })) },
      { heading: l.pick('按店员', 'By clerk'), rows: r.byClerk.map((x) => ({ label: x.name, value: ca(x) })) },
      ...(r.byPromotion.length
        ? [{ heading: l.pick('促销优惠', 'Discounts by promotion'), rows: r.byPromotion.map((p) => ({ label: l.pick(p.nameZh, p.nameEn), value: `${p.count} / -${formatFen(p.amountFen)}` })) }]
        : []),
      ...(r.shifts?.length
        ? [
            {
              heading: l.pick('班次', 'Shifts'),
              rows: r.shifts.flatMap((x) => [
                { label: `${x.clerkName} ${formatLocalDateTime(new Date(x.openedAt), r.timeZone).slice(-5)}`, value: `${l.pick('备用金', 'Float')} ${formatFen(x.floatFen)}` },
                { label: `  ${l.pick('应有/实点', 'Expected/counted')}`, value: `${formatFen(x.expectedFen)} / ${x.countedFen === null ? '-' : formatFen(x.countedFen)}` },
                { label: `  ${l.pick('长短款', 'Over/short')}`, value: overShort(x.varianceFen, l.pick) },
              ]),
            },
          ]
        : []),
      { heading: l.pick('现金核对', 'Cash'), rows: cashRows },
    ],
    footerLines: statusLines,
  };
}
