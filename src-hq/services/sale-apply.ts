/**
 * How HQ applies each event type. Called inside processEvent's transaction: the sale row, the
 * subscription update and the account change-log entry commit together with the stored result.
 */
import type { EventResult, OutboxEvent, PlanTerm, RejectionCode } from '../../src-shared/hq-protocol/schemas';
import { computeNewExpiry } from '../../src-shared/domain/renewal';
import { parseReceiptNumber } from '../../src-shared/domain/receipt-number';
import { DEFAULT_TIME_ZONE } from '../../src-shared/domain/time';
import type { PlanRow, SaleRow, StoreKeyRow, TerminalRow } from '../db';
import type { HqContext } from './context';
import { currentKey, recordAccountChange } from './change-feed';
import { REJECTION_MESSAGES } from './rejections';

type RenewalEvent = Extract<OutboxEvent, { type: 'sale.renewal' }>;
type VoidEvent = Extract<OutboxEvent, { type: 'sale.void' }>;
type DayCloseEvent = Extract<OutboxEvent, { type: 'day.close' }>;

function reject(eventId: string, code: RejectionCode, processedAt: string): EventResult {
  const m = REJECTION_MESSAGES[code];
  return { eventId, status: 'rejected', duplicate: false, processedAt, code, messageZh: m.zh, messageEn: m.en };
}

/** The sequence part of a receipt number, or null when it does not parse (older test numbers). */
function receiptSeqOf(receiptNo: string): number | null {
  const parsed = parseReceiptNumber(receiptNo);
  return parsed.ok ? parsed.value.seq : null;
}

/**
 * What every event of one push reads the same way, read once per push (fewer round trips): the
 * store's time zone, the plan catalog and the current national-ID key.
 */
export class PushScope {
  private zone: string | undefined;
  private plans: Map<string, PlanRow> | undefined;
  private key: StoreKeyRow | undefined;
  constructor(
    private readonly ctx: HqContext,
    readonly terminal: TerminalRow,
  ) {}

