/**
 * Promotions (限时折扣 / 限时特价 / 满减): which apply to a renewal and what they take off. Pure and
 * integer-only; the terminal's quote, HQ's admin checks and HQ's re-check of a sale all call these.
 *
 * - A promotion runs from `startsLocal` (inclusive) to `endsLocal` (exclusive), store-local wall clock,
 *   in the stores of `storeCodes` (null: every store).
 * - percentOff / fixedPrice apply to one plan (one term, or every term when `termMonths` is null);
 *   spendSave applies when the running total is at least `thresholdFen`.
 * - Stacking: each non-stackable promotion is tried alone on the list price; all stackable ones are
 *   applied together in `stackOrder` (then promotionId), each on the running price. The option with the
 *   lowest price due wins; a tie goes to fewer lines, then to the option met first in stack order.
 * - Rounding (the one rule, everywhere): a percentage discount gives the price
 *   round-half-up(price × (100 − percent) / 100) fen; the discount is the difference. No step takes the
 *   price below zero.
 */
import type { Fen } from './money';
import { localParts } from './time';

interface PromotionBase {
  promotionId: string;
  nameZh: string;
  nameEn: string;
  startsLocal: string;
  endsLocal: string;
  storeCodes: readonly string[] | null;
  stackable: boolean;
  stackOrder: number;
}

export type Promotion = PromotionBase &
  (
    | { kind: 'percentOff'; planCode: string; termMonths: number | null; percentOff: number }
    | { kind: 'fixedPrice'; planCode: string; termMonths: number | null; priceFen: Fen }
    | { kind: 'spendSave'; thresholdFen: Fen; saveFen: Fen }
  );

export type PromotionKind = Promotion['kind'];

/** One promotion on a quote, receipt or sale: what it took off. */
export interface PromotionLine {
  promotionId: string;
  kind: PromotionKind;
  nameZh: string;
  nameEn: string;
  discountFen: Fen;
}

export interface PromotionPricing {
  listPriceFen: Fen;
  lines: PromotionLine[];
  dueFen: Fen;
}

export interface PromotionSale {
  listPriceFen: Fen;
  planCode: string;
  termMonths: number;
  storeCode: string;
}

