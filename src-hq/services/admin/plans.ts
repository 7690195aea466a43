/** HQ back-office (/admin): Plans: create, change, list. Every change is logged for terminals in the same transaction. */
import type { PlanData } from '../../../src-shared/hq-protocol/schemas';
import type { CreatePlanInput, UpdatePlanInput } from '../../admin-schemas';
import { HqError } from '../../errors';
import { recordPlanChange } from '../change-feed';
import type { HqContext } from '../context';
import { planData } from '../records';

export async function createPlan(ctx: HqContext, input: CreatePlanInput): Promise<PlanData> {
  return await ctx.repos.db.tx(async () => {
    if (await ctx.repos.plans.findByCode(input.code)) throw new HqError('CONFLICT', `Plan ${input.code} already exists.`);
    await ctx.repos.plans.insert({
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      data_quota_mb: input.dataQuotaMb,
      device_kind: input.deviceKind,
      terms_json: JSON.stringify(input.terms),
      active: input.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordPlanChange(ctx, input.code);
    return planData((await ctx.repos.plans.findByCode(input.code))!);
  });
}

export async function updatePlan(ctx: HqContext, code: string, patch: UpdatePlanInput): Promise<PlanData> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.plans.findByCode(code);
    if (!row) throw new HqError('NOT_FOUND', `No plan ${code}.`);
    const cur = planData(row);
    const next = { ...cur, ...patch };
    await ctx.repos.plans.update({
      code,
      name_zh: next.nameZh,
      name_en: next.nameEn,
      data_quota_mb: next.dataQuotaMb,
      device_kind: next.deviceKind,
      terms_json: JSON.stringify(next.terms),
      active: next.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordPlanChange(ctx, code);
    return planData((await ctx.repos.plans.findByCode(code))!);
  });
}

export async function listPlans(ctx: HqContext): Promise<PlanData[]> {
  return (await ctx.repos.plans.listAll()).map(planData);
}
