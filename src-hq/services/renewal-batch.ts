/**
 * A push's consecutive renewals applied together (issue 16 bench: fewer round trips). The sales,
 * accounts and devices they name are read with one query each (the devices locked, in device order,
 * on PostgreSQL), the rules run in memory in event order — a later renewal of the same device extends
 * the earlier one's new expiry — and the writes go out as one statement each: devices, sales, account
 * versions, event rows. About eight round trips for the whole run instead of about eight per renewal.
 * Each account changed in the run gets one version bump and one change-log entry with its final state.
 */
import type { EventResult, OutboxEvent, PlanTerm, RejectionCode, StoreSettings } from '../../src-shared/hq-protocol/schemas';
import { recheckPromotions, type PromotionCheck } from '../../src-shared/domain/promotions';
import { computeNewExpiry } from '../../src-shared/domain/renewal';
import { parseReceiptNumber } from '../../src-shared/domain/receipt-number';
import type { AccountRow, DeviceRow, EventRow, SaleRow } from '../db';
import type { HqContext } from './context';
import { accountRecord } from './records';
import { REJECTION_MESSAGES } from './rejections';
import type { PushScope } from './sale-apply';

export type RenewalEvent = Extract<OutboxEvent, { type: 'sale.renewal' }>;

export interface RenewalItem {
  event: RenewalEvent;
  /** The event row to store, without status and result (filled here). */
  row: Omit<EventRow, 'status' | 'result_json'>;
}

function reject(eventId: string, code: RejectionCode, processedAt: string): EventResult {
  const m = REJECTION_MESSAGES[code];
  return { eventId, status: 'rejected', duplicate: false, processedAt, code, messageZh: m.zh, messageEn: m.en };
}

