import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSequenceGaps, formatReceiptNumber, parseReceiptNumber } from './receipt-number';

describe('receipt numbers', () => {
  it('formats and parses the example', () => {
    const parts = { storeCode: 'S001', terminalCode: 'T01', businessDate: '2026-11-25', seq: 42 };
    expect(formatReceiptNumber(parts)).toBe('S001-T01-20261125-000042');
    expect(parseReceiptNumber('S001-T01-20261125-000042')).toEqual({ ok: true, value: parts });
    expect(parseReceiptNumber(' s001-t01-20261125-000042 ')).toEqual({ ok: true, value: parts });
  });

  it('lets the sequence grow past six digits', () => {
    const parts = { storeCode: 'S001', terminalCode: 'T01', businessDate: '2030-01-02', seq: 1234567 };
    expect(formatReceiptNumber(parts)).toBe('S001-T01-20300102-1234567');
    expect(parseReceiptNumber('S001-T01-20300102-1234567')).toEqual({ ok: true, value: parts });
  });

  it('refuses malformed numbers', () => {
    for (const text of [
      '',
      'S001-T01-20261125',
      'S001-T01-20261125-42',
      'S001-T01-20261131-000042',
      'S001-T01-2026-11-25-000042',
      'S001-T01-20261125-000000',
      'S001-T01-20261125-0000042',
      'S-001-T01-20261125-000042',
      'S001_T01_20261125_000042',
    ]) {
      expect(parseReceiptNumber(text)).toEqual({
        ok: false,
        error: { code: 'RECEIPT_NUMBER_FORMAT', messageKey: 'domain:receiptNumberFormat', field: 'receiptNumber' },
      });
    }
  });

  it('refuses bad parts when formatting', () => {
    const ok = { storeCode: 'S001', terminalCode: 'T01', businessDate: '2026-11-25', seq: 1 };
    expect(() => formatReceiptNumber({ ...ok, storeCode: 'S-1' })).toThrow(/INVALID_ARGUMENT/);
    expect(() => formatReceiptNumber({ ...ok, terminalCode: '' })).toThrow(/INVALID_ARGUMENT/);
    expect(() => formatReceiptNumber({ ...ok, businessDate: '2026-02-30' })).toThrow(/INVALID_ARGUMENT/);
    expect(() => formatReceiptNumber({ ...ok, seq: 0 })).toThrow(/INVALID_ARGUMENT/);
    expect(() => formatReceiptNumber({ ...ok, seq: 1.5 })).toThrow(/INVALID_ARGUMENT/);
  });

  it('round-trips any valid parts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{1,16}$/),
        fc.stringMatching(/^[A-Z0-9]{1,16}$/),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (storeCode, terminalCode, ms, seq) => {
          const parts = { storeCode, terminalCode, businessDate: new Date(ms).toISOString().slice(0, 10), seq };
          const text = formatReceiptNumber(parts);
          expect(parseReceiptNumber(text)).toEqual({ ok: true, value: parts });
        },
      ),
    );
  });

  it('finds gaps in a terminal sequence', () => {
    expect(findSequenceGaps([1, 2, 3, 4])).toEqual([]);
    expect(findSequenceGaps([4, 1, 2, 7])).toEqual([3, 5, 6]);
    expect(findSequenceGaps([])).toEqual([]);
  });
});
