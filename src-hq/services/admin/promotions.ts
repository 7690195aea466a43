/**
 * HQ back-office (/admin): promotions — create, change, list (docs/payments.md#promotions). Every change
 * bumps the promotion-set version and is logged for terminals in the same transaction. Refused with the
 * field named: a window that ends before it starts, an unknown store or plan, a term the plan does not
 * offer, a discount that leaves nothing to pay (or a "fixed price" not below the list price), a 满减 that
 * saves as much as it asks to be spent, and a non-stackable promotion whose window overlaps another
 * non-stackable one on the same target (plan term, or the total) in a shared store.
 */
import { PromotionData, type PlanTerm } from '../../../src-shared/hq-protocol/schemas';
import { percentOffPrice, promotionsShareTarget, windowsOverlap } from '../../../src-shared/domain/promotions';
import type { CreatePromotionInput, UpdatePromotionInput } from '../../admin-schemas';
import type { PromotionRow } from '../../db';
import { HqError } from '../../errors';
import type { HqContext } from '../context';

export const PROMOTION_SET_VERSION_KEY = 'promotion_set_version';

export interface PromotionView {
  setVersion: number;
  promotion: PromotionData;
  createdAt: string;
  updatedAt: string;
}

function refuse(field: string, message: string): never {
  throw new HqError('INVALID_INPUT', `${field}: ${message}`, { field });
}

export function promotionOf(row: PromotionRow): PromotionData {
  return PromotionData.parse(JSON.parse(row.data_json));
}

function view(row: PromotionRow): PromotionView {
  return { setVersion: row.set_version, promotion: promotionOf(row), createdAt: row.created_at, updatedAt: row.updated_at };
}

async function check(ctx: HqContext, p: PromotionData): Promise<void> {
  if (p.endsLocal <= p.startsLocal) refuse('endsLocal', `must be after startsLocal (${p.startsLocal})`);
  if (p.storeCodes) {
    for (const code of p.storeCodes) if (!(await ctx.repos.stores.findStoreByCode(code))) refuse('storeCodes', `no store ${code}`);
  }
  if (p.kind === 'spendSave') {
    if (p.saveFen >= p.thresholdFen) refuse('saveFen', `must be less than thresholdFen (${p.thresholdFen}): the price would fall to zero or below`);
  } else {
    const plan = await ctx.repos.plans.findByCode(p.planCode);
    if (!plan) refuse('planCode', `no plan ${p.planCode}`);
    const terms = (JSON.parse(plan.terms_json) as PlanTerm[]).filter((t) => p.termMonths === null || t.months === p.termMonths);
    if (terms.length === 0) refuse('termMonths', `plan ${p.planCode} has no ${p.termMonths}-month term`);
    for (const t of terms) {
      if (p.kind === 'fixedPrice' && p.priceFen >= t.priceFen) refuse('priceFen', `must be below the ${t.months}-month list price (${t.priceFen})`);
      if (p.kind === 'percentOff' && percentOffPrice(t.priceFen, p.percentOff) < 1) refuse('percentOff', `leaves nothing to pay on the ${t.months}-month term (${t.priceFen})`);
    }
  }
  if (!p.stackable) {
    for (const row of await ctx.repos.promotions.listAll()) {
      if (row.promotion_id === p.promotionId) continue;
      const other = promotionOf(row);
      if (!other.stackable && promotionsShareTarget(p, other) && windowsOverlap(p, other)) {
        refuse('startsLocal', `the window overlaps non-stackable promotion ${other.promotionId} (${other.startsLocal} – ${other.endsLocal}) on the same target`);
      }
    }
  }
}

async function save(ctx: HqContext, p: PromotionData, existing: PromotionRow | undefined): Promise<PromotionView> {
  await check(ctx, p);
  const setVersion = await ctx.repos.meta.nextCounter(PROMOTION_SET_VERSION_KEY);
  const at = ctx.now().toISOString();
  if (existing) await ctx.repos.promotions.update({ promotion_id: p.promotionId, data_json: JSON.stringify(p), set_version: setVersion, updated_at: at });
  else await ctx.repos.promotions.insert({ promotion_id: p.promotionId, kind: p.kind, data_json: JSON.stringify(p), set_version: setVersion, created_at: at, updated_at: at });
  await ctx.repos.changes.append({
    kind: 'promotion',
    op: 'upsert',
    entity_id: p.promotionId,
    store_id: null,
    terminal_id: null,
    data_json: JSON.stringify({ setVersion, promotion: p }),
    created_at: at,
  });
  return view((await ctx.repos.promotions.findById(p.promotionId))!);
}

export async function createPromotion(ctx: HqContext, input: CreatePromotionInput): Promise<PromotionView> {
  return await ctx.repos.db.tx(async () => {
    if (await ctx.repos.promotions.findById(input.promotionId)) throw new HqError('CONFLICT', `Promotion ${input.promotionId} already exists.`, { field: 'promotionId' });
    return await save(ctx, PromotionData.parse(input), undefined);
  });
}

/** Change a promotion; ending one early is a PATCH of endsLocal. */
export async function updatePromotion(ctx: HqContext, promotionId: string, patch: UpdatePromotionInput): Promise<PromotionView> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.promotions.findById(promotionId);
    if (!row) throw new HqError('NOT_FOUND', `No promotion ${promotionId}.`);
    const cur = promotionOf(row);
    for (const key of Object.keys(patch)) if (!(key in cur)) refuse(key, `a ${cur.kind} promotion has no ${key}`);
    return await save(ctx, PromotionData.parse({ ...cur, ...patch }), row);
  });
}

export async function listPromotions(ctx: HqContext): Promise<{ setVersion: number; promotions: PromotionView[] }> {
  return { setVersion: await ctx.repos.meta.readInt(PROMOTION_SET_VERSION_KEY), promotions: (await ctx.repos.promotions.listAll()).map(view) };
}

/** Every promotion HQ holds and the set version (config snapshot, sale re-check). */
export async function promotionSet(ctx: HqContext): Promise<{ version: number; promotions: PromotionData[] }> {
  return { version: await ctx.repos.meta.readInt(PROMOTION_SET_VERSION_KEY), promotions: (await ctx.repos.promotions.listAll()).map(promotionOf) };
}
