/**
 * Chinese resident identity number, GB 11643-1999: 6-digit area code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence, and a check character from ISO 7064 MOD 11-2.
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { compareCalendarDates, parseCompactDate } from './calendar';
import { domainError } from './domain-errors';
import { DEFAULT_TIME_ZONE, localParts } from './time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH_YEAR = 1900;

export type NationalIdResult = { ok: true; value: string } | { ok: false; error: AppErrorShape };

export interface NationalIdOptions {
  /** Form field named in errors. Default 'nationalId'. */
  field?: string;
  /** The clock for the "birth date not in the future" rule. Default: the current time. */
  now?: Date;
  /** Zone whose date is "today". Default Asia/Shanghai. */
  timeZone?: string;
}

/** The check character ('0'-'9' or 'X') for the first 17 digits. Throws if they are not 17 digits. */
export function nationalIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new AppError(domainError('invalidArgument', { params: { name: 'first17' } }));
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Validates and normalises an ID number typed or scanned at the counter: surrounding spaces are
 * trimmed, full-width characters folded (NFKC), a lowercase x becomes X.
 */
export function validateNationalId(raw: string, options: NationalIdOptions = {}): NationalIdResult {
  const field = options.field ?? 'nationalId';
  const err = (e: AppErrorShape): NationalIdResult => ({ ok: false, error: e });
  const s = typeof raw === 'string' ? raw.normalize('NFKC').trim().toUpperCase() : '';
  if (s === '') return err(domainError('nationalIdEmpty', { field }));
  if (!/^[0-9X]+$/.test(s)) return err(domainError('nationalIdCharacters', { field }));
  if (s.length !== 18) return err(domainError('nationalIdLength', { field, params: { length: s.length } }));
  if (!/^\d{17}[0-9X]$/.test(s)) return err(domainError('nationalIdCharacters', { field }));

  const birth = parseCompactDate(s.slice(6, 14));
  const today = localParts(options.now ?? new Date(), options.timeZone ?? DEFAULT_TIME_ZONE);
  if (!birth || birth.year < MIN_BIRTH_YEAR || compareCalendarDates(birth, today) > 0) {
    return err(domainError('nationalIdBirthDate', { field }));
  }
  if (nationalIdCheckChar(s.slice(0, 17)) !== s[17]) return err(domainError('nationalIdCheckChar', { field }));
  return { ok: true, value: s };
}

/** First 3 and last 4 characters kept, the rest '*': 11010519491231002X -> 110***********002X. */
export function maskNationalId(id: string): string {
  const s = id.trim().toUpperCase();
  if (s.length <= 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/**
 * Builds an ID from its parts, appending the right check character (for seeds and tests). The
 * birth date is not checked, so a test can build an ID whose only fault is an impossible date.
 */
export function makeNationalId(areaCode6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(areaCode6)) throw new AppError(domainError('invalidArgument', { params: { name: 'areaCode6' } }));
  if (!/^\d{8}$/.test(birthYYYYMMDD)) {
    throw new AppError(domainError('invalidArgument', { params: { name: 'birthYYYYMMDD' } }));
  }
  if (!/^\d{3}$/.test(seq3)) throw new AppError(domainError('invalidArgument', { params: { name: 'seq3' } }));
  const first17 = `${areaCode6}${birthYYYYMMDD}${seq3}`;
  return first17 + nationalIdCheckChar(first17);
}
