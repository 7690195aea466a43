import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARS, creditCodeCheckChar, validateCreditCode } from './credit-code';

const body17 = fc.array(fc.constantFrom(...CREDIT_CODE_CHARS.split('')), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));

/** Independent check: the weight of position i is 3^i mod 31; the whole code's weighted sum is 0 mod 31. */
function weightedSumZero(code: string): boolean {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 18; i++) {
    sum += CREDIT_CODE_CHARS.indexOf(code[i]!) * (i === 17 ? 1 : w);
    w = (w * 3) % 31;
  }
  return sum % 31 === 0;
}

describe('unified social credit code (GB 32100)', () => {
  it('accepts the worked example of the standard', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('normalises case, spaces and full-width characters', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateCreditCode('９１350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('names the problem and the field', () => {
    expect(validateCreditCode('')).toMatchObject({ ok: false, error: { messageKey: 'domain:creditCodeEmpty', field: 'taxNumber' } });
    expect(validateCreditCode('9135010')).toMatchObject({ ok: false, error: { messageKey: 'domain:creditCodeLength', params: { length: 7 } } });
    expect(validateCreditCode('91350100M000100I43')).toMatchObject({ ok: false, error: { messageKey: 'domain:creditCodeCharacters' } });
    expect(validateCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, error: { messageKey: 'domain:creditCodeCheckChar' } });
  });

  it('property: a code with its computed check character passes and satisfies the weighted sum', () => {
    fc.assert(
      fc.property(body17, (b) => {
        const code = b + creditCodeCheckChar(b)!;
        expect(validateCreditCode(code).ok).toBe(true);
        expect(weightedSumZero(code)).toBe(true);
      }),
    );
  });

  it('property: changing any one character is caught', () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (b, pos, shift) => {
        const code = b + creditCodeCheckChar(b)!;
        const old = CREDIT_CODE_CHARS.indexOf(code[pos]!);
        const changed = code.slice(0, pos) + CREDIT_CODE_CHARS[(old + shift) % 31] + code.slice(pos + 1);
        expect(validateCreditCode(changed).ok).toBe(false);
      }),
    );
  });
});
