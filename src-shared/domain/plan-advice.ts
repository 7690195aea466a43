/**
 * Advice on the plan at the counter (issue 15 item 4): price per GB of each plan and term, and a
 * recommended plan and term with its reason, from the data the device used in the last months.
 *
 * The rule: take the highest monthly use of the months given (at most the last 3); among the plans
 * on offer whose monthly quota covers it, recommend the one with the lowest price per month (at its
 * cheapest term per month; on a tie the shorter term, then the smaller quota). When no plan covers
 * it, recommend the largest quota. With no usage known, keep the current plan when it is on offer.
 */

export interface AdviceTerm {
  months: number;
  priceFen: number;
}

export interface AdvicePlan {
  code: string;
  /** Monthly quota in MB; for an unlimited plan its fair-use amount. */
  dataQuotaMb: number;
  unlimited: boolean;
  terms: readonly AdviceTerm[];
}

export interface UsageMonth {
  /** YYYY-MM, store-local. */
  month: string;
  usedMb: number;
}

export type AdviceReason =
  | { key: 'coversPeak'; peakMb: number; quotaMb: number }
  | { key: 'noneCovers'; peakMb: number; quotaMb: number }
  | { key: 'noUsage' };

export interface PlanRecommendation {
  planCode: string;
  termMonths: number;
  priceFen: number;
  isCurrent: boolean;
  reason: AdviceReason;
}

export const ADVICE_MONTHS = 3;

/** Fen per GB (1 GB = 1024 MB) of a term: price / (quota x months), rounded half up; null for a zero quota. */
export function pricePerGbFen(priceFen: number, months: number, dataQuotaMb: number): number | null {
  if (!Number.isSafeInteger(priceFen) || priceFen < 0 || !Number.isSafeInteger(months) || months <= 0) return null;
  if (!Number.isSafeInteger(dataQuotaMb) || dataQuotaMb <= 0) return null;
  // priceFen x 1024 / (quotaMb x months), in integers: round half up.
  const num = priceFen * 1024;
  const den = dataQuotaMb * months;
  return Math.floor((2 * num + den) / (2 * den));
}

/** The highest monthly use of the last ADVICE_MONTHS months given (newest last or any order: months are compared as text). */
export function peakUsageMb(usage: readonly UsageMonth[]): number | null {
  const recent = [...usage].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)).slice(-ADVICE_MONTHS);
  if (recent.length === 0) return null;
  return Math.max(...recent.map((u) => u.usedMb));
}

/** The cheapest term per month of a plan (ties: the shorter term). Compares price_a x months_b with price_b x months_a. */
function cheapestTerm(plan: AdvicePlan): AdviceTerm | null {
  let best: AdviceTerm | null = null;
  for (const t of plan.terms) {
    if (t.months <= 0) continue;
    if (!best || t.priceFen * best.months < best.priceFen * t.months || (t.priceFen * best.months === best.priceFen * t.months && t.months < best.months)) best = t;
  }
  return best;
}

/** -1 when plan a is cheaper per month than b (then smaller quota first, then code). */
function comparePerMonth(a: { plan: AdvicePlan; term: AdviceTerm }, b: { plan: AdvicePlan; term: AdviceTerm }): number {
  const l = a.term.priceFen * b.term.months;
  const r = b.term.priceFen * a.term.months;
  if (l !== r) return l < r ? -1 : 1;
  if (a.term.months !== b.term.months) return a.term.months - b.term.months;
  if (a.plan.dataQuotaMb !== b.plan.dataQuotaMb) return a.plan.dataQuotaMb - b.plan.dataQuotaMb;
  return a.plan.code < b.plan.code ? -1 : 1;
}

export function recommendPlan(input: {
  plans: readonly AdvicePlan[];
  usage: readonly UsageMonth[];
  currentPlanCode: string | null;
}): PlanRecommendation | null {
  const offers = input.plans
    .map((plan) => ({ plan, term: cheapestTerm(plan) }))
    .filter((o): o is { plan: AdvicePlan; term: AdviceTerm } => o.term !== null);
  if (offers.length === 0) return null;
  const pick = (o: { plan: AdvicePlan; term: AdviceTerm }, reason: AdviceReason): PlanRecommendation => ({
    planCode: o.plan.code,
    termMonths: o.term.months,
    priceFen: o.term.priceFen,
    isCurrent: o.plan.code === input.currentPlanCode,
    reason,
  });
  const peak = peakUsageMb(input.usage);
  if (peak === null) {
    const current = offers.find((o) => o.plan.code === input.currentPlanCode);
    return pick(current ?? [...offers].sort(comparePerMonth)[0]!, { key: 'noUsage' });
  }
  const covering = offers.filter((o) => o.plan.dataQuotaMb >= peak).sort(comparePerMonth);
  if (covering.length > 0) return pick(covering[0]!, { key: 'coversPeak', peakMb: peak, quotaMb: covering[0]!.plan.dataQuotaMb });
  const largest = [...offers].sort((a, b) => b.plan.dataQuotaMb - a.plan.dataQuotaMb || comparePerMonth(a, b))[0]!;
  return pick(largest, { key: 'noneCovers', peakMb: peak, quotaMb: largest.plan.dataQuotaMb });
}

/** Whether the card prompts "expires in N days": an active plan with 0 ≤ N ≤ the store's prompt days. */
export function expiresSoon(daysLeft: number, promptDays: number, status: string): boolean {
  return status === 'active' && daysLeft >= 0 && daysLeft <= promptDays;
}
