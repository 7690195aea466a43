import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from './calendar';
import { computeNewExpiry, quoteRenewal, renewalBase, type Plan } from './renewal';
import { localParts, zonedDateTimeToInstant } from './time';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

/** An instant given as Shanghai wall time. */
function sh(y: number, m: number, d: number, h = 10, min = 0): Date {
  return zonedDateTimeToInstant({ year: y, month: m, day: d, hour: h, minute: min }, SH);
}

function expiryAfter(currentExpiry: Date, termMonths: number, now = new Date('2020-01-01T00:00:00Z'), timeZone = SH): Date {
  return computeNewExpiry({ now, currentExpiry, termMonths, timeZone });
}

const PLAN: Plan = {
  code: 'P30G',
  nameZh: '月享 30G',
  nameEn: 'Monthly 30 GB',
  dataQuotaMb: 30_720,
  terms: [
    { months: 1, priceFen: 2900 },
    { months: 3, priceFen: 8500 },
    { months: 12, priceFen: 29900 },
  ],
  active: true,
};

describe('computeNewExpiry', () => {
  it('clamps at month end and knows leap years', () => {
    expect(expiryAfter(sh(2026, 1, 31), 1)).toEqual(sh(2026, 2, 28));
    expect(expiryAfter(sh(2024, 1, 31), 1)).toEqual(sh(2024, 2, 29));
    expect(expiryAfter(sh(2028, 1, 31), 1)).toEqual(sh(2028, 2, 29));
    expect(expiryAfter(sh(2100, 1, 31), 1)).toEqual(sh(2100, 2, 28));
    expect(expiryAfter(sh(2025, 8, 31), 6)).toEqual(sh(2026, 2, 28));
    expect(expiryAfter(sh(2023, 8, 31), 6)).toEqual(sh(2024, 2, 29));
    expect(expiryAfter(sh(2024, 2, 29), 12)).toEqual(sh(2025, 2, 28));
    expect(expiryAfter(sh(2026, 3, 31), 1)).toEqual(sh(2026, 4, 30));
    expect(expiryAfter(sh(2026, 11, 25, 23, 59), 3)).toEqual(sh(2027, 2, 25, 23, 59));
    expect(expiryAfter(sh(2026, 12, 31), 12)).toEqual(sh(2027, 12, 31));
  });

  it('starts from the current expiry while it runs, from now once expired', () => {
    const now = sh(2026, 11, 25, 14, 30);
    expect(computeNewExpiry({ now, currentExpiry: sh(2026, 12, 10), termMonths: 1, timeZone: SH })).toEqual(
      sh(2027, 1, 10),
    );
    expect(computeNewExpiry({ now, currentExpiry: sh(2026, 10, 1), termMonths: 1, timeZone: SH })).toEqual(
      sh(2026, 12, 25, 14, 30),
    );
    expect(renewalBase(now, sh(2026, 12, 10))).toBe('currentExpiry');
    expect(renewalBase(now, sh(2026, 10, 1))).toBe('now');
    expect(renewalBase(now, now)).toBe('now');
  });

  it('works in store-local dates, not UTC: the 31st in Shanghai is the 30th in UTC', () => {
    const expiry = new Date('2026-01-30T17:00:00Z'); // 2026-01-31 01:00 in Shanghai
    const next = expiryAfter(expiry, 1);
    expect(next.toISOString()).toBe('2026-02-27T17:00:00.000Z'); // 2026-02-28 01:00 in Shanghai
    // computed in UTC it would be Jan 30 + 1 month = Feb 28 17:00Z, a day later
    expect(expiryAfter(expiry, 1, undefined, 'UTC').toISOString()).toBe('2026-02-28T17:00:00.000Z');
  });

  it('keeps the local time of day across DST changes', () => {
    const base = zonedDateTimeToInstant({ year: 2026, month: 2, day: 15, hour: 9 }, NY); // EST
    const next = expiryAfter(base, 1, undefined, NY); // March 15 is EDT
    expect(localParts(next, NY)).toMatchObject({ year: 2026, month: 3, day: 15, hour: 9, minute: 0 });
    expect(next.getTime() - base.getTime()).toBe(28 * 86_400_000 - 3_600_000);
  });

  it('refuses a term that is not a whole number of months', () => {
    expect(() => expiryAfter(sh(2026, 1, 1), 0)).toThrow(/INVALID_ARGUMENT/);
    expect(() => expiryAfter(sh(2026, 1, 1), 1.5)).toThrow(/INVALID_ARGUMENT/);
  });

  it('lands on the same local day, or the month end when that day does not exist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.constantFrom(1, 3, 6, 12, 24),
        fc.constantFrom(SH, NY, 'UTC'),
        (ms, months, tz) => {
          const base = new Date(ms);
          const before = localParts(base, tz);
          const after = localParts(expiryAfter(base, months, new Date(0), tz), tz);
          const index = before.year * 12 + before.month - 1 + months;
          expect(after.year).toBe(Math.floor(index / 12));
          expect(after.month).toBe((index % 12) + 1);
          expect(after.day).toBe(Math.min(before.day, daysInMonth(after.year, after.month)));
          expect(after.minute).toBe(before.minute);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('quoteRenewal', () => {
  const now = sh(2026, 11, 25, 14, 30);
  const base = { plan: PLAN, termMonths: 3, now, timeZone: SH };

  it('quotes an active subscription from its current expiry', () => {
    const r = quoteRenewal({ ...base, currentExpiry: sh(2026, 12, 31, 23, 59), status: 'active' });
    expect(r).toEqual({
      ok: true,
      quote: {
        planCode: 'P30G',
        termMonths: 3,
        priceFen: 8500,
        previousExpiry: sh(2026, 12, 31, 23, 59).toISOString(),
        newExpiry: sh(2027, 3, 31, 23, 59).toISOString(),
        base: 'currentExpiry',
      },
    });
  });

  it('lets an expired subscription renew from now', () => {
    const r = quoteRenewal({ ...base, termMonths: 1, currentExpiry: sh(2026, 9, 30), status: 'expired' });
    expect(r.ok && r.quote).toMatchObject({
      base: 'now',
      priceFen: 2900,
      newExpiry: sh(2026, 12, 25, 14, 30).toISOString(),
    });
  });

  it('passes the reason code from HQ on beside its text, so the screen can translate it', () => {
    expect(
      quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'suspended', statusReason: '客户来电挂失', statusReasonCode: 'reported_lost' }),
    ).toEqual({
      ok: false,
      error: {
        code: 'SUBSCRIPTION_SUSPENDED',
        messageKey: 'domain:subscriptionSuspended',
        params: { reason: '客户来电挂失', reasonCode: 'reported_lost' },
      },
    });
    expect(quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'cancelled', statusReasonCode: 'customer_request' })).toMatchObject({
      ok: false,
      error: { messageKey: 'domain:subscriptionCancelled', params: { reason: 'customer_request', reasonCode: 'customer_request' } },
    });
  });

  it('refuses suspended and cancelled subscriptions, carrying the reason', () => {
    expect(quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'suspended', statusReason: '欠费' })).toEqual({
      ok: false,
      error: { code: 'SUBSCRIPTION_SUSPENDED', messageKey: 'domain:subscriptionSuspended', params: { reason: '欠费' } },
    });
    expect(quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'suspended' })).toEqual({
      ok: false,
      error: { code: 'SUBSCRIPTION_SUSPENDED', messageKey: 'domain:subscriptionSuspendedNoReason' },
    });
    expect(
      quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'cancelled', statusReason: ' lost device ' }),
    ).toEqual({
      ok: false,
      error: { code: 'SUBSCRIPTION_CANCELLED', messageKey: 'domain:subscriptionCancelled', params: { reason: 'lost device' } },
    });
    expect(quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'cancelled', statusReason: '  ' })).toMatchObject({
      ok: false,
      error: { messageKey: 'domain:subscriptionCancelledNoReason' },
    });
    expect(
      quoteRenewal({ ...base, currentExpiry: sh(2027, 1, 1), status: 'frozen' as never }),
    ).toMatchObject({ ok: false, error: { code: 'SUBSCRIPTION_STATUS_UNKNOWN', params: { status: 'frozen' } } });
  });

  it('refuses an inactive plan and a term the plan does not offer', () => {
    expect(
      quoteRenewal({ ...base, plan: { ...PLAN, active: false }, currentExpiry: sh(2027, 1, 1), status: 'active' }),
    ).toEqual({
      ok: false,
      error: { code: 'PLAN_INACTIVE', messageKey: 'domain:planInactive', field: 'planCode', params: { plan: 'P30G' } },
    });
    expect(quoteRenewal({ ...base, termMonths: 6, currentExpiry: sh(2027, 1, 1), status: 'active' })).toEqual({
      ok: false,
      error: {
        code: 'TERM_NOT_OFFERED',
        messageKey: 'domain:termNotOffered',
        field: 'termMonths',
        params: { months: '6', offered: '1, 3, 12' },
      },
    });
    expect(quoteRenewal({ ...base, termMonths: -1, currentExpiry: sh(2027, 1, 1), status: 'active' }).ok).toBe(false);
  });

  it('refuses a plan price that is not whole fen', () => {
    const bad: Plan = { ...PLAN, terms: [{ months: 3, priceFen: 85.5 }] };
    expect(() => quoteRenewal({ ...base, plan: bad, currentExpiry: sh(2027, 1, 1), status: 'active' })).toThrow(
      /MONEY_NOT_FEN/,
    );
  });
});
