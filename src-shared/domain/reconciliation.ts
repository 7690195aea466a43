/**
 * End-of-day cash: count the drawer by denomination, work out what should be there, and compare.
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { domainError } from './domain-errors';
import { assertFen, formatFen, type Fen } from './money';

/** Notes and coins in the drawer, in fen: 100, 50, 20, 10, 5, 1 yuan, 5 jiao and 1 jiao. */
export const DENOMINATIONS_FEN: readonly Fen[] = [10000, 5000, 2000, 1000, 500, 100, 50, 10];

/** How many pieces of each denomination were counted, keyed by the denomination in fen. */
export type DenominationCounts = Record<number, number>;

export type CountTotalResult = { ok: true; totalFen: Fen } | { ok: false; error: AppErrorShape };

/**
 * Total of a drawer count. Refuses unknown denominations and counts that are negative or not
 * whole numbers; errors name the field `counts.<denomination>`. Missing denominations count 0.
 */
export function countTotalFen(counts: DenominationCounts): CountTotalResult {
  let total = 0;
  for (const [key, count] of Object.entries(counts ?? {})) {
    const denomination = Number(key);
    const field = `counts.${key}`;
    if (String(denomination) !== key || !DENOMINATIONS_FEN.includes(denomination)) {
      return { ok: false, error: domainError('cashCountDenominationUnknown', { field, params: { denomination: key } }) };
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      return {
        ok: false,
        error: domainError('cashCountInvalid', { field, params: { denomination: formatFen(denomination) } }),
      };
    }
    total += denomination * count;
    if (!Number.isSafeInteger(total)) throw new AppError(domainError('moneyTooLarge', { field }));
  }
  return { ok: true, totalFen: total };
}

export interface ExpectedCashInput {
  /** Cash float counted into the drawer when the shift opened. */
  floatFen: Fen;
  /** Cash handed over by customers (tendered, before change) on the day's sales, voided ones included. */
  cashTakenFen: Fen;
  /** Change given back on those sales. */
  changeGivenFen: Fen;
  /**
   * Net cash of voided sales returned to the customer: for each voided sale, the cash it took
   * minus the change it gave (i.e. the cash line's applied amount).
   */
  voidedCashFen: Fen;
  /** Cash put into the drawer outside sales (e.g. extra change from the safe). */
  paidInFen: Fen;
  /** Cash taken out of the drawer outside sales (e.g. a bank drop). */
  paidOutFen: Fen;
}

/**
 * Cash that should be in the drawer:
 * float + cash taken - change given - voided sales' net cash + paid in - paid out.
 * Every input must be a non-negative Fen (throws AppError otherwise). The result may be negative
 * only if the inputs are inconsistent; it is returned as is so the variance shows it.
 */
export function expectedCashFen(input: ExpectedCashInput): Fen {
  const names = ['floatFen', 'cashTakenFen', 'changeGivenFen', 'voidedCashFen', 'paidInFen', 'paidOutFen'] as const;
  for (const name of names) assertFen(input[name], { field: name });
  return (
    input.floatFen +
    input.cashTakenFen -
    input.changeGivenFen -
    input.voidedCashFen +
    input.paidInFen -
    input.paidOutFen
  );
}

export interface ReconcileInput {
  expectedFen: Fen;
  countedFen: Fen;
  /** A variance whose size is above this needs a written reason. 0 = any variance needs one. */
  thresholdFen: Fen;
  reason?: string | null;
}

export interface ReconcileResult {
  /** counted - expected: positive = over, negative = short. */
  varianceFen: Fen;
  /** |variance| > threshold */
  needsReason: boolean;
  /** The day can close: no reason needed, or a non-blank reason was given. */
  ok: boolean;
  error?: AppErrorShape;
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  assertFen(input.expectedFen, { field: 'expectedFen', allowNegative: true });
  assertFen(input.countedFen, { field: 'countedFen' });
  assertFen(input.thresholdFen, { field: 'thresholdFen' });
  const varianceFen = input.countedFen - input.expectedFen;
  const needsReason = Math.abs(varianceFen) > input.thresholdFen;
  const hasReason = typeof input.reason === 'string' && input.reason.trim() !== '';
  if (needsReason && !hasReason) {
    return {
      varianceFen,
      needsReason,
      ok: false,
      error: domainError('reconcileReasonRequired', {
        field: 'reason',
        params: { variance: formatFen(varianceFen), threshold: formatFen(input.thresholdFen) },
      }),
    };
  }
  return { varianceFen, needsReason, ok: true };
}

