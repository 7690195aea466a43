import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyInOrder,
  byStackOrder,
  discountTotals,
  localMinute,
  percentOffPrice,
  pricePromotions,
  promotionRunsAt,
  recheckPromotions,
  windowsOverlap,
  type Promotion,
  type PromotionSale,
} from './promotions';

const ZONE = 'Asia/Shanghai';
const AT = new Date('2026-12-03T04:00:00Z'); // 12:00 in Shanghai
const SALE: PromotionSale = { listPriceFen: 9900, planCode: 'M30G', termMonths: 3, storeCode: 'S001' };

const base = {
  nameZh: '促销',
  nameEn: 'Promo',
  startsLocal: '2026-12-01T00:00',
  endsLocal: '2027-01-01T00:00',
  storeCodes: null,
  stackable: false,
  stackOrder: 0,
};
const pct = (id: string, percentOff: number, extra: Partial<Promotion> = {}): Promotion =>
  ({ ...base, promotionId: id, kind: 'percentOff', planCode: 'M30G', termMonths: null, percentOff, ...extra }) as Promotion;
const fixed = (id: string, priceFen: number, extra: Partial<Promotion> = {}): Promotion =>
  ({ ...base, promotionId: id, kind: 'fixedPrice', planCode: 'M30G', termMonths: null, priceFen, ...extra }) as Promotion;
const spend = (id: string, thresholdFen: number, saveFen: number, extra: Partial<Promotion> = {}): Promotion =>
  ({ ...base, promotionId: id, kind: 'spendSave', thresholdFen, saveFen, ...extra }) as Promotion;

const arbPromotion: fc.Arbitrary<Promotion> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    kind: fc.constantFrom('percentOff', 'fixedPrice', 'spendSave'),
    percentOff: fc.integer({ min: 1, max: 99 }),
    priceFen: fc.integer({ min: 1, max: 1_000_000 }),
    thresholdFen: fc.integer({ min: 1, max: 1_000_000 }),
    saveFen: fc.integer({ min: 1, max: 1_000_000 }),
    stackable: fc.boolean(),
    stackOrder: fc.integer({ min: 0, max: 5 }),
    termMonths: fc.constantFrom(null, 3, 6),
  })
  .map((r) => {
    const common = { ...base, promotionId: r.id, stackable: r.stackable, stackOrder: r.stackOrder };
    if (r.kind === 'percentOff') return { ...common, kind: 'percentOff', planCode: 'M30G', termMonths: r.termMonths, percentOff: r.percentOff } as Promotion;
    if (r.kind === 'fixedPrice') return { ...common, kind: 'fixedPrice', planCode: 'M30G', termMonths: r.termMonths, priceFen: r.priceFen } as Promotion;
    return { ...common, kind: 'spendSave', thresholdFen: r.thresholdFen, saveFen: Math.min(r.saveFen, r.thresholdFen - 1) || 1 } as Promotion;
  });
const arbPromotions = fc.uniqueArray(arbPromotion, { selector: (p) => p.promotionId, maxLength: 6 });
const arbPrice = fc.integer({ min: 0, max: 10_000_000 });

describe('percentOffPrice (the one rounding rule)', () => {
  it('rounds the price half up to the fen', () => {
    expect(percentOffPrice(9900, 20)).toBe(7920);
    expect(percentOffPrice(5, 50)).toBe(3); // 2.5 -> 3
    expect(percentOffPrice(3, 50)).toBe(2); // 1.5 -> 2
    expect(percentOffPrice(1, 99)).toBe(0); // 0.01 -> 0
    expect(percentOffPrice(12345, 15)).toBe(10493); // 10493.25 -> 10493
  });
  it('equals the exact rational rounded half up, and stays within the price', () => {
    fc.assert(
      fc.property(arbPrice, fc.integer({ min: 1, max: 99 }), (price, p) => {
        const got = percentOffPrice(price, p);
        const exactTimes100 = price * (100 - p);
        // got is the integer n with n - 0.5 <= exact < n + 0.5
        expect(got * 100 - 50 <= exactTimes100 && exactTimes100 < got * 100 + 50).toBe(true);
        expect(Number.isSafeInteger(got) && got >= 0 && got <= price).toBe(true);
      }),
    );
  });
});

