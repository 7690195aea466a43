/**
 * The advice on the plan and the renewal history on the account card (issue 15 items 4, 5): the data the
 * device used in each of the last 3 months and its past renewals come from HQ (`GET /v1/devices/:id/service`)
 * and are cached in the account cache (`cache_meta`, key `service:<deviceId>`), so an HQ outage shows the
 * last answer; this terminal's sales HQ has not confirmed yet are added as pending. Price per GB and the
 * recommendation are the pure rules of src-shared/domain/plan-advice.ts.
 */
import { AppError } from '../../src-shared/contract/errors';
import type { AdviceView, RenewalHistoryRow } from '../../src-shared/contract/cardinfo';
import { expiresSoon, pricePerGbFen, recommendPlan, type AdvicePlan } from '../../src-shared/domain/plan-advice';
import { daysLeft, DEFAULT_TIME_ZONE } from '../../src-shared/domain/time';
import { DeviceServiceInfo } from '../../src-shared/hq-protocol/schemas';
import type { AppContext } from '../app-context';
import type { SaleRepo } from '../db/repos/sale-repo';

export const DEFAULT_EXPIRY_PROMPT_DAYS = 7;
const HQ_TIMEOUT_MS = 4_000;

export function createAdviceService(ctx: AppContext, sales: Pick<SaleRepo, 'salesOfDevice'>) {
  const readCache = ctx.db.prepare<[string], { value: string }>('SELECT value FROM cache.cache_meta WHERE key = ?');
  const writeCache = ctx.db.prepare<[string, string]>('INSERT INTO cache.cache_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  async function serviceInfo(deviceId: string): Promise<{ info: DeviceServiceInfo | null; source: AdviceView['source']; fetchedAt: string | null }> {
    const key = `service:${deviceId}`;
    try {
      const info = await Promise.race([
        ctx.hq.deviceService(deviceId),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('HQ did not answer in time')), HQ_TIMEOUT_MS).unref()),
      ]);
      const fetchedAt = ctx.now().toISOString();
      writeCache.run(key, JSON.stringify({ info, fetchedAt }));
      return { info, source: 'hq', fetchedAt };
    } catch (err) {
      ctx.logger.info({ deviceId, err: (err as Error).message }, 'device service info from HQ failed; using the cached answer');
      const row = readCache.get(key);
      if (!row) return { info: null, source: 'none', fetchedAt: null };
      const cached = JSON.parse(row.value) as { info: unknown; fetchedAt: string };
      const parsed = DeviceServiceInfo.safeParse(cached.info);
      return parsed.success ? { info: parsed.data, source: 'cache', fetchedAt: cached.fetchedAt } : { info: null, source: 'none', fetchedAt: null };
    }
  }

  return {
    async get(accountId: string, deviceId: string): Promise<AdviceView> {
      const row = ctx.repos.accounts.findAccountDevice(accountId, deviceId);
      if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:accountGone' });
      const { info, source, fetchedAt } = await serviceInfo(deviceId);
      const unlimited = new Set(info?.unlimitedPlanCodes ?? []);
      const catalog = ctx.repos.catalog.listPlans();
      const offered = catalog.filter((p) => p.active && p.deviceKind === row.kind);
      const plans = offered.map((p) => ({
        code: p.code,
        nameZh: p.nameZh,
        nameEn: p.nameEn,
        dataQuotaMb: p.dataQuotaMb,
        unlimited: unlimited.has(p.code),
        current: p.code === row.plan_code,
        terms: p.terms.map((t) => ({ months: t.months, priceFen: t.priceFen, pricePerGbFen: pricePerGbFen(t.priceFen, t.months, p.dataQuotaMb) })),
      }));
      const usage = info?.usage ?? [];
      const advicePlans: AdvicePlan[] = plans.map((p) => ({ code: p.code, dataQuotaMb: p.dataQuotaMb, unlimited: p.unlimited, terms: p.terms }));
      const recommendation = recommendPlan({ plans: advicePlans, usage, currentPlanCode: row.plan_code });
      const store = ctx.store();
      const tz = store?.timeZone ?? DEFAULT_TIME_ZONE;
      const promptDays = store?.settings.expiryPromptDays ?? DEFAULT_EXPIRY_PROMPT_DAYS;
      const now = ctx.now();
      const expiry = new Date(row.expires_at);
      const status = row.status === 'active' && expiry.getTime() <= now.getTime() ? 'expired' : row.status;
      const planNames = new Map(catalog.map((p) => [p.code, p]));
      const fromHq: RenewalHistoryRow[] = (info?.renewals ?? []).map((r) => ({
        saleId: r.saleId,
        receiptNo: r.receiptNo,
        soldAt: r.soldAt,
        planCode: r.planCode,
        planNameZh: planNames.get(r.planCode)?.nameZh ?? r.planCode,
        planNameEn: planNames.get(r.planCode)?.nameEn ?? r.planCode,
        termMonths: r.termMonths,
        storeName: r.storeName,
        priceFen: r.priceFen,
        status: r.status,
      }));
      const known = new Set(fromHq.map((r) => r.saleId));
      const pendingHere: RenewalHistoryRow[] = sales
        .salesOfDevice(deviceId)
        .filter((s) => !known.has(s.sale_id) && s.hq_status !== 'rejected')
        .map((s) => ({
          saleId: s.sale_id,
          receiptNo: s.receipt_no,
          soldAt: s.created_at,
          planCode: s.plan_code,
          planNameZh: s.plan_name_zh,
          planNameEn: s.plan_name_en,
          termMonths: s.term_months,
          storeName: store?.name ?? '',
          priceFen: s.price_fen,
          status: s.voided_at ? 'voided' : 'pending',
        }));
      const history = [...pendingHere, ...fromHq].sort((a, b) => (a.soldAt < b.soldAt ? 1 : a.soldAt > b.soldAt ? -1 : 0));
      return {
        usage,
        source,
        fetchedAt,
        plans,
        recommendation,
        promptDays,
        expiresSoon: expiresSoon(daysLeft(expiry, now, tz), promptDays, status),
        history,
      };
    },
  };
}
export type AdviceService = ReturnType<typeof createAdviceService>;
