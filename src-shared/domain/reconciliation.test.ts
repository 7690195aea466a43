import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settlePayments } from './payment';
import { countTotalFen, DENOMINATIONS_FEN, expectedCashFen, reconcile } from './reconciliation';

const countsArb = fc.dictionary(
  fc.constantFrom(...DENOMINATIONS_FEN.map(String)),
  fc.integer({ min: 0, max: 10_000 }),
);

describe('countTotalFen', () => {
  it('adds up a drawer count', () => {
    expect(DENOMINATIONS_FEN).toEqual([10000, 5000, 2000, 1000, 500, 100, 50, 10]);
    expect(countTotalFen({ 10000: 3, 5000: 1, 1000: 2, 100: 7, 50: 1, 10: 3 })).toEqual({ ok: true, totalFen: 37780 });
    expect(countTotalFen({})).toEqual({ ok: true, totalFen: 0 });
  });

  it('refuses unknown denominations and bad counts', () => {
    expect(countTotalFen({ 200: 1 })).toEqual({
      ok: false,
      error: {
        code: 'CASH_COUNT_DENOMINATION_UNKNOWN',
        messageKey: 'domain:cashCountDenominationUnknown',
        field: 'counts.200',
        params: { denomination: '200' },
      },
    });
    expect(countTotalFen({ 10000: -1 })).toEqual({
      ok: false,
      error: {
        code: 'CASH_COUNT_INVALID',
        messageKey: 'domain:cashCountInvalid',
        field: 'counts.10000',
        params: { denomination: '¥100.00' },
      },
    });
    expect(countTotalFen({ 50: 1.5 }).ok).toBe(false);
    expect(countTotalFen({ 50: Number.NaN }).ok).toBe(false);
    expect(countTotalFen({ 50: '2' as unknown as number }).ok).toBe(false);
  });

  it('equals the sum of denomination x count for any count', () => {
    fc.assert(
      fc.property(countsArb, (counts) => {
        const expected = Object.entries(counts).reduce((s, [d, n]) => s + Number(d) * n, 0);
        expect(countTotalFen(counts)).toEqual({ ok: true, totalFen: expected });
      }),
    );
  });

  it('refuses any count with one bad entry', () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.oneof(
          fc.record({ key: fc.constantFrom('1', '20', '200', '20000', '5000.0'), n: fc.constant(1) }),
          fc.record({
            key: fc.constantFrom(...DENOMINATIONS_FEN.map(String)),
            n: fc.oneof(fc.integer({ min: -100, max: -1 }), fc.double({ min: 0.01, max: 99.99, noNaN: true }).filter((x) => !Number.isInteger(x))),
          }),
        ),
        (counts, bad) => {
          expect(countTotalFen({ ...counts, [bad.key]: bad.n }).ok).toBe(false);
        },
      ),
    );
  });
});

describe('expectedCashFen', () => {
  it('float + taken - change - voided net cash + paid in - paid out', () => {
    expect(
      expectedCashFen({
        floatFen: 50000,
        cashTakenFen: 120000,
        changeGivenFen: 8400,
        voidedCashFen: 25800,
        paidInFen: 10000,
        paidOutFen: 30000,
      }),
    ).toBe(115800);
  });

  it('refuses negative or fractional inputs', () => {
    const ok = { floatFen: 0, cashTakenFen: 0, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0 };
    expect(() => expectedCashFen({ ...ok, paidOutFen: -1 })).toThrow(/MONEY_NEGATIVE/);
    expect(() => expectedCashFen({ ...ok, floatFen: 0.5 })).toThrow(/MONEY_NOT_FEN/);
  });

  it('matches a day of settled cash sales, with some voided', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(
          fc.record({ due: fc.integer({ min: 1, max: 100_000 }), extra: fc.integer({ min: 0, max: 10_000 }), voided: fc.boolean() }),
          { maxLength: 30 },
        ),
        (floatFen, sales) => {
          let drawer = floatFen;
          let cashTakenFen = 0;
          let changeGivenFen = 0;
          let voidedCashFen = 0;
          for (const sale of sales) {
            const r = settlePayments(sale.due, [{ method: 'cash', tenderedFen: sale.due + sale.extra }]);
            if (!r.ok) throw new Error('valid sale refused');
            drawer += r.cashTenderedFen - r.changeFen;
            cashTakenFen += r.cashTenderedFen;
            changeGivenFen += r.changeFen;
            if (sale.voided) {
              drawer -= r.cashInFen; // the customer gets back what they paid net
              voidedCashFen += r.cashInFen;
            }
          }
          expect(
            expectedCashFen({ floatFen, cashTakenFen, changeGivenFen, voidedCashFen, paidInFen: 0, paidOutFen: 0 }),
          ).toBe(drawer);
        },
      ),
    );
  });
});

describe('reconcile', () => {
  it('gives the variance and asks for a reason above the threshold', () => {
    expect(reconcile({ expectedFen: 100000, countedFen: 100000, thresholdFen: 0 })).toEqual({
      varianceFen: 0,
      needsReason: false,
      ok: true,
    });
    expect(reconcile({ expectedFen: 100000, countedFen: 99500, thresholdFen: 500 })).toEqual({
      varianceFen: -500,
      needsReason: false,
      ok: true,
    });
    expect(reconcile({ expectedFen: 100000, countedFen: 99400, thresholdFen: 500 })).toEqual({
      varianceFen: -600,
      needsReason: true,
      ok: false,
      error: {
        code: 'RECONCILE_REASON_REQUIRED',
        messageKey: 'domain:reconcileReasonRequired',
        field: 'reason',
        params: { variance: '-¥6.00', threshold: '¥5.00' },
      },
    });
    expect(reconcile({ expectedFen: 100000, countedFen: 100600, thresholdFen: 500, reason: '  ' }).ok).toBe(false);
    expect(
      reconcile({ expectedFen: 100000, countedFen: 100600, thresholdFen: 500, reason: '顾客多付未找零' }),
    ).toEqual({ varianceFen: 600, needsReason: true, ok: true });
  });

  it('variance = counted - expected; a reason is needed exactly when |variance| > threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.option(fc.string(), { nil: undefined }),
        (expectedFen, countedFen, thresholdFen, reason) => {
          const r = reconcile({ expectedFen, countedFen, thresholdFen, reason });
          expect(r.varianceFen).toBe(countedFen - expectedFen);
          expect(r.needsReason).toBe(Math.abs(countedFen - expectedFen) > thresholdFen);
          expect(r.ok).toBe(!r.needsReason || (reason ?? '').trim() !== '');
          expect(r.error === undefined).toBe(r.ok);
        },
      ),
    );
  });

  it('refuses malformed amounts', () => {
    expect(() => reconcile({ expectedFen: 1, countedFen: -1, thresholdFen: 0 })).toThrow(/MONEY_NEGATIVE/);
    expect(() => reconcile({ expectedFen: 1.5, countedFen: 1, thresholdFen: 0 })).toThrow(/MONEY_NOT_FEN/);
  });
});
