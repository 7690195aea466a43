import { describe, expect, it } from 'vitest';
import { buildZReport, parseZReportCsv, zReportCsv, zReportReceiptData, type ZReportFacts } from './z-report';

const zero = { count: 0, amountFen: 0 };
const facts = (byPromotion?: ZReportFacts['byPromotion']): ZReportFacts => ({
  businessDate: '2026-12-03',
  all: { count: 2, amountFen: 13_120 },
  voided: zero,
  pending: zero,
  rejected: zero,
  firstReceiptNo: 'S001-T01-20261203-000001',
  lastReceiptNo: 'S001-T01-20261203-000002',
  receiptSeqs: [1, 2],
  byMethod: [{ method: 'cash', count: 2, amountFen: 13_120 }],
  byPlan: [],
  byClerk: [],
  byUtcHour: [],
  shifts: [],
  unassigned: { cashTakenFen: 13_120, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0 },
  thresholdFen: 0,
  ...(byPromotion ? { byPromotion } : {}),
});

describe('Z report: discounts per promotion', () => {
  const byPromotion = [
    { promotionId: 'DEC20', nameZh: '限时八折', nameEn: '20% off', count: 2, amountFen: 3_360 },
    { promotionId: 'MJ60', nameZh: '满60减5', nameEn: 'Spend 60 save 5', count: 1, amountFen: 500 },
  ];

  it('lists each promotion with its sales and the total taken off: on paper, in CSV', () => {
    const r = buildZReport(facts(byPromotion), { generatedAt: '2026-12-03T10:00:00Z' });
    expect(r.byPromotion).toEqual(byPromotion);
    const zh = zReportReceiptData(r, 'zh-CN', { storeName: '店', terminalCode: 'T01' });
    const section = zh.sections.find((s) => s.heading === '促销优惠');
    expect(section?.rows).toEqual([
      { label: '限时八折', value: '2 / -¥33.60' },
      { label: '满60减5', value: '1 / -¥5.00' },
    ]);
    const en = zReportReceiptData(r, 'en', { storeName: 'S', terminalCode: 'T01' });
    expect(en.sections.find((s) => s.heading === 'Discounts by promotion')?.rows[0]).toEqual({ label: '20% off', value: '2 / -¥33.60' });
    const csv = parseZReportCsv(zReportCsv(r));
    expect(csv.get('promotion.DEC20')).toEqual({ label: '限时八折 / 20% off', count: 2, amountFen: 3_360 });
    expect(csv.get('promotion.MJ60')).toMatchObject({ count: 1, amountFen: 500 });
  });

  it('no promotion used: no section, no rows', () => {
    const r = buildZReport(facts(), { generatedAt: '2026-12-03T10:00:00Z' });
    expect(r.byPromotion).toEqual([]);
    expect(zReportReceiptData(r, 'zh-CN', { storeName: '店', terminalCode: 'T01' }).sections.some((s) => s.heading === '促销优惠')).toBe(false);
  });
});