describe('pricePromotions', () => {
  it('without promotions the list price is due', () => {
    expect(pricePromotions({ sale: SALE, promotions: [], at: AT, timeZone: ZONE })).toEqual({ listPriceFen: 9900, lines: [], dueFen: 9900 });
  });

  it('picks the best single non-stackable promotion', () => {
    const r = pricePromotions({ sale: SALE, promotions: [pct('a', 10), fixed('b', 7000), spend('c', 5000, 500)], at: AT, timeZone: ZONE });
    expect(r.lines.map((l) => l.promotionId)).toEqual(['b']);
    expect(r.dueFen).toBe(7000);
  });

  it('stacks the stackable ones in stack order, the 满减 threshold read on the running total', () => {
    const a = pct('a', 20, { stackable: true, stackOrder: 1 });
    const c = spend('c', 8000, 1000, { stackable: true, stackOrder: 2 });
    const r = pricePromotions({ sale: SALE, promotions: [c, a], at: AT, timeZone: ZONE });
    // 9900 -> 20% off = 7920 -> below 8000, no 满减
    expect(r.lines.map((l) => [l.promotionId, l.discountFen])).toEqual([['a', 1980]]);
    const c2 = spend('c', 7000, 1000, { stackable: true, stackOrder: 2 });
    const r2 = pricePromotions({ sale: SALE, promotions: [c2, a], at: AT, timeZone: ZONE });
    expect(r2.lines.map((l) => [l.promotionId, l.discountFen])).toEqual([['a', 1980], ['c', 1000]]);
    expect(r2.dueFen).toBe(6920);
    // the other order: 满减 first on 9900, then 20% off 8900
    const r3 = pricePromotions({ sale: SALE, promotions: [{ ...c2, stackOrder: 0 }, a], at: AT, timeZone: ZONE });
    expect(r3.lines.map((l) => [l.promotionId, l.discountFen])).toEqual([['c', 1000], ['a', 1780]]);
    expect(r3.dueFen).toBe(7120);
  });

  it('a non-stackable promotion that beats the stack wins alone', () => {
    const r = pricePromotions({
      sale: SALE,
      promotions: [pct('a', 10, { stackable: true }), spend('c', 5000, 500, { stackable: true }), fixed('b', 5000)],
      at: AT,
      timeZone: ZONE,
    });
    expect(r.lines.map((l) => l.promotionId)).toEqual(['b']);
  });

  it('reads the window on the store wall clock: start inclusive, end exclusive', () => {
    const p = pct('a', 10, { startsLocal: '2026-12-03T12:00', endsLocal: '2026-12-03T13:00' });
    expect(promotionRunsAt(p, new Date('2026-12-03T04:00:00Z'), ZONE)).toBe(true);
    expect(promotionRunsAt(p, new Date('2026-12-03T03:59:59Z'), ZONE)).toBe(false);
    expect(promotionRunsAt(p, new Date('2026-12-03T05:00:00Z'), ZONE)).toBe(false);
    // the same window in another store's zone is another instant
    expect(promotionRunsAt(p, new Date('2026-12-03T17:00:00Z'), 'America/New_York')).toBe(true);
    expect(localMinute(new Date('2026-12-03T04:00:00Z'), ZONE)).toBe('2026-12-03T12:00');
  });

  it('leaves out promotions of other stores, plans and terms', () => {
    const r = pricePromotions({
      sale: SALE,
      promotions: [pct('a', 10, { storeCodes: ['S002'] }), pct('b', 10, { planCode: 'C100G' } as Partial<Promotion>), pct('c', 10, { termMonths: 6 } as Partial<Promotion>)],
      at: AT,
      timeZone: ZONE,
    });
    expect(r.lines).toEqual([]);
  });

  it('properties: integer fen, never below zero, never above the list price, lines add up, deterministic', () => {
    fc.assert(
      fc.property(arbPrice, arbPromotions, (price, ps) => {
        const sale = { ...SALE, listPriceFen: price };
        const r = pricePromotions({ sale, promotions: ps, at: AT, timeZone: ZONE });
        expect(Number.isSafeInteger(r.dueFen) && r.dueFen >= 0 && r.dueFen <= price).toBe(true);
        expect(r.listPriceFen - r.lines.reduce((s, l) => s + l.discountFen, 0)).toBe(r.dueFen);
        for (const l of r.lines) expect(Number.isSafeInteger(l.discountFen) && l.discountFen > 0).toBe(true);
        // same answer whatever order HQ sent them in
        const again = pricePromotions({ sale, promotions: [...ps].reverse(), at: AT, timeZone: ZONE });
        expect(again).toEqual(r);
        // several lines only ever from stackable promotions
        if (r.lines.length > 1) for (const l of r.lines) expect(ps.find((p) => p.promotionId === l.promotionId)!.stackable).toBe(true);
      }),
    );
  });

  it('property: the pick is at least as good as every single promotion and as the whole stack', () => {
    fc.assert(
      fc.property(arbPrice, arbPromotions, (price, ps) => {
        const r = pricePromotions({ sale: { ...SALE, listPriceFen: price }, promotions: ps, at: AT, timeZone: ZONE });
        const applicable = ps.filter((p) => p.kind === 'spendSave' || p.termMonths === null || p.termMonths === 3);
        for (const p of applicable.filter((x) => !x.stackable)) expect(r.dueFen).toBeLessThanOrEqual(applyInOrder(price, [p]).dueFen);
        const stack = applicable.filter((x) => x.stackable).sort(byStackOrder);
        expect(r.dueFen).toBeLessThanOrEqual(applyInOrder(price, stack).dueFen);
      }),
    );
  });

  it('property: a promotion outside its window never applies', () => {
    fc.assert(
      fc.property(arbPrice, arbPromotions, (price, ps) => {
        const ended = ps.map((p) => ({ ...p, startsLocal: '2026-11-01T00:00', endsLocal: '2026-12-03T12:00' }));
        expect(pricePromotions({ sale: { ...SALE, listPriceFen: price }, promotions: ended, at: AT, timeZone: ZONE }).lines).toEqual([]);
      }),
    );
  });
});

