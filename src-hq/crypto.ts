import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export { hashPin, verifyPin } from '../src-node/crypto/pin-hash';
export { nationalIdHash } from '../src-node/crypto/national-id-hmac';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A terminal's bearer token, shown once; HQ keeps only its SHA-256. */
export function newTerminalToken(): string {
  return `hqt_${randomBytes(32).toString('base64url')}`;
}

/** A new 256-bit HMAC key for national-ID hashes, base64. */
export function newStoreKeyB64(): string {
  return randomBytes(32).toString('base64');
}

export function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** JSON with object keys sorted at every level: the form whose hash identifies an event body. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/**
 * A terminal's receipt key (base64): HMAC-SHA256(HQ's receipt master key, `receipt-key|<terminalId>`).
 * HQ keeps only the master key; each terminal gets its own derived key with `GET /v1/ledger`, so a
 * terminal's key signs only its own receipts and HQ needs no table of keys.
 */
export function terminalReceiptKeyB64(masterKeyB64: string, terminalId: string): string {
  return createHmac('sha256', Buffer.from(masterKeyB64, 'base64')).update(`receipt-key|${terminalId}`, 'utf8').digest('base64');
}