/** 'YYYY-MM-DDTHH:mm' of the instant on the zone's wall clock. */
export function localMinute(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** Whether the promotion's window holds the instant, read on the store's wall clock. */
export function promotionRunsAt(p: Promotion, at: Date, timeZone: string): boolean {
  const t = localMinute(at, timeZone);
  return p.startsLocal <= t && t < p.endsLocal;
}

export function promotionInStore(p: Promotion, storeCode: string): boolean {
  return p.storeCodes === null || p.storeCodes.includes(storeCode);
}

/** Whether a plan-level promotion targets this plan term (spendSave targets the total: always). */
export function promotionTargets(p: Promotion, planCode: string, termMonths: number): boolean {
  if (p.kind === 'spendSave') return true;
  return p.planCode === planCode && (p.termMonths === null || p.termMonths === termMonths);
}

/** round-half-up(priceFen × (100 − percentOff) / 100): the price after a percentage discount. */
export function percentOffPrice(priceFen: Fen, percentOff: number): Fen {
  const keep = 100 - percentOff;
  return Math.floor((priceFen * keep + 50) / 100);
}

/** What the promotion takes off a running price (0 when it does not apply to it). Never more than the price. */
export function discountOn(p: Promotion, runningFen: Fen): Fen {
  let off: number;
  switch (p.kind) {
    case 'percentOff':
      off = runningFen - percentOffPrice(runningFen, p.percentOff);
      break;
    case 'fixedPrice':
      off = runningFen - Math.min(runningFen, p.priceFen);
      break;
    case 'spendSave':
      off = runningFen >= p.thresholdFen ? p.saveFen : 0;
      break;
  }
  return Math.max(0, Math.min(off, runningFen));
}

export function byStackOrder(a: Promotion, b: Promotion): number {
  return a.stackOrder - b.stackOrder || (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0);
}

/** The promotions in `ps` applied in the given order; lines only for those that took something off. */
export function applyInOrder(listPriceFen: Fen, ps: readonly Promotion[]): PromotionPricing {
  let running = listPriceFen;
  const lines: PromotionLine[] = [];
  for (const p of ps) {
    const off = discountOn(p, running);
    if (off <= 0) continue;
    running -= off;
    lines.push({ promotionId: p.promotionId, kind: p.kind, nameZh: p.nameZh, nameEn: p.nameEn, discountFen: off });
  }
  return { listPriceFen, lines, dueFen: running };
}

/** The promotions that could apply to this sale at this instant (window, store, target). */
export function candidatePromotions(promotions: readonly Promotion[], sale: PromotionSale, at: Date, timeZone: string): Promotion[] {
  return promotions
    .filter((p) => promotionInStore(p, sale.storeCode) && promotionTargets(p, sale.planCode, sale.termMonths) && promotionRunsAt(p, at, timeZone))
    .sort(byStackOrder);
}

/**
 * What a renewal costs with promotions: the best single non-stackable promotion or the stack of every
 * stackable one, whichever leaves less to pay (see the file comment for ties).
 */
export function pricePromotions(input: { sale: PromotionSale; promotions: readonly Promotion[]; at: Date; timeZone: string }): PromotionPricing {
  const { sale } = input;
  const candidates = candidatePromotions(input.promotions, sale, input.at, input.timeZone);
  const stackable = candidates.filter((p) => p.stackable);
  // options in stack order: each non-stackable alone, the stack where its first member stands
  const options: PromotionPricing[] = [];
  let stackAdded = false;
  for (const p of candidates) {
    if (!p.stackable) options.push(applyInOrder(sale.listPriceFen, [p]));
    else if (!stackAdded) {
      options.push(applyInOrder(sale.listPriceFen, stackable));
      stackAdded = true;
    }
  }
  let best: PromotionPricing = { listPriceFen: sale.listPriceFen, lines: [], dueFen: sale.listPriceFen };
  for (const o of options) {
    if (o.dueFen < best.dueFen || (o.dueFen === best.dueFen && o.lines.length > 0 && o.lines.length < best.lines.length)) best = o;
  }
  return best;
}

export type PromotionCheck =
  | { status: 'none' }
  | { status: 'honoured' }
  | { status: 'flagged'; reason: PromotionFlagReason; promotionId?: string };

export type PromotionFlagReason =
  /** HQ has no promotion of that id. */
  | 'unknownPromotion'
  /** The promotion did not run for this sale at the sale's time (window, store or target). */
  | 'notValidAtSaleTime'
  /** The sale's time is further from its arrival at HQ than the store's offline limit: its clock is not trusted. */
  | 'outsideOfflineLimits'
  /** The amounts the terminal took off are not what the promotions give. */
  | 'amountMismatch';

/**
 * HQ's re-check of the promotions a sale claims. The sale's time is the terminal's clock, trusted only
 * when the sale reached HQ within `offlineMaxHours` of it (a promotion that ended while the store was
 * offline is then honoured); the claimed promotions are re-applied in the order the terminal gave.
 */
export function recheckPromotions(input: {
  claimed: readonly { promotionId: string; discountFen: Fen }[];
  sale: PromotionSale;
  dueFen: Fen;
  promotions: readonly Promotion[];
  saleAt: Date;
  receivedAt: Date;
  offlineMaxHours: number;
  timeZone: string;
}): PromotionCheck {
  if (input.claimed.length === 0) return { status: 'none' };
  const known = new Map(input.promotions.map((p) => [p.promotionId, p]));
  const used: Promotion[] = [];
  for (const c of input.claimed) {
    const p = known.get(c.promotionId);
    if (!p) return { status: 'flagged', reason: 'unknownPromotion', promotionId: c.promotionId };
    used.push(p);
  }
  const lagMs = input.receivedAt.getTime() - input.saleAt.getTime();
  if (lagMs > input.offlineMaxHours * 3_600_000) return { status: 'flagged', reason: 'outsideOfflineLimits' };
  const at = new Date(Math.min(input.saleAt.getTime(), input.receivedAt.getTime()));
  for (const p of used) {
    if (!promotionInStore(p, input.sale.storeCode) || !promotionTargets(p, input.sale.planCode, input.sale.termMonths) || !promotionRunsAt(p, at, input.timeZone)) {
      return { status: 'flagged', reason: 'notValidAtSaleTime', promotionId: p.promotionId };
    }
  }
  const again = applyInOrder(input.sale.listPriceFen, used);
  const same =
    again.dueFen === input.dueFen &&
    again.lines.length === input.claimed.length &&
    again.lines.every((l, i) => l.promotionId === input.claimed[i]!.promotionId && l.discountFen === input.claimed[i]!.discountFen);
  return same ? { status: 'honoured' } : { status: 'flagged', reason: 'amountMismatch' };
}

/** Two windows share a minute. */
export function windowsOverlap(a: { startsLocal: string; endsLocal: string }, b: { startsLocal: string; endsLocal: string }): boolean {
  return a.startsLocal < b.endsLocal && b.startsLocal < a.endsLocal;
}

/** Two promotions could meet on one sale: same kind of target (plan term / total), shared store. */
export function promotionsShareTarget(a: Promotion, b: Promotion): boolean {
  const stores = a.storeCodes === null || b.storeCodes === null || a.storeCodes.some((s) => b.storeCodes!.includes(s));
  if (!stores) return false;
  if (a.kind === 'spendSave' || b.kind === 'spendSave') return a.kind === 'spendSave' && b.kind === 'spendSave';
  return a.planCode === b.planCode && (a.termMonths === null || b.termMonths === null || a.termMonths === b.termMonths);
}

/** Total discount per promotion over sales' lines (Z report), in first-seen order. */
export function discountTotals(lines: readonly { promotionId: string; nameZh: string; nameEn: string; discountFen: Fen }[]): { promotionId: string; nameZh: string; nameEn: string; count: number; discountFen: Fen }[] {
  const out = new Map<string, { promotionId: string; nameZh: string; nameEn: string; count: number; discountFen: Fen }>();
  for (const l of lines) {
    const cur = out.get(l.promotionId);
    if (cur) {
      cur.count += 1;
      cur.discountFen += l.discountFen;
    } else out.set(l.promotionId, { promotionId: l.promotionId, nameZh: l.nameZh, nameEn: l.nameEn, count: 1, discountFen: l.discountFen });
  }
  return [...out.values()];
}
