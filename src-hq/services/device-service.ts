/**
 * What the counter shows about a device besides its subscription (issue 15 items 4, 5): the data it used in
 * each of the last months and its past renewals (any store), for `GET /v1/devices/:deviceId/service`; and the
 * HQ setting naming the unlimited plans (their `dataQuotaMb` is the fair-use amount).
 */
import { localParts } from '../../src-shared/domain/time';
import type { DeviceServiceInfo } from '../../src-shared/hq-protocol/schemas';
import { HqError } from '../errors';
import type { HqContext } from './context';

const UNLIMITED_KEY = 'unlimited_plan_codes';
export const SERVICE_MONTHS = 3;
export const SERVICE_RENEWALS = 20;

/** The `count` store-local months before the one `now` is in, oldest first (YYYY-MM). */
export function lastMonths(now: Date, timeZone: string, count: number): string[] {
  const p = localParts(now, timeZone);
  const out: string[] = [];
  for (let i = count; i >= 1; i--) {
    const m = p.year * 12 + (p.month - 1) - i;
    out.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

export async function unlimitedPlanCodes(ctx: HqContext): Promise<string[]> {
  const v = await ctx.repos.meta.read(UNLIMITED_KEY);
  return v ? (JSON.parse(v) as string[]) : [];
}

export async function setUnlimitedPlanCodes(ctx: HqContext, codes: string[]): Promise<string[]> {
  for (const code of codes) if (!(await ctx.repos.plans.findByCode(code))) throw new HqError('NOT_FOUND', `No plan ${code}.`);
  const sorted = [...new Set(codes)].sort();
  await ctx.repos.meta.write(UNLIMITED_KEY, JSON.stringify(sorted));
  return sorted;
}

export async function deviceServiceInfo(ctx: HqContext, deviceId: string): Promise<DeviceServiceInfo> {
  const device = await ctx.repos.accounts.findDeviceById(deviceId);
  if (!device) throw new HqError('NOT_FOUND', `No device ${deviceId}.`);
  const usage = await ctx.repos.service.usageMonths(deviceId, SERVICE_MONTHS);
  const renewals = await ctx.repos.service.renewalsOfDevice(deviceId, SERVICE_RENEWALS);
  return {
    deviceId,
    usage: usage.map((u) => ({ month: u.month, usedMb: u.used_mb })),
    renewals: renewals.map((r) => ({
      saleId: r.sale_id,
      receiptNo: r.receipt_no,
      soldAt: r.sold_at,
      planCode: r.plan_code,
      termMonths: r.term_months,
      priceFen: r.price_fen,
      storeCode: r.store_code,
      storeName: r.store_name,
      status: r.status,
    })),
    unlimitedPlanCodes: await unlimitedPlanCodes(ctx),
    asOf: ctx.now().toISOString(),
  };
}
