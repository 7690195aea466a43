import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  businessDate,
  businessDayBounds,
  daysLeft,
  formatLocalDate,
  formatLocalDateTime,
  isValidTimeZone,
  localParts,
  zonedDateTimeToInstant,
} from './time';

const NY = 'America/New_York';
const SH = 'Asia/Shanghai';

describe('local dates and times', () => {
  it('gives the store-local business date across midnight', () => {
    const i = new Date('2026-11-30T16:30:00Z'); // 00:30 on Dec 1 in Shanghai
    expect(businessDate(i)).toBe('2026-12-01');
    expect(businessDate(i, SH)).toBe('2026-12-01');
    expect(businessDate(i, 'UTC')).toBe('2026-11-30');
    expect(formatLocalDate(i, NY)).toBe('2026-11-30');
    expect(formatLocalDateTime(i, SH)).toBe('2026-12-01 00:30');
    expect(formatLocalDateTime(new Date('2026-07-01T03:05:09Z'), NY)).toBe('2026-06-30 23:05');
    expect(localParts(new Date('2026-11-25T01:02:03.456Z'), SH)).toEqual({
      year: 2026,
      month: 11,
      day: 25,
      hour: 9,
      minute: 2,
      second: 3,
      millisecond: 456,
    });
  });

  it('refuses unknown zones and invalid dates', () => {
    expect(isValidTimeZone(SH)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => businessDate(new Date(), 'Mars/Olympus')).toThrow(/TIME_ZONE_INVALID/);
    expect(() => businessDate(new Date(Number.NaN), SH)).toThrow(/TIME_INVALID_INSTANT/);
  });
});

describe('zonedDateTimeToInstant', () => {
  it('converts plain wall times', () => {
    expect(zonedDateTimeToInstant({ year: 2026, month: 11, day: 25, hour: 9 }, SH).toISOString()).toBe(
      '2026-11-25T01:00:00.000Z',
    );
    expect(zonedDateTimeToInstant({ year: 2026, month: 1, day: 15, hour: 12 }, NY).toISOString()).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(zonedDateTimeToInstant({ year: 2026, month: 7, day: 15, hour: 12 }, NY).toISOString()).toBe(
      '2026-07-15T16:00:00.000Z',
    );
  });

  it('moves a wall time inside the spring-forward gap forward (New York, 2026-03-08)', () => {
    const t = zonedDateTimeToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY);
    expect(t.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(formatLocalDateTime(t, NY)).toBe('2026-03-08 03:30');
  });

  it('takes the earlier instant for a repeated wall time (New York, 2026-11-01)', () => {
    const t = zonedDateTimeToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY);
    expect(t.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('round-trips every instant in several zones', () => {
    const zones = [SH, NY, 'UTC', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const p = localParts(new Date(ms), tz);
          const back = zonedDateTimeToInstant(p, tz);
          // equal, or (for a repeated hour) an earlier instant with the same wall time
          expect(back.getTime()).toBeLessThanOrEqual(ms);
          expect(localParts(back, tz)).toEqual(p);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses impossible parts', () => {
    expect(() => zonedDateTimeToInstant({ year: 2026, month: 2, day: 29 }, SH)).toThrow(/TIME_INVALID_PARTS/);
    expect(() => zonedDateTimeToInstant({ year: 2026, month: 1, day: 1, hour: 24 }, SH)).toThrow(/TIME_INVALID_PARTS/);
  });
});

describe('businessDayBounds', () => {
  it('spans the local day, 23 or 25 hours on DST days', () => {
    const sh = businessDayBounds('2026-11-25', SH);
    expect(sh.start.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(sh.end.toISOString()).toBe('2026-11-25T16:00:00.000Z');
    const spring = businessDayBounds('2026-03-08', NY);
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const fall = businessDayBounds('2026-11-01', NY);
    expect(fall.end.getTime() - fall.start.getTime()).toBe(25 * 3_600_000);
    expect(() => businessDayBounds('2026-13-01', SH)).toThrow(/DATE_FORMAT/);
  });
});

describe('daysLeft', () => {
  it('counts calendar days in the store zone', () => {
    const now = new Date('2026-11-25T15:59:00Z'); // 23:59 on the 25th in Shanghai
    expect(daysLeft(new Date('2026-11-25T16:00:00Z'), now, SH)).toBe(1); // 00:00 on the 26th
    expect(daysLeft(new Date('2026-11-25T16:00:00Z'), now, 'UTC')).toBe(0);
    expect(daysLeft(new Date('2026-11-25T02:00:00Z'), now, SH)).toBe(0);
    expect(daysLeft(new Date('2026-11-20T02:00:00Z'), now, SH)).toBe(-5);
    expect(daysLeft(new Date('2027-11-25T02:00:00Z'), now, SH)).toBe(365);
  });

  it('is not thrown off by a 23-hour day', () => {
    const now = new Date('2026-03-07T12:00:00-05:00');
    expect(daysLeft(new Date('2026-03-09T00:30:00-04:00'), now, NY)).toBe(2);
  });
});

describe('localParts arithmetic path agrees with Intl everywhere', () => {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Europe/London', 'America/St_Johns'];
  const intl = (t: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const o: Record<string, number> = {};
    for (const p of f.formatToParts(new Date(t))) if (p.type !== 'literal') o[p.type] = Number(p.value);
    return { year: o.year, month: o.month, day: o.day, hour: o.hour, minute: o.minute, second: o.second };
  };
  it('for random instants 1970–2100 and around every DST switch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones), (t, zone) => {
        const { millisecond: _ms, ...mine } = localParts(new Date(t), zone);
        expect(mine).toEqual(intl(t, zone));
      }),
      { numRuns: 3000 },
    );
    // minute by minute through a spring-forward and a fall-back night in New York and Lord Howe
    for (const [zone, startIso] of [
      ['America/New_York', '2026-03-08T05:00:00Z'],
      ['America/New_York', '2026-11-01T04:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:00:00Z'],
    ] as const) {
      const start = Date.parse(startIso);
      for (let m = 0; m < 240; m++) {
        const t = start + m * 60_000 + 17_123;
        const { millisecond: _ms, ...mine } = localParts(new Date(t), zone);
        expect(mine, `${zone} ${new Date(t).toISOString()}`).toEqual(intl(t, zone));
      }
    }
  });
});
