import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isLuhnValid,
  luhnCheckDigit,
  makeIccid,
  makeImei,
  maskDeviceNumber,
  validateDeviceNumber,
} from './device-number';

const imeiArb = fc.stringMatching(/^\d{14}$/).map(makeImei);
const iccidArb = fc.oneof(fc.stringMatching(/^89\d{16}$/), fc.stringMatching(/^89\d{17}$/)).map(makeIccid);

function keyOf(raw: string): string {
  const r = validateDeviceNumber(raw);
  if (r.ok) throw new Error(`expected ${raw} to be refused`);
  expect(r.error.field).toBe('deviceNumber');
  return r.error.messageKey;
}

/** Independent Luhn: double every second digit from the right, digit-sum, total divisible by 10. */
function luhnTotalOk(n: string): boolean {
  let total = 0;
  [...n].reverse().forEach((ch, i) => {
    const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    total += Math.floor(d / 10) + (d % 10);
  });
  return total % 10 === 0;
}

describe('Luhn', () => {
  it('checks the public IMEI example', () => {
    expect(luhnCheckDigit('49015420323751')).toBe('8');
    expect(isLuhnValid('490154203237518')).toBe(true);
    expect(isLuhnValid('490154203237517')).toBe(false);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('7')).toBe(false);
    expect(isLuhnValid('12a4')).toBe(false);
  });

  it('agrees with an independent implementation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,25}$/), (body) => {
        expect(luhnTotalOk(body + luhnCheckDigit(body))).toBe(true);
        expect(isLuhnValid(body)).toBe(body.length >= 2 && luhnTotalOk(body));
      }),
    );
  });
});

describe('validateDeviceNumber', () => {
  it('accepts the public IMEI and refuses a bad check digit', () => {
    expect(validateDeviceNumber('490154203237518')).toEqual({ ok: true, value: '490154203237518', kind: 'imei' });
    expect(keyOf('490154203237517')).toBe('domain:deviceNumberCheckDigit');
    expect(validateDeviceNumber('490154203237517')).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_NUMBER_CHECK_DIGIT', params: { kind: 'IMEI' } },
    });
  });

  it('accepts constructed 19- and 20-digit ICCIDs', () => {
    const iccid19 = makeIccid('898600123456789012');
    const iccid20 = makeIccid('8986001234567890123');
    expect(iccid19).toHaveLength(19);
    expect(iccid20).toHaveLength(20);
    expect(validateDeviceNumber(iccid19)).toEqual({ ok: true, value: iccid19, kind: 'iccid' });
    expect(validateDeviceNumber(iccid20)).toEqual({ ok: true, value: iccid20, kind: 'iccid' });
    const wrong = iccid20.slice(0, -1) + String((Number(iccid20.slice(-1)) + 1) % 10);
    expect(validateDeviceNumber(wrong)).toMatchObject({ ok: false, error: { params: { kind: 'ICCID' } } });
  });

  it('normalises spaces, hyphens and full-width digits', () => {
    expect(validateDeviceNumber(' 49-015420-323751-8 ')).toMatchObject({ ok: true, value: '490154203237518' });
    expect(validateDeviceNumber('4901 5420 3237 518')).toMatchObject({ ok: true, value: '490154203237518' });
    expect(validateDeviceNumber('４９０１５４２０３２３７５１８')).toMatchObject({ ok: true, value: '490154203237518' });
  });

  it('gives distinct errors for empty and unknown formats', () => {
    expect(keyOf('')).toBe('domain:deviceNumberEmpty');
    expect(keyOf('  ')).toBe('domain:deviceNumberEmpty');
    expect(keyOf('49015420323751')).toBe('domain:deviceNumberFormat'); // 14 digits
    expect(keyOf('4901542032375180')).toBe('domain:deviceNumberFormat'); // 16 digits
    expect(keyOf('49015420323751A')).toBe('domain:deviceNumberFormat');
    expect(keyOf(makeIccid('898600123456789012').replace(/^89/, '88'))).toBe('domain:deviceNumberFormat');
    expect(keyOf('891234567890123456789')).toBe('domain:deviceNumberFormat'); // 21 digits
    expect(keyOf('89860012345678901')).toBe('domain:deviceNumberFormat'); // 17 digits
  });

  it('accepts every generated IMEI and ICCID', () => {
    fc.assert(
      fc.property(imeiArb, (n) => {
        expect(validateDeviceNumber(n)).toEqual({ ok: true, value: n, kind: 'imei' });
      }),
    );
    fc.assert(
      fc.property(iccidArb, (n) => {
        expect(validateDeviceNumber(n)).toEqual({ ok: true, value: n, kind: 'iccid' });
      }),
    );
  });

  it('refuses any single-digit change of a valid number', () => {
    fc.assert(
      fc.property(
        fc.oneof(imeiArb, iccidArb),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (n, posSeed, delta) => {
          const pos = posSeed % n.length;
          const digit = String((Number(n[pos]) + delta) % 10);
          const changed = n.slice(0, pos) + digit + n.slice(pos + 1);
          expect(validateDeviceNumber(changed).ok).toBe(false);
        },
      ),
    );
  });
});

describe('maskDeviceNumber', () => {
  it('shows only the last 6 characters', () => {
    expect(maskDeviceNumber('490154203237518')).toBe('*********237518');
    expect(maskDeviceNumber('123456')).toBe('123456');
    fc.assert(
      fc.property(fc.oneof(imeiArb, iccidArb), (n) => {
        const m = maskDeviceNumber(n);
        expect(m).toHaveLength(n.length);
        expect(m.slice(-6)).toBe(n.slice(-6));
        expect(m.slice(0, -6)).toMatch(/^\*+$/);
      }),
    );
  });
});

describe('makeImei / makeIccid', () => {
  it('refuse malformed bodies', () => {
    expect(() => makeImei('4901542032375')).toThrow(/INVALID_ARGUMENT/);
    expect(() => makeIccid('88860012345678901')).toThrow(/INVALID_ARGUMENT/);
    expect(() => makeIccid('8986001234567890')).toThrow(/INVALID_ARGUMENT/);
  });
});
