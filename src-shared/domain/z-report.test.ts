import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildZReport, localHourOfUtcBucket, parseZReportCsv, zReportCsv, zReportReceiptData, type ZReportFacts } from './z-report';

const ca = fc.record({ count: fc.integer({ min: 0, max: 500 }), amountFen: fc.integer({ min: 0, max: 10_000_000 }) });
const method = fc.constantFrom('cash', 'card', 'alipay', 'wechat');

const factsArb: fc.Arbitrary<ZReportFacts> = fc.record({
  businessDate: fc.constant('2026-11-25'),
  all: ca,
  voided: ca,
  pending: ca,
  rejected: ca,
  firstReceiptNo: fc.constant('S001-T01-20261125-000001'),
  lastReceiptNo: fc.constant('S001-T01-20261125-000009'),
  receiptSeqs: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }),
  byMethod: fc.array(fc.record({ method, count: fc.nat(50), amountFen: fc.nat(1_000_000) }), { maxLength: 6 }),
  byPlan: fc.array(fc.record({ planCode: fc.constantFrom('M30G', 'C100G'), nameZh: fc.constant('月包'), nameEn: fc.constant('Monthly, "30" GB'), count: fc.nat(9), amountFen: fc.nat(100_000) }), { maxLength: 2 }),
  byClerk: fc.array(fc.record({ clerkId: fc.constantFrom('a', 'b'), name: fc.constant('王芳, 1001'), count: fc.nat(9), amountFen: fc.nat(100_000) }), { maxLength: 2 }),
  byUtcHour: fc.uniqueArray(fc.record({ utcHour: fc.integer({ min: 0, max: 23 }).map((h) => `2026-11-25T${String(h).padStart(2, '0')}`), count: fc.nat(9), amountFen: fc.nat(100_000) }), { selector: (h) => h.utcHour, maxLength: 24 }),
  // one shift (the single-drawer day): its cash flows and, when closed, its count
  shifts: fc
    .record({
      floatFen: fc.nat(1_000_000),
      cashTakenFen: fc.nat(1_000_000),
      changeGivenFen: fc.nat(100_000),
      voidedCashFen: fc.nat(100_000),
      paidInFen: fc.nat(100_000),
      paidOutFen: fc.nat(100_000),
      countedFen: fc.option(fc.nat(2_000_000), { nil: null }),
      reason: fc.option(fc.constant('找错零钱'), { nil: null }),
    })
    .map((s) => [{ ...s, shiftId: 's1', clerkId: 'a', clerkName: '王芳', openedAt: '2026-11-25T01:00:00Z', closedAt: s.countedFen === null ? null : '2026-11-25T12:00:00Z', floatReason: null, counts: s.countedFen === null ? null : {}, noSaleCount: 0 }]),
  unassigned: fc.constant({ cashTakenFen: 0, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0 }),
  thresholdFen: fc.nat(10_000),
});

describe('buildZReport', () => {
  it('net = gross - voids; methods keep their sums in a fixed order; hours keep their totals', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = buildZReport(f, { generatedAt: '2026-11-25T12:00:00Z', timeZone: 'Asia/Shanghai' });
        expect(r.netFen).toBe(f.all.amountFen - f.voided.amountFen);
        expect(r.byMethod.map((m) => m.method).slice(0, 4)).toEqual(['cash', 'card', 'alipay', 'wechat']);
        expect(r.byMethod.reduce((s, m) => s + m.amountFen, 0)).toBe(f.byMethod.reduce((s, m) => s + m.amountFen, 0));
        expect(r.byHour.reduce((s, h) => s + h.amountFen, 0)).toBe(f.byUtcHour.reduce((s, h) => s + h.amountFen, 0));
        const c = f.shifts[0]!;
        expect(r.cash.expectedFen).toBe(c.floatFen + c.cashTakenFen - c.changeGivenFen - c.voidedCashFen + c.paidInFen - c.paidOutFen);
        if (c.countedFen !== null) expect(r.cash.varianceFen).toBe(c.countedFen - r.cash.expectedFen);
        else expect(r.cash.varianceFen).toBeNull();
      }),
    );
  });

  it('CSV round-trips every total exactly, with commas and quotes in names', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = buildZReport(f, { generatedAt: '2026-11-25T12:00:00Z' });
        const rows = parseZReportCsv('\uFEFF' + zReportCsv(r));
        expect(rows.get('total.net')).toEqual({ label: 'net', count: r.netCount, amountFen: r.netFen });
        expect(rows.get('cash.expected')?.amountFen).toBe(r.cash.expectedFen);
        for (const p of r.byPlan) expect(rows.get(`plan.${p.planCode}`)?.label).toBe(`${p.nameZh} / ${p.nameEn}`);
        for (const m of r.byMethod) expect(rows.get(`method.${m.method}`)?.amountFen).toBe(m.amountFen);
      }),
    );
  });

  it('maps UTC hour buckets to the store zone', () => {
    expect(localHourOfUtcBucket('2026-11-25T01', 'Asia/Shanghai')).toBe(9);
    expect(localHourOfUtcBucket('2026-11-25T16', 'Asia/Shanghai')).toBe(0);
  });

  it('the printed report states a supervisor override and a reprint', () => {
    const f = fc.sample(factsArb, 1)[0]!;
    const r = buildZReport(f, { generatedAt: 'x', closedAt: '2026-11-25T12:00:00Z', pendingOverride: true, pendingEvents: 3 });
    const zh = zReportReceiptData(r, 'zh-CN', { storeName: '店', terminalCode: 'T01', reprintCount: 2 });
    expect(zh.mark).toBe('重印 #2');
    expect(zh.footerLines?.join('\n')).toContain('3 条未上传');
    const en = zReportReceiptData(r, 'en', { storeName: 'S', terminalCode: 'T01' });
    expect(en.mark).toBeUndefined();
    expect(en.footerLines?.join('\n')).toContain('closed with 3 unsent');
  });
});
