import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from './calendar';
import { makeNationalId, maskNationalId, nationalIdCheckChar, validateNationalId } from './national-id';

const NOW = new Date('2026-11-25T04:00:00Z');
const validate = (raw: string) => validateNationalId(raw, { now: NOW });

function keyOf(raw: string): string {
  const r = validate(raw);
  if (r.ok) throw new Error(`expected ${raw} to be refused`);
  expect(r.error.field).toBe('nationalId');
  return r.error.messageKey;
}

/** A valid ID: area code, real birth date between 1900 and 2026-11-25, sequence. */
const validIdArb = fc
  .record({
    area: fc.integer({ min: 110000, max: 659999 }),
    year: fc.integer({ min: 1900, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayIndex: fc.integer({ min: 1, max: 31 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, year, month, dayIndex, seq }) => {
    const day = Math.min(dayIndex, daysInMonth(year, month));
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    return makeNationalId(String(area), birth, String(seq).padStart(3, '0'));
  });

describe('nationalIdCheckChar (ISO 7064 MOD 11-2)', () => {
  it('gives X for the public example', () => {
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
  });

  it('matches an independent weighted-sum computation', () => {
    // weights are 2^(17-i) mod 11; check = (12 - sum mod 11) mod 11, 10 written X
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
        const v = (12 - (sum % 11)) % 11;
        expect(nationalIdCheckChar(first17)).toBe(v === 10 ? 'X' : String(v));
      }),
    );
  });

  it('refuses anything but 17 digits', () => {
    expect(() => nationalIdCheckChar('1101051949123100')).toThrow(/INVALID_ARGUMENT/);
    expect(() => nationalIdCheckChar('1101051949123100a')).toThrow(/INVALID_ARGUMENT/);
  });
});

describe('validateNationalId', () => {
  it('accepts the public example and normalises lowercase x and spaces', () => {
    expect(validate('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validate('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validate('  11010519491231002x\t')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validate('１１０１０５１９４９１２３１００２ｘ')).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('refuses a bad check character', () => {
    expect(keyOf('110105194912310021')).toBe('domain:nationalIdCheckChar');
    expect(validate('110105194912310021')).toMatchObject({ ok: false, error: { code: 'NATIONAL_ID_CHECK_CHAR' } });
  });

  it('refuses an impossible birth date even when the check character is right', () => {
    const feb30 = makeNationalId('110105', '19490230', '002');
    expect(feb30.slice(0, 17)).toBe('11010519490230002');
    expect(feb30[17]).toBe(nationalIdCheckChar('11010519490230002'));
    expect(keyOf(feb30)).toBe('domain:nationalIdBirthDate');
    for (const birth of ['19491301', '19490000', '19490431', '18991231', '20261126', '21000101', '19000229']) {
      expect(keyOf(makeNationalId('110105', birth, '002'))).toBe('domain:nationalIdBirthDate');
    }
    // leap day and "today" are fine
    expect(validate(makeNationalId('110105', '20000229', '002')).ok).toBe(true);
    expect(validate(makeNationalId('110105', '19000101', '002')).ok).toBe(true);
    expect(validate(makeNationalId('110105', '20261125', '002')).ok).toBe(true);
  });

  it('uses the store date for "not in the future"', () => {
    const id = makeNationalId('110105', '20261126', '002');
    // 2026-11-25T17:00Z is already 2026-11-26 in Shanghai, still the 25th in UTC
    const late = new Date('2026-11-25T17:00:00Z');
    expect(validateNationalId(id, { now: late }).ok).toBe(true);
    expect(validateNationalId(id, { now: late, timeZone: 'UTC' }).ok).toBe(false);
  });

  it('gives distinct errors for empty, length and characters', () => {
    expect(keyOf('')).toBe('domain:nationalIdEmpty');
    expect(keyOf('   ')).toBe('domain:nationalIdEmpty');
    expect(keyOf('1101051949123100')).toBe('domain:nationalIdLength');
    expect(validate('1101051949123100')).toMatchObject({ ok: false, error: { params: { length: 16 } } });
    expect(keyOf('11010519491231002X1')).toBe('domain:nationalIdLength');
    expect(keyOf('110105194912310')).toBe('domain:nationalIdLength');
    expect(keyOf('11010519491231002A')).toBe('domain:nationalIdCharacters');
    expect(keyOf('110105-19491231-002X')).toBe('domain:nationalIdCharacters');
    expect(keyOf('X1010519491231002X')).toBe('domain:nationalIdCharacters');
    expect(keyOf('1101051949123100X2')).toBe('domain:nationalIdCharacters');
  });

  it('names a custom field', () => {
    const r = validateNationalId('', { field: 'holder.nationalId' });
    expect(r.ok ? null : r.error.field).toBe('holder.nationalId');
  });

  it('accepts every generated valid ID', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        expect(validate(id)).toEqual({ ok: true, value: id });
        expect(validate(id.toLowerCase())).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('refuses any single-character change of a valid ID', () => {
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, delta) => {
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id[pos] ?? '');
        const next = alphabet[(current + delta) % alphabet.length] ?? '';
        fc.pre(next !== id[pos]);
        const changed = id.slice(0, pos) + next + id.slice(pos + 1);
        expect(validate(changed).ok).toBe(false);
      }),
    );
  });
});

describe('maskNationalId', () => {
  it('keeps the first 3 and last 4 characters', () => {
    expect(maskNationalId('11010519491231002X')).toBe('110***********002X');
    expect(maskNationalId('11010519491231002x')).toBe('110***********002X');
    fc.assert(
      fc.property(validIdArb, (id) => {
        const masked = maskNationalId(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(0, 3)).toBe(id.slice(0, 3));
        expect(masked.slice(-4)).toBe(id.slice(-4));
        expect(masked.slice(3, 14)).toBe('*'.repeat(11));
      }),
    );
  });

  it('never shows a short value', () => {
    expect(maskNationalId('1234567')).toBe('*******');
  });
});

describe('makeNationalId', () => {
  it('appends the check character and refuses malformed parts', () => {
    expect(makeNationalId('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(() => makeNationalId('11010', '19491231', '002')).toThrow(/INVALID_ARGUMENT/);
    expect(() => makeNationalId('110105', '1949123', '002')).toThrow(/INVALID_ARGUMENT/);
    expect(() => makeNationalId('110105', '19491231', '02')).toThrow(/INVALID_ARGUMENT/);
  });
});