describe('recheckPromotions (HQ)', () => {
  const a = pct('a', 20, { stackable: true, stackOrder: 1, endsLocal: '2026-12-03T13:00' });
  const c = spend('c', 7000, 1000, { stackable: true, stackOrder: 2 });
  const priced = pricePromotions({ sale: SALE, promotions: [a, c], at: AT, timeZone: ZONE });
  const claimed = priced.lines.map((l) => ({ promotionId: l.promotionId, discountFen: l.discountFen }));
  const common = { claimed, sale: SALE, dueFen: priced.dueFen, promotions: [a, c], offlineMaxHours: 24, timeZone: ZONE };

  it('honours a promotion that ended while the store was offline when the sale was in its window', () => {
    expect(recheckPromotions({ ...common, saleAt: AT, receivedAt: new Date('2026-12-03T20:00:00Z') })).toEqual({ status: 'honoured' });
  });
  it('flags a sale whose clock is beyond the offline limit', () => {
    expect(recheckPromotions({ ...common, saleAt: AT, receivedAt: new Date('2026-12-05T04:00:00Z') })).toEqual({ status: 'flagged', reason: 'outsideOfflineLimits' });
  });
  it('flags a promotion used after its end, an unknown one, and wrong amounts', () => {
    expect(recheckPromotions({ ...common, saleAt: new Date('2026-12-03T05:30:00Z'), receivedAt: new Date('2026-12-03T06:00:00Z') })).toEqual({
      status: 'flagged',
      reason: 'notValidAtSaleTime',
      promotionId: 'a',
    });
    expect(recheckPromotions({ ...common, promotions: [c], saleAt: AT, receivedAt: AT })).toMatchObject({ status: 'flagged', reason: 'unknownPromotion', promotionId: 'a' });
    expect(recheckPromotions({ ...common, dueFen: priced.dueFen - 1, saleAt: AT, receivedAt: AT })).toMatchObject({ status: 'flagged', reason: 'amountMismatch' });
  });
  it('no claimed promotion: nothing to check', () => {
    expect(recheckPromotions({ ...common, claimed: [], saleAt: AT, receivedAt: AT })).toEqual({ status: 'none' });
  });
  it('property: whatever the terminal priced in the window within the limit, HQ honours', () => {
    fc.assert(
      fc.property(arbPrice, arbPromotions, fc.integer({ min: 0, max: 24 * 3_600_000 }), (price, ps, lag) => {
        const sale = { ...SALE, listPriceFen: price };
        const r = pricePromotions({ sale, promotions: ps, at: AT, timeZone: ZONE });
        const check = recheckPromotions({
          claimed: r.lines.map((l) => ({ promotionId: l.promotionId, discountFen: l.discountFen })),
          sale,
          dueFen: r.dueFen,
          promotions: ps,
          saleAt: AT,
          receivedAt: new Date(AT.getTime() + lag),
          offlineMaxHours: 24,
          timeZone: ZONE,
        });
        expect(check.status).toBe(r.lines.length ? 'honoured' : 'none');
      }),
    );
  });
});

describe('windowsOverlap and discountTotals', () => {
  it('touching windows do not overlap', () => {
    expect(windowsOverlap({ startsLocal: '2026-12-01T00:00', endsLocal: '2026-12-02T00:00' }, { startsLocal: '2026-12-02T00:00', endsLocal: '2026-12-03T00:00' })).toBe(false);
    expect(windowsOverlap({ startsLocal: '2026-12-01T00:00', endsLocal: '2026-12-02T00:01' }, { startsLocal: '2026-12-02T00:00', endsLocal: '2026-12-03T00:00' })).toBe(true);
  });
  it('sums per promotion', () => {
    expect(
      discountTotals([
        { promotionId: 'a', nameZh: 'A', nameEn: 'A', discountFen: 100 },
        { promotionId: 'b', nameZh: 'B', nameEn: 'B', discountFen: 5 },
        { promotionId: 'a', nameZh: 'A', nameEn: 'A', discountFen: 200 },
      ]),
    ).toEqual([
      { promotionId: 'a', nameZh: 'A', nameEn: 'A', count: 2, discountFen: 300 },
      { promotionId: 'b', nameZh: 'B', nameEn: 'B', count: 1, discountFen: 5 },
    ]);
  });
});
