import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedCashFen } from './reconciliation';
import { checkHandoverFloat, dayCash, shiftExpectedFen, type ShiftCashFlows, type ShiftCashInput } from './shift-handover';

const fen = fc.integer({ min: 0, max: 5_000_000 });
const flowsArb: fc.Arbitrary<ShiftCashFlows> = fc.record({
  cashTakenFen: fen,
  changeGivenFen: fen,
  voidedCashFen: fen,
  paidInFen: fen,
  paidOutFen: fen,
});
/** A day of 1–6 shifts: each opens on the previous count plus a (usually zero) change, closes with count = expected + variance. */
const dayArb = fc.record({
  firstFloat: fen,
  shifts: fc.array(
    fc.record({ flows: flowsArb, variance: fc.integer({ min: -50_000, max: 50_000 }), floatChange: fc.oneof(fc.constant(0), fc.integer({ min: -10_000, max: 10_000 })) }),
    { minLength: 1, maxLength: 6 },
  ),
});

function build(d: { firstFloat: number; shifts: { flows: ShiftCashFlows; variance: number; floatChange: number }[] }): ShiftCashInput[] | null {
  const out: ShiftCashInput[] = [];
  let floatFen = d.firstFloat;
  for (const [i, s] of d.shifts.entries()) {
    if (i > 0) floatFen = out[i - 1]!.countedFen! + s.floatChange;
    if (floatFen < 0) return null;
    const counted = shiftExpectedFen({ floatFen, ...s.flows }) + s.variance;
    if (counted < 0) return null;
    out.push({ shiftId: `s${i}`, floatFen, ...s.flows, countedFen: counted });
  }
  return out;
}

describe('dayCash', () => {
  it('one shift: the same expected cash and variance as the single-drawer formula', () => {
    fc.assert(
      fc.property(fen, flowsArb, fen, (floatFen, flows, counted) => {
        const d = dayCash([{ shiftId: 'a', floatFen, ...flows, countedFen: counted }]);
        const expected = expectedCashFen({ floatFen, ...flows });
        expect(d.expectedFen).toBe(expected);
        expect(d.varianceFen).toBe(counted - expected);
        expect(d.floatChangeFen).toBe(0);
      }),
    );
  });

  it("the day's over/short is the sum of the shifts' over/short, and the last count is the day's count", () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const shifts = build(d);
        fc.pre(shifts !== null);
        const day = dayCash(shifts!);
        expect(day.varianceFen).toBe(d.shifts.reduce((s, x) => s + x.variance, 0));
        expect(day.shifts.map((l) => l.varianceFen)).toEqual(d.shifts.map((x) => x.variance));
        expect(day.countedFen).toBe(shifts!.at(-1)!.countedFen);
        expect(day.floatFen).toBe(d.firstFloat);
        expect(day.floatChangeFen).toBe(d.shifts.slice(1).reduce((s, x) => s + x.floatChange, 0));
      }),
    );
  });

  it('a handover on the counted float counts the float once: expected = first float + every flow (+ the variances carried)', () => {
    fc.assert(
      fc.property(fen, fc.array(flowsArb, { minLength: 1, maxLength: 5 }), (firstFloat, flows) => {
        // every shift counts exactly what it expects and the next opens on it
        const shifts: ShiftCashInput[] = [];
        let floatFen = firstFloat;
        for (const [i, f] of flows.entries()) {
          const counted = shiftExpectedFen({ floatFen, ...f });
          fc.pre(counted >= 0);
          shifts.push({ shiftId: String(i), floatFen, ...f, countedFen: counted });
          floatFen = counted;
        }
        const day = dayCash(shifts);
        const sum = (k: keyof ShiftCashFlows) => flows.reduce((s, f) => s + f[k], 0);
        expect(day.expectedFen).toBe(firstFloat + sum('cashTakenFen') - sum('changeGivenFen') - sum('voidedCashFen') + sum('paidInFen') - sum('paidOutFen'));
        expect(day.varianceFen).toBe(0);
        expect(day.cashTakenFen).toBe(sum('cashTakenFen'));
      }),
    );
  });

  it('two shifts: the regression (the second float was added to the first)', () => {
    const day = dayCash([
      { shiftId: 'a', floatFen: 20000, cashTakenFen: 3900, changeGivenFen: 1000, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0, countedFen: 22900 },
      { shiftId: 'b', floatFen: 22900, cashTakenFen: 2900, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0, countedFen: 25700 },
    ]);
    expect(day.expectedFen).toBe(20000 + 2900 + 2900);
    expect(day.varianceFen).toBe(-100);
    expect(day.shifts.map((s) => [s.expectedFen, s.varianceFen])).toEqual([[22900, 0], [25800, -100]]);
  });

  it('open shift: no day count and no variance yet; unassigned sales count in the expected cash', () => {
    const day = dayCash([{ shiftId: 'a', floatFen: 1000, ...{ cashTakenFen: 500, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0 }, countedFen: null }], {
      cashTakenFen: 200, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0,
    });
    expect(day).toMatchObject({ expectedFen: 1700, countedFen: null, varianceFen: null });
    expect(dayCash([])).toMatchObject({ floatFen: 0, expectedFen: 0, countedFen: null, shifts: [] });
  });
});

describe('checkHandoverFloat', () => {
  it('the counted float opens without a reason; any other float needs one', () => {
    fc.assert(
      fc.property(fen, fen, fc.option(fc.string(), { nil: undefined }), (counted, floatFen, reason) => {
        const r = checkHandoverFloat({ previousCountedFen: counted, floatFen, reason });
        const hasReason = typeof reason === 'string' && reason.trim() !== '';
        expect(r.ok).toBe(counted === floatFen || hasReason);
        if (r.ok) expect(r.differenceFen).toBe(floatFen - counted);
      }),
    );
    expect(checkHandoverFloat({ previousCountedFen: 26200, floatFen: 20000 })).toEqual({
      ok: false,
      error: { code: 'HANDOVER_FLOAT_REASON_REQUIRED', messageKey: 'domain:handoverFloatReasonRequired', field: 'floatReason', params: { counted: '¥262.00', float: '¥200.00' } },
    });
    expect(checkHandoverFloat({ previousCountedFen: null, floatFen: 123 })).toEqual({ ok: true, differenceFen: 0 });
  });
});
