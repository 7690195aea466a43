import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_ALPHABET,
  enrolmentQrPayload,
  formatEnrolmentCode,
  makeEnrolmentCode,
  normaliseEnrolmentCode,
  normaliseHqUrl,
  parseEnrolmentQr,
} from './enrolment-code';

const bytes = (seed: number[]) => (n: number) => Uint8Array.from({ length: n }, (_, i) => seed[i % seed.length]!);

describe('enrolment codes', () => {
  it('makes 16 alphabet characters in groups of four, from any random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }).filter((a) => a.some((b) => b < 248)), (seed) => {
        const code = makeEnrolmentCode(bytes(seed));
        expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
        expect(normaliseEnrolmentCode(code)).toBe(code.replace(/-/g, ''));
      }),
    );
  });

  it('typing is forgiving about case, spaces and dashes, and strict about characters and length', () => {
    expect(normaliseEnrolmentCode(' abcd efgh-jkmn pqrs ')).toBe('ABCDEFGHJKMNPQRS');
    expect(normaliseEnrolmentCode('ABCD-EFGH-JKMN-PQR')).toBeNull();
    expect(normaliseEnrolmentCode('ABCD-EFGH-JKMN-PQRST')).toBeNull();
    expect(normaliseEnrolmentCode('ABCD-EFGH-JKMN-PQR0')).toBeNull(); // 0 is not in the alphabet
    expect(normaliseEnrolmentCode('ABCD-EFGH-JKMN-PQRI')).toBeNull();
    expect(ENROLMENT_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(formatEnrolmentCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
  });

  it('the QR payload carries code and HQ address and parses back; other text is not a QR', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: false, withFragments: false }), (url) => {
        const code = 'K7QM-3XRD-PW9A-HT2C';
        expect(parseEnrolmentQr(enrolmentQrPayload(code, url))).toEqual({ code, hqUrl: url });
      }),
    );
    expect(parseEnrolmentQr('K7QM-3XRD-PW9A-HT2C')).toBeNull();
    expect(parseEnrolmentQr('counter-enrol:?code=nope&hq=http://x')).toBeNull();
  });

  it('HQ addresses: http(s) only, no credentials, query or fragment; trailing slash dropped', () => {
    expect(normaliseHqUrl('https://hq.example.cn/')).toBe('https://hq.example.cn');
    expect(normaliseHqUrl(' http://10.0.0.5:8787 ')).toBe('http://10.0.0.5:8787');
    expect(normaliseHqUrl('https://hq.example.cn/counter/')).toBe('https://hq.example.cn/counter');
    expect(normaliseHqUrl('ftp://hq')).toBeNull();
    expect(normaliseHqUrl('https://user:pw@hq')).toBeNull();
    expect(normaliseHqUrl('https://hq/?a=1')).toBeNull();
    expect(normaliseHqUrl('hq.example.cn')).toBeNull();
  });
});
