import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors';
import { assertFen, formatFen, formatFenPlain, isFen, parseYuanToFen, sumFen, tryParseYuanToFen } from './money';

function errorKey(text: string): string {
  const r = tryParseYuanToFen(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${r.value}`);
  return r.error.messageKey;
}

describe('parseYuanToFen', () => {
  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['0', 0],
    ['0.01', 1],
    ['007.50', 750],
    ['  258.00 ', 25800],
    ['１２.５', 1250],
  ])('%j -> %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each([
    ['', 'domain:moneyEmpty'],
    ['   ', 'domain:moneyEmpty'],
    ['12.345', 'domain:moneyTooManyDecimals'],
    ['0.001', 'domain:moneyTooManyDecimals'],
    ['-5', 'domain:moneyNegative'],
    ['-0.50', 'domain:moneyNegative'],
    ['abc', 'domain:moneyFormat'],
    ['12.', 'domain:moneyFormat'],
    ['.5', 'domain:moneyFormat'],
    ['1,000', 'domain:moneyFormat'],
    ['¥12', 'domain:moneyFormat'],
    ['1e3', 'domain:moneyFormat'],
    ['12 34', 'domain:moneyFormat'],
    ['+5', 'domain:moneyFormat'],
    ['99999999999999999', 'domain:moneyTooLarge'],
  ])('%j is refused with %s', (text, key) => {
    expect(errorKey(text)).toBe(key);
  });

  it('throws an AppError carrying the field', () => {
    try {
      parseYuanToFen('12.345', 'payments.0.tenderedFen');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('MONEY_TOO_MANY_DECIMALS');
      expect((e as AppError).field).toBe('payments.0.tenderedFen');
    }
  });

  it('round-trips with formatFenPlain for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseYuanToFen(formatFenPlain(fen))).toBe(fen);
      }),
    );
  });
});

describe('formatFen', () => {
  it.each([
    [123450, '¥1,234.50'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [100, '¥1.00'],
    [-500, '-¥5.00'],
    [-1, '-¥0.01'],
    [123456789012, '¥1,234,567,890.12'],
    [99999, '¥999.99'],
    [100000, '¥1,000.00'],
  ])('%i -> %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(1.5)).toThrow(AppError);
    expect(() => formatFen(Number.NaN)).toThrow(AppError);
  });
});

describe('isFen / assertFen / sumFen', () => {
  it('accepts only safe non-negative integers unless negatives are allowed', () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(12)).toBe(true);
    expect(isFen(-1)).toBe(false);
    expect(isFen(-1, { allowNegative: true })).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen('12')).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(() => assertFen(-1)).toThrow(/MONEY_NEGATIVE/);
    expect(() => assertFen(0.1)).toThrow(/MONEY_NOT_FEN/);
    expect(() => assertFen(-1, { allowNegative: true })).not.toThrow();
  });

  it('sums integers and refuses fractions and overflow', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([100, 250, -50])).toBe(300);
    expect(() => sumFen([1, 0.5])).toThrow(AppError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(/MONEY_TOO_LARGE/);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 })), (list) => {
        expect(sumFen(list)).toBe(list.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
