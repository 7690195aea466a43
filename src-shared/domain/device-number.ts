/**
 * Device numbers printed on a station card or its SIM: IMEI (15 digits, Luhn check digit) or
 * ICCID (19 or 20 digits beginning 89, Luhn check on the last digit).
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { domainError } from './domain-errors';

export type DeviceNumberKind = 'imei' | 'iccid';

export type DeviceNumberResult =
  | { ok: true; value: string; kind: DeviceNumberKind }
  | { ok: false; error: AppErrorShape };

function assertDigits(value: string, name: string): void {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new AppError(domainError('invalidArgument', { params: { name } }));
  }
}

/** The Luhn check digit to append to `body` (a string of digits). */
export function luhnCheckDigit(body: string): string {
  assertDigits(body, 'body');
  let sum = 0;
  // Walking from the right, the digit next to the (future) check digit is doubled.
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(body[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when `number` is at least 2 digits and its last digit is the Luhn check digit of the rest. */
export function isLuhnValid(number: string): boolean {
  if (typeof number !== 'string' || !/^\d{2,}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === number.slice(-1);
}

/**
 * Validates a typed or scanned device number. Surrounding spaces are trimmed, full-width digits
 * folded (NFKC), and spaces or hyphens between digit groups removed ("49-015420-323751-8").
 */
export function validateDeviceNumber(raw: string, field = 'deviceNumber'): DeviceNumberResult {
  const s = typeof raw === 'string' ? raw.normalize('NFKC').trim().replace(/[\s-]+/g, '') : '';
  if (s === '') return { ok: false, error: domainError('deviceNumberEmpty', { field }) };
  let kind: DeviceNumberKind;
  if (/^\d{15}$/.test(s)) kind = 'imei';
  else if (/^89\d{17,18}$/.test(s)) kind = 'iccid';
  else return { ok: false, error: domainError('deviceNumberFormat', { field }) };
  if (!isLuhnValid(s)) {
    return { ok: false, error: domainError('deviceNumberCheckDigit', { field, params: { kind: kind.toUpperCase() } }) };
  }
  return { ok: true, value: s, kind };
}

/** All but the last 6 characters become '*'. */
export function maskDeviceNumber(n: string): string {
  const s = n.trim();
  if (s.length <= 6) return s;
  return '*'.repeat(s.length - 6) + s.slice(-6);
}

/** A valid IMEI: the 14-digit body plus its Luhn check digit. */
export function makeImei(body14: string): string {
  if (typeof body14 !== 'string' || !/^\d{14}$/.test(body14)) {
    throw new AppError(domainError('invalidArgument', { params: { name: 'body14' } }));
  }
  return body14 + luhnCheckDigit(body14);
}

/** A valid ICCID: `body` (18 or 19 digits beginning 89) plus its Luhn check digit. */
export function makeIccid(body: string): string {
  if (typeof body !== 'string' || !/^89\d{16,17}$/.test(body)) {
    throw new AppError(domainError('invalidArgument', { params: { name: 'body' } }));
  }
  return body + luhnCheckDigit(body);
}
