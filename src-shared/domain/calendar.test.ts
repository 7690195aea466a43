import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsClamped,
  dayNumber,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  isLeapYear,
  isValidCalendarDate,
  parseCompactDate,
  parseIsoDate,
} from './calendar';

describe('calendar', () => {
  it('knows leap years', () => {
    expect([2024, 2028, 2000, 1996].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2100, 1900, 2026, 2023].map(isLeapYear)).toEqual([false, false, false, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(isValidCalendarDate(2026, 2, 29)).toBe(false);
    expect(isValidCalendarDate(2026, 13, 1)).toBe(false);
    expect(isValidCalendarDate(2026, 0, 1)).toBe(false);
  });

  it('numbers days like Date.UTC does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const d = fromDayNumber(n);
        const utc = new Date(n * 86_400_000);
        expect(d).toEqual({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
        expect(dayNumber(d)).toBe(n);
      }),
    );
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('adds months clamped to the month end', () => {
    const add = (y: number, m: number, d: number, n: number) => formatIsoDate(addMonthsClamped({ year: y, month: m, day: d }, n));
    expect(add(2026, 1, 31, 1)).toBe('2026-02-28');
    expect(add(2024, 1, 31, 1)).toBe('2024-02-29');
    expect(add(2025, 8, 31, 6)).toBe('2026-02-28');
    expect(add(2027, 8, 31, 6)).toBe('2028-02-29');
    expect(add(2099, 8, 31, 6)).toBe('2100-02-28');
    expect(add(2026, 3, 31, 1)).toBe('2026-04-30');
    expect(add(2026, 11, 30, 3)).toBe('2027-02-28');
    expect(add(2026, 12, 15, 12)).toBe('2027-12-15');
    expect(add(2026, 1, 15, -1)).toBe('2025-12-15');
  });

  it('parses only real dates in the exact format', () => {
    expect(parseIsoDate('2026-11-25')).toEqual({ year: 2026, month: 11, day: 25 });
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-1-5')).toBeNull();
    expect(parseIsoDate('20261125')).toBeNull();
    expect(parseCompactDate('20240229')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCompactDate('19490230')).toBeNull();
  });
});
