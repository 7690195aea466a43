/**
 * How HQ applies each event type. Called inside processEvent's transaction: the sale row, the
 * subscription update and the account change-log entry commit together with the stored result.
 */
import type { EventResult, OutboxEvent, RejectionCode } from '../../src-shared/hq-protocol/schemas';
import { computeNewExpiry } from '../../src-shared/domain/renewal';
import { DEFAULT_TIME_ZONE } from '../../src-shared/domain/time';
import type { PromotionData, SalePayment } from '../../src-shared/hq-protocol/schemas';
import { checkVoidRefunds } from '../../src-shared/domain/refund-plan';
import type { PlanRow, StoreKeyRow, StoreRow, TerminalRow } from '../db';
import { promotionOf } from './admin/promotions';
import type { HqContext } from './context';
import { currentKey, recordAccountChange } from './change-feed';
import { REJECTION_MESSAGES } from './rejections';

type VoidEvent = Extract<OutboxEvent, { type: 'sale.void' }>;
type DayCloseEvent = Extract<OutboxEvent, { type: 'day.close' }>;

function reject(eventId: string, code: RejectionCode, processedAt: string): EventResult {
  const m = REJECTION_MESSAGES[code];
  return { eventId, status: 'rejected', duplicate: false, processedAt, code, messageZh: m.zh, messageEn: m.en };
}

/**
 * What every event of one push reads the same way, read once per push (fewer round trips): the
 * store's time zone, the plan catalog and the current national-ID key.
 */
export class PushScope {
  private zone: string | undefined;
  private storeRow: Promise<StoreRow | undefined> | undefined;
  private promos: Promise<PromotionData[]> | undefined;
  private plans: Map<string, PlanRow> | undefined;
  private key: StoreKeyRow | undefined;
  constructor(
    private readonly ctx: HqContext,
    readonly terminal: TerminalRow,
  ) {}

  async storeZone(): Promise<string> {
    this.zone ??= (await this.store())?.time_zone ?? DEFAULT_TIME_ZONE;
    return this.zone;
  }

  store(): Promise<StoreRow | undefined> {
    this.storeRow ??= this.ctx.repos.stores.findStoreById(this.terminal.store_id);
    return this.storeRow;
  }

  /** Every promotion HQ holds (the re-check of a sale's claimed promotions). */
  promotions(): Promise<PromotionData[]> {
    this.promos ??= this.ctx.repos.promotions.listAll().then((rows) => rows.map(promotionOf));
    return this.promos;
  }

  async plan(code: string): Promise<PlanRow | undefined> {
    this.plans ??= new Map((await this.ctx.repos.plans.listAll()).map((p) => [p.code, p]));
    return this.plans.get(code);
  }

  async currentKey(): Promise<StoreKeyRow> {
    this.key ??= await currentKey(this.ctx);
    return this.key;
  }
}

/**
 * Reverses a confirmed renewal: restores the previous expiry (and plan) when nothing changed the
 * subscription since; when later renewals were applied, replays them from the voided sale's
 * previous expiry. An expiry an HQ operator set by hand after the sale is left as it is.
 */
export async function applyVoid(ctx: HqContext, scope: PushScope, event: VoidEvent): Promise<EventResult> {
  const { accounts, clerks, sales } = ctx.repos;
  const terminal = scope.terminal;
  const p = event.payload;
  const processedAt = ctx.now().toISOString();

  const sale = await sales.findById(p.saleId);
  if (!sale) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const saleTerminal = await ctx.repos.terminals.findById(sale.terminal_id);
  if (!saleTerminal || saleTerminal.store_id !== terminal.store_id) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const supervisor = await clerks.findById(p.supervisorClerkId);
  if (!supervisor || supervisor.role !== 'supervisor' || supervisor.active !== 1 || supervisor.store_id !== terminal.store_id) {
    return reject(event.eventId, 'SUPERVISOR_REQUIRED', processedAt);
  }

  // the refunds must give back, per payment method, what the sale took: never more, never less
  if (p.refunds) {
    const check = checkVoidRefunds({ payments: JSON.parse(sale.payments_json) as SalePayment[], changeFen: sale.change_fen }, p.refunds);
    if (!check.ok) return reject(event.eventId, 'REFUND_MISMATCH', processedAt);
  }

  const voidInfo = {
    void_event_id: event.eventId,
    void_reason: p.reason,
    void_supervisor_clerk_id: p.supervisorClerkId,
    voided_at: p.voidedAt,
    void_refunds_json: p.refunds ? JSON.stringify(p.refunds) : null,
  };
  const confirmed = (newExpiry?: string): EventResult => ({
    eventId: event.eventId,
    status: 'confirmed',
    duplicate: false,
    processedAt,
    ...(newExpiry ? { newExpiry } : {}),
  });

  if (sale.status === 'voided' || !sale.device_id) {
    // Already reversed, or a rejected sale that never changed the account.
    if (sale.status !== 'voided') await sales.markVoided(sale.sale_id, voidInfo);
    const d = sale.device_id ? await accounts.findDeviceById(sale.device_id) : undefined;
    return confirmed(d?.expires_at);
  }

  const device = await accounts.findDeviceByIdForUpdate(sale.device_id);
  if (!device) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const later = await sales.listConfirmedForDeviceAfter(device.device_id, sale.sale_id);
  await sales.markVoided(sale.sale_id, voidInfo);

  if (later.length === 0 && device.expires_at === sale.hq_new_expiry) {
    await accounts.updateSubscription(device.device_id, {
      plan_code: sale.hq_previous_plan_code ?? device.plan_code,
      expires_at: sale.hq_previous_expiry ?? device.expires_at,
      data_quota_mb: sale.hq_previous_quota_mb ?? device.data_quota_mb,
      status: device.status === 'active' ? ((sale.hq_previous_status as typeof device.status | null) ?? 'active') : device.status,
      status_reason: device.status_reason,
      status_reason_code: device.status_reason_code,
    });
  } else if (later.length > 0) {
    const zone = await scope.storeZone();
    let expiry = sale.hq_previous_expiry ?? device.expires_at;
    for (const r of later) {
      const next = computeNewExpiry({
        now: new Date(r.effective_at),
        currentExpiry: new Date(expiry),
        termMonths: r.term_months,
        timeZone: zone,
      }).toISOString();
      await sales.updateHqExpiries(r.sale_id, expiry, next);
      expiry = next;
    }
    await accounts.updateSubscription(device.device_id, {
      plan_code: device.plan_code,
      expires_at: expiry,
      data_quota_mb: device.data_quota_mb,
      status: device.status,
      status_reason: device.status_reason,
      status_reason_code: device.status_reason_code,
    });
  }
  await recordAccountChange(ctx, device.account_id, await scope.currentKey());
  return confirmed((await accounts.findDeviceById(device.device_id))?.expires_at);
}

export async function applyDayClose(ctx: HqContext, scope: PushScope, event: DayCloseEvent): Promise<EventResult> {
  const p = event.payload;
  const processedAt = ctx.now().toISOString();
  await ctx.repos.sales.upsertDayClose({
    terminal_id: scope.terminal.terminal_id,
    business_date: p.businessDate,
    event_id: event.eventId,
    z_report_json: JSON.stringify(p.zReport),
    closed_at: p.closedAt,
    pending_override: p.pendingOverride ? 1 : 0,
    received_at: processedAt,
  });
  return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt };
}