function receiptSeqOf(receiptNo: string): number | null {
  const parsed = parseReceiptNumber(receiptNo);
  return parsed.ok ? parsed.value.seq : null;
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/**
 * HQ's re-check of the promotions a renewal claims (src-shared recheckPromotions): honoured when each ran
 * for this sale at its time by the terminal's clock, the sale reached HQ within the store's offline limit
 * of that time, and the amounts are what the promotions give; flagged otherwise. A flagged sale still
 * stands (the customer paid what the receipt says); HQ lists it at GET /admin/promotion-flags.
 */
async function recheck(scope: PushScope, p: RenewalEvent['payload'], listPriceFen: number, now: Date): Promise<Exclude<PromotionCheck, { status: 'none' }> | null> {
  const store = await scope.store();
  const settings = store ? (JSON.parse(store.settings_json) as StoreSettings) : null;
  const r = recheckPromotions({
    claimed: p.promotions ?? [],
    sale: { listPriceFen, planCode: p.planCode, termMonths: p.termMonths, storeCode: store?.code ?? '' },
    dueFen: p.priceFen,
    promotions: await scope.promotions(),
    saleAt: new Date(p.createdAt),
    receivedAt: now,
    offlineMaxHours: settings?.offlineMaxHours ?? 0,
    timeZone: await scope.storeZone(),
  });
  return r.status === 'none' ? null : r;
}

/** Applies the run; returns each event's result and the event rows it stored (in order). */
export async function applyRenewalRun(ctx: HqContext, scope: PushScope, items: readonly RenewalItem[]): Promise<{ results: EventResult[]; rows: EventRow[] }> {
  const { db } = ctx.repos;
  const terminalId = scope.terminal.terminal_id;
  const now = ctx.now();
  const processedAt = now.toISOString();
  const ps = items.map((i) => i.event.payload);

  // ---- reads: one query each
  const saleIds = uniq(ps.map((p) => p.saleId));
  const receiptNos = uniq(ps.map((p) => p.receiptNo));
  const receiptSeqs = uniq(ps.map((p) => receiptSeqOf(p.receiptNo)).filter((s): s is number => s !== null));
  const knownSales = await db.all<SaleRow>(
    `SELECT * FROM sales WHERE sale_id IN (${marks(saleIds.length)})
       OR (terminal_id = ? AND (receipt_no IN (${marks(receiptNos.length)})${receiptSeqs.length ? ` OR receipt_seq IN (${marks(receiptSeqs.length)})` : ''}))`,
    [...saleIds, terminalId, ...receiptNos, ...receiptSeqs],
  );
  const accountIds = uniq(ps.map((p) => p.accountId));
  const accounts = new Map(
    (await db.all<AccountRow>(`SELECT * FROM accounts WHERE account_id IN (${marks(accountIds.length)})`, accountIds)).map((a) => [a.account_id, a]),
  );
  const numbers = uniq(ps.map((p) => p.deviceNumber));
  // Locked until commit (PostgreSQL), in device order so two pushes never wait on each other in a circle.
  const devices = new Map(
    (await db.all<DeviceRow>(`SELECT * FROM devices WHERE number IN (${marks(numbers.length)}) ORDER BY device_id${db.forUpdate}`, numbers)).map((d) => [d.number, d]),
  );

  const salesById = new Map(knownSales.map((s) => [s.sale_id, s]));
  const receiptHeld = new Set(knownSales.filter((s) => s.terminal_id === terminalId).flatMap((s) => [`n:${s.receipt_no}`, ...(s.receipt_seq !== null ? [`s:${s.receipt_seq}`] : [])]));
  const newSales: SaleRow[] = [];
  const touchedDevices = new Map<string, DeviceRow>();
  const touchedAccounts = new Set<string>();
  const results: EventResult[] = [];
  const zone = await scope.storeZone();

  for (const { event } of items) {
    const p = event.payload;
    const earlier = salesById.get(p.saleId);
    if (earlier) {
      // The same sale sent again under a new eventId: never apply it twice.
      results.push(
        earlier.status === 'rejected'
          ? reject(event.eventId, earlier.reject_code as RejectionCode, processedAt)
          : { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, ...(earlier.hq_new_expiry ? { newExpiry: earlier.hq_new_expiry } : {}) },
      );
      continue;
    }
    const receiptSeq = receiptSeqOf(p.receiptNo);
    if (receiptHeld.has(`n:${p.receiptNo}`) || (receiptSeq !== null && receiptHeld.has(`s:${receiptSeq}`))) {
      results.push(reject(event.eventId, 'RECEIPT_NUMBER_USED', processedAt));
      continue;
    }
    const effective = new Date(Math.min(Date.parse(p.createdAt), now.getTime()));
    const base: SaleRow = {
      sale_id: p.saleId,
      event_id: event.eventId,
      terminal_id: terminalId,
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
      list_price_fen: p.promotions?.length ? (p.listPriceFen ?? p.priceFen) : null,
      promotions_json: p.promotions?.length ? JSON.stringify(p.promotions) : null,
      promotion_set_version: p.promotions?.length ? (p.promotionSetVersion ?? null) : null,
      promotion_check: null,
      promotion_flag: null,
    };
    const account = accounts.get(p.accountId);
    const device = devices.get(p.deviceNumber);
    const plan = await scope.plan(p.planCode);
    const term = plan ? (JSON.parse(plan.terms_json) as PlanTerm[]).find((t) => t.months === p.termMonths) : undefined;
    const paid = p.payments.reduce((sum, x) => sum + x.amountFen, 0);
    const claimed = p.promotions ?? [];
    const listPrice = p.listPriceFen ?? p.priceFen;
    const discounted = listPrice - claimed.reduce((sum, x) => sum + x.discountFen, 0);
    const code: RejectionCode | null = !account
      ? 'ACCOUNT_NOT_FOUND'
      : account.status === 'suspended'
        ? 'ACCOUNT_SUSPENDED'
        : account.status === 'closed'
          ? 'ACCOUNT_CLOSED'
          : !device || device.account_id !== account.account_id
            ? 'DEVICE_NOT_ON_ACCOUNT'
            : device.status === 'suspended'
              ? 'SUBSCRIPTION_SUSPENDED'
              : device.status === 'cancelled'
                ? 'SUBSCRIPTION_CANCELLED'
                : !plan
                  ? 'PLAN_NOT_FOUND'
                  : plan.active !== 1
                    ? 'PLAN_INACTIVE'
                    : plan.device_kind !== device.kind
                      ? 'PLAN_DEVICE_MISMATCH'
                      : !term
                        ? 'TERM_NOT_OFFERED'
                        : term.priceFen !== listPrice || discounted !== p.priceFen
                          ? 'PRICE_MISMATCH'
                          : paid - p.changeFen !== p.priceFen || (p.changeFen > 0 && !p.payments.some((x) => x.method === 'cash'))
                            ? 'PAYMENT_MISMATCH'
                            : null;
    let sale: SaleRow;
    if (code !== null || !device || !plan) {
      sale = { ...base, reject_code: code };
      results.push(reject(event.eventId, code ?? 'INVALID_EVENT', processedAt));
    } else {
      const newExpiry = computeNewExpiry({ now: effective, currentExpiry: new Date(device.expires_at), termMonths: p.termMonths, timeZone: zone }).toISOString();
      const promotionCheck = claimed.length ? await recheck(scope, p, listPrice, now) : null;
      sale = {
        ...base,
        ...(promotionCheck
          ? {
              promotion_check: promotionCheck.status === 'honoured' ? 'honoured' : 'flagged',
              promotion_flag: promotionCheck.status === 'flagged' ? `${promotionCheck.reason}${promotionCheck.promotionId ? `:${promotionCheck.promotionId}` : ''}` : null,
            }
          : {}),
        device_id: device.device_id,
        hq_previous_expiry: device.expires_at,
        hq_previous_plan_code: device.plan_code,
        hq_previous_quota_mb: device.data_quota_mb,
        hq_previous_status: device.status,
        hq_new_expiry: newExpiry,
        status: 'confirmed',
      };
      const next: DeviceRow = { ...device, plan_code: plan.code, expires_at: newExpiry, data_quota_mb: plan.data_quota_mb, status: 'active', status_reason: null, status_reason_code: null };
      devices.set(p.deviceNumber, next);
      touchedDevices.set(next.device_id, next);
      touchedAccounts.add(device.account_id);
      results.push({ eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, newExpiry });
    }
    newSales.push(sale);
    salesById.set(sale.sale_id, sale);
    receiptHeld.add(`n:${sale.receipt_no}`);
    if (receiptSeq !== null) receiptHeld.add(`s:${receiptSeq}`);
  }

  // ---- writes: one statement each
  if (touchedDevices.size > 0) {
    const ds = [...touchedDevices.values()];
    await db.run(
      `UPDATE devices SET plan_code = v.column2, expires_at = v.column3, data_quota_mb = CAST(v.column4 AS INTEGER), status = v.column5, status_reason = v.column6, status_reason_code = v.column7
       FROM (VALUES ${ds.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}) AS v WHERE devices.device_id = v.column1`,
      ds.flatMap((d) => [d.device_id, d.plan_code, d.expires_at, String(d.data_quota_mb), d.status, d.status_reason, d.status_reason_code]),
    );
  }
  if (newSales.length > 0) {
    const cols = Object.keys(newSales[0]!) as (keyof SaleRow)[];
    await db.run(
      `INSERT INTO sales (${cols.join(', ')}) VALUES ${newSales.map(() => `(${marks(cols.length)})`).join(', ')}`,
      newSales.flatMap((s) => cols.map((c) => s[c])),
    );
  }
  if (touchedAccounts.size > 0) {
    const ids = [...touchedAccounts];
    const after = await db.all<AccountRow>(`UPDATE accounts SET version = version + 1, updated_at = ? WHERE account_id IN (${marks(ids.length)}) RETURNING *`, [processedAt, ...ids]);
    const all = await db.all<DeviceRow>(`SELECT * FROM devices WHERE account_id IN (${marks(ids.length)}) ORDER BY account_id, device_id`, ids);
    const key = await scope.currentKey();
    for (const a of after.sort((x, y) => (x.account_id < y.account_id ? -1 : 1))) {
      const record = accountRecord(a, all.filter((d) => d.account_id === a.account_id), key, now);
      await ctx.repos.changes.append({ kind: 'account', op: 'upsert', entity_id: a.account_id, store_id: null, terminal_id: null, data_json: JSON.stringify(record), created_at: processedAt });
    }
  }
  const rows: EventRow[] = items.map((it, i) => ({ ...it.row, status: results[i]!.status, result_json: JSON.stringify(results[i]) }));
  return { results, rows };
}
