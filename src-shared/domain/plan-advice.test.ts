import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiresSoon, peakUsageMb, pricePerGbFen, recommendPlan, type AdvicePlan } from './plan-advice';
import { checkIdCardValidity, parseIdCardValidity } from './id-card';

const GB = 1024;
const M30G: AdvicePlan = { code: 'M30G', dataQuotaMb: 30 * GB, unlimited: false, terms: [{ months: 1, priceFen: 2_900 }, { months: 3, priceFen: 8_400 }, { months: 12, priceFen: 29_900 }] };
const C100G: AdvicePlan = { code: 'C100G', dataQuotaMb: 100 * GB, unlimited: false, terms: [{ months: 1, priceFen: 4_900 }, { months: 12, priceFen: 49_900 }] };
const YUNL: AdvicePlan = { code: 'YUNL', dataQuotaMb: 300 * GB, unlimited: true, terms: [{ months: 12, priceFen: 69_900 }] };
const PLANS = [M30G, C100G, YUNL];
const usage = (...mb: number[]) => mb.map((usedMb, i) => ({ month: `2026-${String(9 + i).padStart(2, '0')}`, usedMb }));

describe('pricePerGbFen', () => {
  it('divides price by the data of the whole term, rounding half up', () => {
    expect(pricePerGbFen(2_900, 1, 30 * GB)).toBe(97); // 96.67
    expect(pricePerGbFen(29_900, 12, 30 * GB)).toBe(83); // 83.06
    expect(pricePerGbFen(69_900, 12, 300 * GB)).toBe(19); // 19.42
    expect(pricePerGbFen(150, 1, 100 * GB)).toBe(2); // 1.5 -> 2
    expect(pricePerGbFen(100, 1, 0)).toBeNull();
  });
  it('property: within half a fen of the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 36 }), fc.integer({ min: 1, max: 1_000_000 }), (p, m, q) => {
        const exact = (p * 1024) / (q * m);
        const got = pricePerGbFen(p, m, q)!;
        expect(Number.isInteger(got)).toBe(true);
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('recommendPlan', () => {
  it('recommends the cheapest plan whose quota covers the highest month, at its cheapest term per month', () => {
    const r = recommendPlan({ plans: PLANS, usage: usage(10 * GB, 28 * GB, 12 * GB), currentPlanCode: 'C100G' })!;
    expect(r).toMatchObject({ planCode: 'M30G', termMonths: 12, priceFen: 29_900, isCurrent: false, reason: { key: 'coversPeak', peakMb: 28 * GB, quotaMb: 30 * GB } });
  });
  it('moves up when a month went over the current quota', () => {
    const r = recommendPlan({ plans: PLANS, usage: usage(20 * GB, 45 * GB, 25 * GB), currentPlanCode: 'M30G' })!;
    expect(r).toMatchObject({ planCode: 'C100G', reason: { key: 'coversPeak', peakMb: 45 * GB } });
  });
  it('recommends the largest quota when no plan covers the use', () => {
    const r = recommendPlan({ plans: PLANS, usage: usage(400 * GB), currentPlanCode: 'M30G' })!;
    expect(r).toMatchObject({ planCode: 'YUNL', reason: { key: 'noneCovers', peakMb: 400 * GB, quotaMb: 300 * GB } });
  });
  it('keeps the current plan when no usage is known', () => {
    expect(recommendPlan({ plans: PLANS, usage: [], currentPlanCode: 'C100G' })).toMatchObject({ planCode: 'C100G', isCurrent: true, reason: { key: 'noUsage' } });
    expect(recommendPlan({ plans: PLANS, usage: [], currentPlanCode: 'L20G' })).toMatchObject({ planCode: 'M30G', reason: { key: 'noUsage' } });
    expect(recommendPlan({ plans: [], usage: [], currentPlanCode: null })).toBeNull();
  });
  it('looks at the last three months only', () => {
    expect(peakUsageMb([{ month: '2026-06', usedMb: 999 * GB }, ...usage(1, 2, 3)])).toBe(3);
  });
  it('property: a covering plan is recommended whenever one exists, and none cheaper per month also covers (plan codes unique, as in a catalog)', () => {
    const plan = fc.record({
      code: fc.string({ minLength: 1, maxLength: 4 }),
      dataQuotaMb: fc.integer({ min: 1, max: 500 * GB }),
      unlimited: fc.boolean(),
      terms: fc.array(fc.record({ months: fc.integer({ min: 1, max: 12 }), priceFen: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(plan, { selector: (p) => p.code, minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 600 * GB }), { minLength: 1, maxLength: 3 }), (plans, used) => {
        const r = recommendPlan({ plans, usage: usage(...used), currentPlanCode: null })!;
        const peak = Math.max(...used);
        const chosen = plans.find((p) => p.code === r.planCode)!;
        const covering = plans.filter((p) => p.dataQuotaMb >= peak);
        if (covering.length === 0) {
          expect(r.reason.key).toBe('noneCovers');
          expect(chosen.dataQuotaMb).toBe(Math.max(...plans.map((p) => p.dataQuotaMb)));
          return;
        }
        expect(r.reason.key).toBe('coversPeak');
        expect(chosen.dataQuotaMb).toBeGreaterThanOrEqual(peak);
        const perMonth = r.priceFen / r.termMonths;
        for (const p of covering) for (const t of p.terms) expect(t.priceFen / t.months).toBeGreaterThanOrEqual(perMonth - 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('expiresSoon', () => {
  it('prompts an active plan from 0 to N days left', () => {
    expect(expiresSoon(7, 7, 'active')).toBe(true);
    expect(expiresSoon(0, 7, 'active')).toBe(true);
    expect(expiresSoon(8, 7, 'active')).toBe(false);
    expect(expiresSoon(-1, 7, 'expired')).toBe(false);
    expect(expiresSoon(3, 7, 'suspended')).toBe(false);
  });
});

describe('ID card validity', () => {
  const now = new Date('2026-12-02T04:00:00Z'); // 12:00 in Shanghai
  it('accepts a card through its end date and a long-term card', () => {
    expect(checkIdCardValidity('20161202', '20261202', now).ok).toBe(true);
    expect(checkIdCardValidity('2006.01.01', '长期', now).ok).toBe(true);
  });
  it('refuses a card the day after its end date, in the store zone', () => {
    expect(checkIdCardValidity('20161201', '20261201', now)).toMatchObject({ ok: false, error: { messageKey: 'domain:idCardExpired', params: { until: '2026-12-01' } } });
    // 23:30 UTC on Dec 1 is already Dec 2 in Shanghai
    expect(checkIdCardValidity('20161201', '20261201', new Date('2026-12-01T16:30:00Z')).ok).toBe(false);
    expect(checkIdCardValidity('20161201', '20261201', new Date('2026-12-01T15:30:00Z')).ok).toBe(true);
  });
  it('refuses unreadable or impossible dates and a card not valid yet', () => {
    expect(parseIdCardValidity('20260230', '20360230')).toBeNull();
    expect(parseIdCardValidity('20260101', '20250101')).toBeNull();
    expect(checkIdCardValidity('x', '长期', now)).toMatchObject({ ok: false, error: { messageKey: 'domain:idCardValidityFormat' } });
    expect(checkIdCardValidity('20270101', '20370101', now)).toMatchObject({ ok: false, error: { messageKey: 'domain:idCardNotYetValid' } });
  });
});
