/**
 * Money is an integer number of fen (1 yuan = 100 fen). Never a float: amounts are parsed from
 * text digit by digit and formatted with integer arithmetic only.
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { domainError } from './domain-errors';

/** An integer amount of fen (a safe integer). Non-negative unless a function says otherwise. */
export type Fen = number;

export interface FenOptions {
  /** Accept negative amounts (variances, adjustments). Default false. */
  allowNegative?: boolean;
}

export function isFen(value: unknown, options: FenOptions = {}): value is Fen {
  return Number.isSafeInteger(value) && (options.allowNegative === true || (value as number) >= 0);
}

/** Throws an AppError (MONEY_NOT_FEN or MONEY_NEGATIVE) unless `value` is a Fen. */
export function assertFen(value: unknown, options: FenOptions & { field?: string } = {}): asserts value is Fen {
  const field = options.field !== undefined ? { field: options.field } : {};
  if (!Number.isSafeInteger(value)) {
    throw new AppError(domainError('moneyNotFen', { ...field, params: { value: String(value) } }));
  }
  if (options.allowNegative !== true && (value as number) < 0) {
    throw new AppError(domainError('moneyNegative', field));
  }
}

export type ParseYuanResult = { ok: true; value: Fen } | { ok: false; error: AppErrorShape };

const YUAN_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;
const TOO_MANY_DECIMALS = /^\d+\.\d{3,}$/;

/**
 * Strict yuan text to fen: "12", "12.3", "12.34" (full-width digits and surrounding spaces are
 * accepted). Refuses empty text, negatives, more than two decimals, "12.", ".5", "1,000", "¥12".
 */
export function tryParseYuanToFen(text: string, field?: string): ParseYuanResult {
  const f = field !== undefined ? { field } : {};
  const s = typeof text === 'string' ? text.normalize('NFKC').trim() : '';
  if (s === '') return { ok: false, error: domainError('moneyEmpty', f) };
  if (/^-\s*\d/.test(s)) return { ok: false, error: domainError('moneyNegative', f) };
  if (TOO_MANY_DECIMALS.test(s)) return { ok: false, error: domainError('moneyTooManyDecimals', f) };
  const m = YUAN_PATTERN.exec(s);
  if (!m) return { ok: false, error: domainError('moneyFormat', f) };
  const intDigits = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').padEnd(2, '0');
  if (intDigits.length > 14) return { ok: false, error: domainError('moneyTooLarge', f) };
  const fen = Number(intDigits) * 100 + Number(frac);
  if (!Number.isSafeInteger(fen)) return { ok: false, error: domainError('moneyTooLarge', f) };
  return { ok: true, value: fen };
}

/** Like tryParseYuanToFen but throws the AppError. */
export function parseYuanToFen(text: string, field?: string): Fen {
  const r = tryParseYuanToFen(text, field);
  if (!r.ok) throw new AppError(r.error);
  return r.value;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitFen(fen: Fen): { sign: string; yuan: string; jiaoFen: string } {
  assertFen(fen, { allowNegative: true });
  const abs = Math.abs(fen);
  return {
    sign: fen < 0 ? '-' : '',
    yuan: String(Math.floor(abs / 100)),
    jiaoFen: String(abs % 100).padStart(2, '0'),
  };
}

/** 123450 -> "¥1,234.50"; -500 -> "-¥5.00". */
export function formatFen(fen: Fen): string {
  const { sign, yuan, jiaoFen } = splitFen(fen);
  return `${sign}¥${groupThousands(yuan)}.${jiaoFen}`;
}

/** 123450 -> "1234.50" (no symbol, no separators: for input fields and machine-readable text). */
export function formatFenPlain(fen: Fen): string {
  const { sign, yuan, jiaoFen } = splitFen(fen);
  return `${sign}${yuan}.${jiaoFen}`;
}

/** Adds fen amounts (negatives allowed); throws if an item is not an integer or the sum overflows. */
export function sumFen(list: readonly Fen[]): Fen {
  let total = 0;
  for (const item of list) {
    assertFen(item, { allowNegative: true });
    total += item;
    if (!Number.isSafeInteger(total)) throw new AppError(domainError('moneyTooLarge'));
  }
  return total;
}
