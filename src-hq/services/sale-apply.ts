/**
 * How HQ applies each event type. Called inside processEvent's transaction: the sale row, the
 * subscription update and the account change-log entry commit together with the stored result.
 */
import type { EventResult, OutboxEvent, PlanTerm, RejectionCode } from '../../src-shared/hq-protocol/schemas';
import { computeNewExpiry } from '../../src-shared/domain/renewal';
import { parseReceiptNumber } from '../../src-shared/domain/receipt-number';
import { DEFAULT_TIME_ZONE } from '../../src-shared/domain/time';
import type { SaleRow, TerminalRow } from '../db';
import type { HqContext } from './context';
import { recordAccountChange } from './change-feed';
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

function storeZone(ctx: HqContext, terminal: TerminalRow): string {
  return ctx.repos.stores.findStoreById(terminal.store_id)?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** Which rule, if any, refuses this renewal. */
function renewalRefusal(ctx: HqContext, event: RenewalEvent): RejectionCode | null {
  const p = event.payload;
  const { accounts, plans } = ctx.repos;
  const account = accounts.findAccountById(p.accountId);
  if (!account) return 'ACCOUNT_NOT_FOUND';
  if (account.status === 'suspended') return 'ACCOUNT_SUSPENDED';
  if (account.status === 'closed') return 'ACCOUNT_CLOSED';
  const device = accounts.findDeviceByNumber(p.deviceNumber);
  if (!device || device.account_id !== account.account_id) return 'DEVICE_NOT_ON_ACCOUNT';
  if (device.status === 'suspended') return 'SUBSCRIPTION_SUSPENDED';
  if (device.status === 'cancelled') return 'SUBSCRIPTION_CANCELLED';
  const plan = plans.findByCode(p.planCode);
  if (!plan) return 'PLAN_NOT_FOUND';
  if (plan.active !== 1) return 'PLAN_INACTIVE';
  if (plan.device_kind !== device.kind) return 'PLAN_DEVICE_MISMATCH';
  const term = (JSON.parse(plan.terms_json) as PlanTerm[]).find((t) => t.months === p.termMonths);
  if (!term) return 'TERM_NOT_OFFERED';
  if (term.priceFen !== p.priceFen) return 'PRICE_MISMATCH';
  const paid = p.payments.reduce((sum, x) => sum + x.amountFen, 0);
  if (paid - p.changeFen !== p.priceFen) return 'PAYMENT_MISMATCH';
  if (p.changeFen > 0 && !p.payments.some((x) => x.method === 'cash')) return 'PAYMENT_MISMATCH';
  return null;
}

export function applyRenewal(ctx: HqContext, terminal: TerminalRow, event: RenewalEvent): EventResult {
  const { accounts, plans, sales } = ctx.repos;
  const p = event.payload;
  const now = ctx.now();
  const processedAt = now.toISOString();

  const earlier = sales.findById(p.saleId);
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
  const receiptSeq = receiptSeqOf(p.receiptNo);
  if (sales.findByTerminalReceipt(terminal.terminal_id, p.receiptNo, receiptSeq)) {
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

  const refusal = renewalRefusal(ctx, event);
  if (refusal) {
    sales.insert({ ...base, reject_code: refusal });
    return reject(event.eventId, refusal, processedAt);
  }

  const device = accounts.findDeviceByNumber(p.deviceNumber)!;
  const plan = plans.findByCode(p.planCode)!;
  const newExpiry = computeNewExpiry({
    now: effective,
    currentExpiry: new Date(device.expires_at),
    termMonths: p.termMonths,
    timeZone: storeZone(ctx, terminal),
  }).toISOString();
  accounts.updateSubscription(device.device_id, {
    plan_code: plan.code,
    expires_at: newExpiry,
    data_quota_mb: plan.data_quota_mb,
    status: 'active',
    status_reason: null,
  });
  sales.insert({
    ...base,
    device_id: device.device_id,
    hq_previous_expiry: device.expires_at,
    hq_previous_plan_code: device.plan_code,
    hq_previous_quota_mb: device.data_quota_mb,
    hq_previous_status: device.status,
    hq_new_expiry: newExpiry,
    status: 'confirmed',
  });
  recordAccountChange(ctx, device.account_id);
  return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, newExpiry };
}

/**
 * Reverses a confirmed renewal: restores the previous expiry (and plan) when nothing changed the
 * subscription since; when later renewals were applied, replays them from the voided sale's
 * previous expiry. An expiry an HQ operator set by hand after the sale is left as it is.
 */
export function applyVoid(ctx: HqContext, terminal: TerminalRow, event: VoidEvent): EventResult {
  const { accounts, clerks, sales } = ctx.repos;
  const p = event.payload;
  const processedAt = ctx.now().toISOString();

  const sale = sales.findById(p.saleId);
  if (!sale) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const saleTerminal = ctx.repos.terminals.findById(sale.terminal_id);
  if (!saleTerminal || saleTerminal.store_id !== terminal.store_id) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const supervisor = clerks.findById(p.supervisorClerkId);
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
    if (sale.status !== 'voided') sales.markVoided(sale.sale_id, voidInfo);
    const d = sale.device_id ? accounts.findDeviceById(sale.device_id) : undefined;
    return confirmed(d?.expires_at);
  }

  const device = accounts.findDeviceById(sale.device_id);
  if (!device) return reject(event.eventId, 'SALE_NOT_FOUND', processedAt);
  const later = sales.listConfirmedForDeviceAfter(device.device_id, sale.sale_id);
  sales.markVoided(sale.sale_id, voidInfo);

  if (later.length === 0 && device.expires_at === sale.hq_new_expiry) {
    accounts.updateSubscription(device.device_id, {
      plan_code: sale.hq_previous_plan_code ?? device.plan_code,
      expires_at: sale.hq_previous_expiry ?? device.expires_at,
      data_quota_mb: sale.hq_previous_quota_mb ?? device.data_quota_mb,
      status: device.status === 'active' ? ((sale.hq_previous_status as typeof device.status | null) ?? 'active') : device.status,
      status_reason: device.status_reason,
    });
  } else if (later.length > 0) {
    const zone = storeZone(ctx, terminal);
    let expiry = sale.hq_previous_expiry ?? device.expires_at;
    for (const r of later) {
      const next = computeNewExpiry({
        now: new Date(r.effective_at),
        currentExpiry: new Date(expiry),
        termMonths: r.term_months,
        timeZone: zone,
      }).toISOString();
      sales.updateHqExpiries(r.sale_id, expiry, next);
      expiry = next;
    }
    accounts.updateSubscription(device.device_id, {
      plan_code: device.plan_code,
      expires_at: expiry,
      data_quota_mb: device.data_quota_mb,
      status: device.status,
      status_reason: device.status_reason,
    });
  }
  recordAccountChange(ctx, device.account_id);
  return confirmed(accounts.findDeviceById(device.device_id)?.expires_at);
}

export function applyDayClose(ctx: HqContext, terminal: TerminalRow, event: DayCloseEvent): EventResult {
  const p = event.payload;
  const processedAt = ctx.now().toISOString();
  ctx.repos.sales.upsertDayClose({
    terminal_id: terminal.terminal_id,
    business_date: p.businessDate,
    event_id: event.eventId,
    z_report_json: JSON.stringify(p.zReport),
    closed_at: p.closedAt,
    pending_override: p.pendingOverride ? 1 : 0,
    received_at: processedAt,
  });
  return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt };
}
