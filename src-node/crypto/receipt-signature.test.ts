import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiptSignature, receiptSignatureMatches } from './receipt-signature';

describe('receipt signature', () => {
  const key = Buffer.alloc(32, 0x2a).toString('base64');
  const saleId = '6f1c2b9e-3d4a-4b8e-9a51-0c7d2e4f8a10';

  it('is base64url of the first 16 bytes of HMAC-SHA256(key, "receipt|<saleId>")', () => {
    const expected = createHmac('sha256', Buffer.alloc(32, 0x2a)).update(`receipt|${saleId}`).digest().subarray(0, 16).toString('base64url');
    expect(receiptSignature(key, saleId)).toBe(expected);
    expect(receiptSignature(key, saleId)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('differs per sale and per key, and only the exact signature matches', () => {
    const s = receiptSignature(key, saleId);
    expect(receiptSignature(key, saleId.replace(/0$/, '1'))).not.toBe(s);
    expect(receiptSignature(Buffer.alloc(32, 1).toString('base64'), saleId)).not.toBe(s);
    expect(receiptSignatureMatches(key, saleId, s)).toBe(true);
    expect(receiptSignatureMatches(key, saleId, s.slice(0, 21))).toBe(false);
    expect(receiptSignatureMatches(key, saleId, `${s}A`)).toBe(false);
    expect(receiptSignatureMatches(key, saleId, (s[0] === 'A' ? 'B' : 'A') + s.slice(1))).toBe(false);
  });
});
