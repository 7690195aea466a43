import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receipt signature (issue 15 item 6), the one definition for the terminal (which prints it in the
 * receipt QR, offline) and HQ (whose verify page checks it): base64url of the first 16 bytes of
 * HMAC-SHA256(key = the terminal's receipt key, base64-decoded; message = `receipt|<saleId>` as UTF-8).
 * 128 bits: a receipt id without its signature cannot be guessed into a page.
 */
export function receiptSignature(receiptKeyB64: string, saleId: string): string {
  return createHmac('sha256', Buffer.from(receiptKeyB64, 'base64')).update(`receipt|${saleId}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** Constant-time comparison of a presented signature with the expected one. */
export function receiptSignatureMatches(receiptKeyB64: string, saleId: string, presented: string): boolean {
  const expected = Buffer.from(receiptSignature(receiptKeyB64, saleId), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