  async storeZone(): Promise<string> {
    this.zone ??= (await this.ctx.repos.stores.findStoreById(this.terminal.store_id))?.time_zone ?? DEFAULT_TIME_ZONE;
    return this.zone;
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

/** Which rule, if any, refuses this renewal. */
async function renewalRefusal(ctx: HqContext, scope: PushScope, event: RenewalEvent) {
  const p = event.payload;
  const account = await ctx.repos.accounts.findAccountById(p.accountId);
  if (!account) return { code: 'ACCOUNT_NOT_FOUND' as const };
  if (account.status === 'suspended') return { code: 'ACCOUNT_SUSPENDED' as const };
  if (account.status === 'closed') return { code: 'ACCOUNT_CLOSED' as const };
  // Locked until commit (PostgreSQL): two HQ processes renewing one device apply one after the other.
  const device = await ctx.repos.accounts.findDeviceByNumberForUpdate(p.deviceNumber);
  if (!device || device.account_id !== account.account_id) return { code: 'DEVICE_NOT_ON_ACCOUNT' as const };
  if (device.status === 'suspended') return { code: 'SUBSCRIPTION_SUSPENDED' as const };
  if (device.status === 'cancelled') return { code: 'SUBSCRIPTION_CANCELLED' as const };
  const plan = await scope.plan(p.planCode);
  if (!plan) return { code: 'PLAN_NOT_FOUND' as const };
  if (plan.active !== 1) return { code: 'PLAN_INACTIVE' as const };
  if (plan.device_kind !== device.kind) return { code: 'PLAN_DEVICE_MISMATCH' as const };
  const term = (JSON.parse(plan.terms_json) as PlanTerm[]).find((t) => t.months === p.termMonths);
  if (!term) return { code: 'TERM_NOT_OFFERED' as const };
  if (term.priceFen !== p.priceFen) return { code: 'PRICE_MISMATCH' as const };
  const paid = p.payments.reduce((sum, x) => sum + x.amountFen, 0);
  if (paid - p.changeFen !== p.priceFen) return { code: 'PAYMENT_MISMATCH' as const };
  if (p.changeFen > 0 && !p.payments.some((x) => x.method === 'cash')) return { code: 'PAYMENT_MISMATCH' as const };
  return { code: null, device, plan };
}

export async function applyRenewal(ctx: HqContext, scope: PushScope, event: RenewalEvent): Promise<EventResult> {
  const { accounts, sales } = ctx.repos;
  const terminal = scope.terminal;
  const p = event.payload;
  const now = ctx.now();
  const processedAt = now.toISOString();

  const receiptSeq = receiptSeqOf(p.receiptNo);
  const found = await sales.findByIdOrReceipt(p.saleId, terminal.terminal_id, p.receiptNo, receiptSeq);
  const earlier = found.byId;
  if (earlier) {
    // The same sale sent again under a new eventId: never apply it twice.
    if (earlier.status === 'rejected') return reject(event.eventId, earlier.reject_code as RejectionCode, processedAt);
    return {
      eventId: event.eventId,
      status: 'confirmed',
      duplicate: false,
      processedAt,
      ...(earlier.hq_new_expiry ? { newExpiry: earlier.hq_new_expiry } : {}),
    };
  }

  // A replaced terminal ledger restarts its numbers: never store a second sale under a number HQ holds.
  if (found.byReceipt) {
    return reject(event.eventId, 'RECEIPT_NUMBER_USED', processedAt);
  }

  // The sale happened at payload.createdAt; a terminal clock ahead of HQ's is not trusted.
  const effective = new Date(Math.min(Date.parse(p.createdAt), now.getTime()));
  const base: SaleRow = {
    sale_id: p.saleId,
    event_id: event.eventId,
    terminal_id: terminal.terminal_id,
    receipt_no: p.receiptNo,
    receipt_seq: receiptSeq,
    business_date: p.businessDate,
    clerk_id: p.clerkId,
    account_id: p.accountId,
    device_id: null,
    device_number: p.deviceNumber,
    plan_code: p.planCode,
    term_months: p.termMonths,
    price_fen: p.priceFen,
    payments_json: JSON.stringify(p.payments),
    change_fen: p.changeFen,
    sold_at: p.createdAt,
    effective_at: effective.toISOString(),
    terminal_previous_expiry: p.previousExpiry,
    terminal_new_expiry: p.newExpiry,
    hq_previous_expiry: null,
    hq_previous_plan_code: null,
    hq_previous_quota_mb: null,
    hq_previous_status: null,
    hq_new_expiry: null,
    status: 'rejected',
    reject_code: null,
    void_event_id: null,
    void_reason: null,
    void_supervisor_clerk_id: null,
    voided_at: null,
    received_at: processedAt,
  };

  const checked = await renewalRefusal(ctx, scope, event);
  if (checked.code !== null) {
    await sales.insert({ ...base, reject_code: checked.code });
    return reject(event.eventId, checked.code, processedAt);
  }

  const { device, plan } = checked;
  const newExpiry = computeNewExpiry({
    now: effective,
    currentExpiry: new Date(device.expires_at),
    termMonths: p.termMonths,
    timeZone: await scope.storeZone(),
  }).toISOString();
  await accounts.updateSubscription(device.device_id, {
    plan_code: plan.code,
    expires_at: newExpiry,
    data_quota_mb: plan.data_quota_mb,
    status: 'active',
    status_reason: null,
  });
  await sales.insert({
    ...base,
    device_id: device.device_id,
    hq_previous_expiry: device.expires_at,
    hq_previous_plan_code: device.plan_code,
    hq_previous_quota_mb: device.data_quota_mb,
    hq_previous_status: device.status,
    hq_new_expiry: newExpiry,
    status: 'confirmed',
  });
  await recordAccountChange(ctx, device.account_id, await scope.currentKey());
  return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, newExpiry };
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

  const voidInfo = {
    void_event_id: event.eventId,
    void_reason: p.reason,
    void_supervisor_clerk_id: p.supervisorClerkId,
    voided_at: p.voidedAt,
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
