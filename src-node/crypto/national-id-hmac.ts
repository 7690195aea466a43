import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The national-ID hash, the one definition for the terminal and HQ (a drift between them would make every
 * lookup miss): lowercase hex HMAC-SHA256(base64-decoded store key, UTF-8 of the normalised ID).
 */
export function nationalIdHash(key: KeyObject | string, normalisedId: string): string {
  const k = typeof key === 'string' ? nationalIdKey(key) : key;
  return createHmac('sha256', k).update(normalisedId, 'utf8').digest('hex');
}

/** A store key (base64) decoded once into a reusable key object. */
export function nationalIdKey(keyB64: string): KeyObject {
  return createSecretKey(Buffer.from(keyB64, 'base64'));
}
