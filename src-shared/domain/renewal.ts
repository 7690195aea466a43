/**
 * Renewal: the new expiry date and the price quote shown to the clerk before payment.
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { addMonthsClamped } from './calendar';
import { domainError } from './domain-errors';
import { assertFen, type Fen } from './money';
import { DEFAULT_TIME_ZONE, localParts, zonedDateTimeToInstant } from './time';

export interface PlanTerm {
  months: number;
  priceFen: Fen;
}

export interface Plan {
  code: string;
  nameZh: string;
  nameEn: string;
  dataQuotaMb: number;
  terms: PlanTerm[];
  active: boolean;
}

export type SubscriptionStatus = 'active' | 'expired' | 'suspended' | 'cancelled';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['active', 'expired', 'suspended', 'cancelled'];

/** Longest term the rules accept (10 years); plans offer 1, 3, 6, 12. */
export const MAX_TERM_MONTHS = 120;

export type RenewalBase = 'now' | 'currentExpiry';

export interface RenewalQuote {
  planCode: string;
  termMonths: number;
  priceFen: Fen;
  /** ISO 8601 UTC instant (Date.toISOString) */
  previousExpiry: string;
  /** ISO 8601 UTC instant (Date.toISOString) */
  newExpiry: string;
  base: RenewalBase;
}

export type RenewalQuoteResult = { ok: true; quote: RenewalQuote } | { ok: false; error: AppErrorShape };

function validTermMonths(termMonths: number): boolean {
  return Number.isInteger(termMonths) && termMonths >= 1 && termMonths <= MAX_TERM_MONTHS;
}

/** 'currentExpiry' while the subscription still runs (expiry later than now), otherwise 'now'. */
export function renewalBase(now: Date, currentExpiry: Date): RenewalBase {
  return currentExpiry.getTime() > now.getTime() ? 'currentExpiry' : 'now';
}

/**
 * New expiry = later of (now, current expiry) plus `termMonths` calendar months in the store's
 * zone, keeping the local time of day and clamping the day at the month end
 * (Jan 31 + 1 = Feb 28, or Feb 29 in a leap year; Aug 31 + 6 = Feb 28/29).
 */
export function computeNewExpiry(input: {
  now: Date;
  currentExpiry: Date;
  termMonths: number;
  timeZone?: string;
}): Date {
  const { now, currentExpiry, termMonths } = input;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (!validTermMonths(termMonths)) {
    throw new AppError(domainError('invalidArgument', { params: { name: 'termMonths' } }));
  }
  const base = renewalBase(now, currentExpiry) === 'currentExpiry' ? currentExpiry : now;
  const local = localParts(base, timeZone);
  const target = addMonthsClamped(local, termMonths);
  return zonedDateTimeToInstant({ ...local, ...target }, timeZone);
}

/**
 * The quote for renewing a subscription on `plan` for `termMonths`. Refused (with a translated
 * error) when the subscription is suspended or cancelled, the plan no longer sold, or the term
 * not offered. An expired subscription can renew: the new term then starts now.
 */
export function quoteRenewal(input: {
  plan: Plan;
  termMonths: number;
  currentExpiry: Date;
  status: SubscriptionStatus;
  statusReason?: string | null;
  /** HQ's reason code: passed on as the `reasonCode` param, which the screen translates (HQ's text is the fallback). */
  statusReasonCode?: string | null;
  now: Date;
  timeZone?: string;
}): RenewalQuoteResult {
  const { plan, termMonths, currentExpiry, status, now } = input;
  const reason = (input.statusReason ?? '').trim();
  const code = (input.statusReasonCode ?? '').trim();
  const reasonParams = code ? { reason: reason || code, reasonCode: code } : { reason };
  if (status === 'cancelled') {
    return {
      ok: false,
      error: reason || code
        ? domainError('subscriptionCancelled', { params: reasonParams })
        : domainError('subscriptionCancelledNoReason'),
    };
  }
  if (status === 'suspended') {
    return {
      ok: false,
      error: reason || code
        ? domainError('subscriptionSuspended', { params: reasonParams })
        : domainError('subscriptionSuspendedNoReason'),
    };
  }
  if (status !== 'active' && status !== 'expired') {
    return { ok: false, error: domainError('subscriptionStatusUnknown', { params: { status: String(status) } }) };
  }
  if (!plan.active) {
    return { ok: false, error: domainError('planInactive', { field: 'planCode', params: { plan: plan.code } }) };
  }
  const term = validTermMonths(termMonths) ? plan.terms.find((t) => t.months === termMonths) : undefined;
  if (!term) {
    const offered = [...plan.terms]
      .map((t) => t.months)
      .sort((a, b) => a - b)
      .join(', ');
    return {
      ok: false,
      error: domainError('termNotOffered', { field: 'termMonths', params: { months: String(termMonths), offered } }),
    };
  }
  assertFen(term.priceFen, { field: 'priceFen' });
  const base = renewalBase(now, currentExpiry);
  const newExpiry = computeNewExpiry({ now, currentExpiry, termMonths, timeZone: input.timeZone ?? DEFAULT_TIME_ZONE });
  return {
    ok: true,
    quote: {
      planCode: plan.code,
      termMonths,
      priceFen: term.priceFen,
      previousExpiry: currentExpiry.toISOString(),
      newExpiry: newExpiry.toISOString(),
      base,
    },
  };
}
