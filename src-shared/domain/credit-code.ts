/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: the 18-character tax number an
 * e-invoice title carries. 17 characters from the code set below and a check character:
 * sum of (value of character i) x WEIGHTS[i], check value = 31 - (sum mod 31), 31 -> 0.
 */
import { fail, type Failure } from './domain-errors';

/** The 31 characters of the code set, in value order (I, O, Z, S and V are never used). */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters; null when one is outside the code set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[check]!;
}

export type CreditCodeResult = { ok: true; value: string } | Failure;

/** Validates a typed tax number: trimmed, full-width folded, lowercase upper-cased; field `taxNumber` unless told. */
export function validateCreditCode(raw: string, field = 'taxNumber'): CreditCodeResult {
  const v = raw.normalize('NFKC').trim().toUpperCase();
  if (v === '') return fail('creditCodeEmpty', { field });
  if (v.length !== 18) return fail('creditCodeLength', { field, params: { length: v.length } });
  for (const ch of v) if (!CREDIT_CODE_CHARS.includes(ch)) return fail('creditCodeCharacters', { field });
  if (creditCodeCheckChar(v.slice(0, 17)) !== v[17]) return fail('creditCodeCheckChar', { field });
  return { ok: true, value: v };
}
