import type { ClerkSummary } from '../../src-shared/contract/auth';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/errors';
import type { PaymentLineInput, PlanOption, RenewalQuoteView, SaleView } from '../../src-shared/contract/sales';
import {
  businessDate as localBusinessDate,
  DEFAULT_TIME_ZONE,
  formatFen,
  formatReceiptNumber,
  maskDeviceNumber,
  offlineOverrideReason,
  quickTenderOptions,
  quoteRenewal,
  resolveBusinessDate,
  recognisePaymentCode,
  settlePayments,
  settleWithCode,
  type CodePaymentInput,
  type PaymentInput,
} from '../../src-shared/domain';
import type { PaymentIntentRepo, PaymentIntentRow } from '../db/repos/payment-intent-repo';
import type { CodePayments } from './pay/code-payments';
import type { RefundRepo, SaleRefundRow } from '../db/repos/refund-repo';
import { checkRefundReferences, planRefunds } from '../../src-shared/domain/refund-plan';
import type { RenewalPayload, VoidPayload } from '../../src-shared/hq-protocol/schemas';
import { receiptVerifyUrl, type SaleReceiptData, type VoidReceiptData } from '../../src-shared/receipt/sale-receipt';
import { receiptSignature } from '../../src-node/crypto/receipt-signature';
import type { AppContext } from '../app-context';
import type { AccountDeviceRow } from '../db/repos/account-repo';
import type { BusinessDayRepo } from '../db/repos/business-day-repo';
import type { ShiftRepo } from '../db/repos/shift-repo';
import type { NewSale, SalePaymentRow, SaleRepo, SaleRow } from '../db/repos/sale-repo';
import type { PrintPayload } from '../printing/print-payload';
import { pricePromotions } from '../../src-shared/domain/promotions';
import { createDiscountRepo } from '../db/repos/discount-repo';
import { createInvoiceRepo } from '../db/repos/invoice-repo';
import { saleMoneyHash } from './audit';

export interface RenewalDeps {
  ctx: AppContext;
  sales: SaleRepo;
  days: BusinessDayRepo;
  shifts: Pick<ShiftRepo, 'findOpenShift'>;
  /** Wake the background workers after a commit (print queue, outbox). */
  afterCommit?: () => void;
  /** Refuse a sale when no shift is open ('shift:noOpenShift'); the app turns it on. */
  requireOpenShift?: boolean;
  /** Payment intents (code payments): a sale with a code line commits only with a paid one. */
  intents?: PaymentIntentRepo;
  /** Refunds on void, per payment line. */
  refunds?: RefundRepo;
  /** Code payments through the gateway (set after construction: they commit sales through this service). */
  codePayments?: () => CodePayments;
}

/** What a paid intent needs to commit its sale later (after a restart, or when the customer confirmed late). */
interface StoredSaleRequest {
  input: ConfirmInput;
  clerk: { clerkId: string; name: string };
  overrideBy: string | null;
}

type ConfirmInput = {
  saleId: string;
  accountId: string;
  deviceId: string;
  planCode: string;
  termMonths: number;
  priceFen: number;
  payments: PaymentLineInput[];
  override?: { supervisorId: string; pin: string } | undefined;
};

/**
 * Plan renewal: quote, take payment, and commit the sale with everything that must happen with it —
 * payments, provisional subscription, outbox event, print job, audit entry, gapless receipt number —
 * in one SQLite transaction. Confirm is idempotent on the sale id made at quote time.
 */
export function createRenewalService(deps: RenewalDeps) {
  const { ctx, sales, days } = deps;
  const discounts = createDiscountRepo(ctx.db);
  const invoices = createInvoiceRepo(ctx.db);

  const timeZone = () => ctx.store()?.timeZone ?? DEFAULT_TIME_ZONE;

  function requireDevice(accountId: string, deviceId: string): AccountDeviceRow {
    const row = ctx.repos.accounts.findAccountDevice(accountId, deviceId);
    if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:accountGone' });
    return row;
  }

  function currentBusinessDate(now: Date): string {
    return resolveBusinessDate(localBusinessDate(now, timeZone()), days.lastClosedBusinessDate());
  }

  function quoteFor(row: AccountDeviceRow, planCode: string, termMonths: number, now: Date) {
    const plan = ctx.repos.catalog.findPlanByCode(planCode);
    if (!plan) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:planUnknown', field: 'planCode' });
    if (plan.deviceKind !== row.kind) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'sales:planWrongDevice', field: 'planCode' });
    const r = quoteRenewal({
      plan,
      termMonths,
      currentExpiry: new Date(row.expires_at),
      status: row.status,
      ...(row.status_reason ? { statusReason: row.status_reason } : {}),
      ...(row.status_reason_code ? { statusReasonCode: row.status_reason_code } : {}),
      now,
      timeZone: timeZone(),
    });
    if (!r.ok) throw new AppError(r.error);
    // promotions pulled with the catalog: the price due replaces the list price from here on
    const pricing = pricePromotions({
      sale: { listPriceFen: r.quote.priceFen, planCode: plan.code, termMonths, storeCode: ctx.store()?.code ?? '' },
      promotions: ctx.repos.catalog.listPromotions(),
      at: now,
      timeZone: timeZone(),
    });
    return {
      plan,
      quote: { ...r.quote, priceFen: pricing.dueFen },
      listPriceFen: pricing.listPriceFen,
      promotions: pricing.lines,
      promotionSetVersion: ctx.repos.catalog.promotionSetVersion(),
    };
  }

  /** Offline limits (store settings from HQ): beyond them a supervisor must approve. */
  function overrideReason(priceFen: number, now: Date): RenewalQuoteView['overrideReason'] {
    const settings = ctx.store()?.settings;
    if (!settings) return null;
    const { online, lastSuccessAt } = ctx.syncState.snapshot();
    return offlineOverrideReason({ priceFen, now, hqOnline: online, lastHqContactAt: lastSuccessAt, limits: settings });
  }

  function toView(row: SaleRow, payments: readonly SalePaymentRow[] = sales.paymentsOfSale(row.sale_id), refunds: readonly SaleRefundRow[] = deps.refunds?.refundsOfSale(row.sale_id) ?? []): SaleView {
    const status = row.voided_at ? 'voided' : row.hq_status;
    return {
      saleId: row.sale_id,
      receiptNo: row.receipt_no,
      businessDate: row.business_date,
      createdAt: row.created_at,
      clerkId: row.clerk_id,
      holderName: row.holder_name,
      idMasked: row.id_masked,
      deviceMasked: maskDeviceNumber(row.device_number),
      planCode: row.plan_code,
      planNameZh: row.plan_name_zh,
      planNameEn: row.plan_name_en,
      termMonths: row.term_months,
      ...withDiscounts(row),
      previousExpiry: row.previous_expiry,
      newExpiry: row.new_expiry,
      hqExpiry: row.hq_expiry,
      cashTenderedFen: row.cash_tendered_fen,
      changeFen: row.change_fen,
      status,
      hqReason: row.hq_reason_code ? { code: row.hq_reason_code, zh: row.hq_reason_zh ?? '', en: row.hq_reason_en ?? '' } : null,
      voidReason: row.void_reason,
      reprints: row.reprints,
      timeZone: timeZone(),
      payments: payments.map((p) => ({
        lineNo: p.line_no,
        method: p.method,
        viaGateway: p.reference !== null && gatewayTransactions(row.sale_id).has(p.reference),
        amountFen: p.amount_fen,
        tenderedFen: p.tendered_fen,
        changeFen: p.change_fen,
        reference: p.reference,
      })),
      refunds: refunds.map((r) => ({
        lineNo: r.line_no,
        method: r.method,
        route: r.route,
        amountFen: r.amount_fen,
        state: r.state,
        reference: r.reference,
        lastError: r.last_error,
      })),
      refundPending: refunds.some((r) => r.state === 'pending'),
    };
  }

  /** The sale's price, list price and promotion lines (list price = price paid + discounts). */
  function withDiscounts(row: SaleRow) {
    const lines = discounts.discountsOfSale(row.sale_id);
    return { priceFen: row.price_fen, listPriceFen: row.price_fen + lines.reduce((sum, l) => sum + l.discountFen, 0), promotions: lines };
  }

  /** Transaction numbers of the sale's paid code payments (their lines are refunded through the gateway). */
  function gatewayTransactions(saleId: string): Set<string> {
    return new Set((deps.intents?.intentsOfSale(saleId) ?? []).filter((i) => i.transaction_id && (i.state === 'paid' || i.state === 'refundPending' || i.state === 'refunded')).map((i) => i.transaction_id!));
  }

  /** The sale's verify URL on HQ, signed offline with this terminal's receipt key; null before HQ gave one. */
  function verifyUrl(saleId: string): string | null {
    const key = ctx.ledger.receiptKey();
    return key ? receiptVerifyUrl(key.verifyBaseUrl, saleId, receiptSignature(key.keyBase64, saleId)) : null;
  }

  function receiptData(row: SaleRow, clerkName: string, payments: readonly SalePaymentRow[] = sales.paymentsOfSale(row.sale_id)): SaleReceiptData {
    const store = ctx.store();
    const footer = ctx.local.receiptLanguage === 'en' ? store?.settings.receiptFooterEn : store?.settings.receiptFooterZh;
    return {
      store: { name: store?.name ?? '', address: store?.address ?? '', phone: store?.phone ?? '' },
      terminalCode: ctx.terminal()?.code ?? '',
      clerkName,
      receiptNo: row.receipt_no,
      saleId: row.sale_id,
      issuedAt: row.created_at,
      timeZone: timeZone(),
      customer: { holderName: row.holder_name, idMasked: row.id_masked, deviceMasked: maskDeviceNumber(row.device_number) },
      plan: { code: row.plan_code, nameZh: row.plan_name_zh, nameEn: row.plan_name_en },
      termMonths: row.term_months,
      previousExpiry: row.previous_expiry,
      newExpiry: row.new_expiry,
      priceFen: row.price_fen,
      ...receiptDiscounts(row),
      payments: payments.map((p) => ({ method: p.method, amountFen: p.amount_fen, reference: p.reference })),
      cashTenderedFen: row.cash_tendered_fen || null,
      changeFen: row.change_fen || null,
      status: row.hq_status === 'confirmed' ? 'confirmed' : 'pending',
      footer: footer ?? '',
      verifyUrl: verifyUrl(row.sale_id),
      invoice: invoiceOf(row.sale_id),
    };
  }

  /** The e-invoice requested for the sale (issue 15 item 7): the receipt names the e-mail it goes to. */
  function invoiceOf(saleId: string): { email: string } | null {
    const r = invoices.ofSale(saleId);
    return r ? { email: r.email } : null;
  }

  function receiptDiscounts(row: SaleRow, lines = discounts.discountsOfSale(row.sale_id)): Pick<SaleReceiptData, 'listPriceFen' | 'discounts'> {
    if (lines.length === 0) return {};
    return {
      listPriceFen: row.price_fen + lines.reduce((sum, l) => sum + l.discountFen, 0),
      discounts: lines.map((l) => ({ nameZh: l.nameZh, nameEn: l.nameEn, discountFen: l.discountFen })),
    };
  }

  function sameSale(row: SaleRow, input: ConfirmInput): boolean {
    return (
      row.account_id === input.accountId &&
      row.device_id === input.deviceId &&
      row.plan_code === input.planCode &&
      row.term_months === input.termMonths &&
      row.price_fen === input.priceFen
    );
  }

  const commitSale = ctx.db.transaction(
    (input: ConfirmInput, clerk: { clerkId: string; name: string }, overrideBy: string | null, now: Date): { row: SaleRow; payments?: SalePaymentRow[]; created: boolean } => {
      const existing = sales.findSaleById(input.saleId);
      if (existing) return { row: existing, created: false }; // a retried confirm inside the race window
      const row = requireDevice(input.accountId, input.deviceId);
      const { plan, quote, listPriceFen, promotions, promotionSetVersion } = quoteFor(row, input.planCode, input.termMonths, now);
      if (quote.priceFen !== input.priceFen) {
        throw new AppError({ code: 'CONFLICT', messageKey: 'sales:priceChanged', params: { price: formatFen(quote.priceFen) } });
      }
      const inputLines = input.payments as (PaymentInput | CodePaymentInput)[];
      let paidIntent: PaymentIntentRow | undefined;
      if (inputLines.some((l) => l.method === 'code')) {
        // the sale commits only with a paid intent for the code line's amount
        paidIntent = deps.intents?.intentsOfSale(input.saleId).find((i) => i.state === 'paid');
        const codeLine = inputLines.find((l): l is CodePaymentInput => l.method === 'code')!;
        if (!paidIntent || paidIntent.amount_fen !== codeLine.amountFen || !paidIntent.transaction_id) {
          throw new AppError({ code: 'PAYMENT_PENDING', messageKey: 'payments:notPaidYet' });
        }
      }
      const paidWith = paidIntent;
      const asSettled: PaymentInput[] = inputLines.map((l) =>
        l.method === 'code' && paidWith ? { method: paidWith.provider, amountFen: l.amountFen, reference: paidWith.transaction_id! } : (l as PaymentInput),
      );
      const settled = settlePayments(quote.priceFen, asSettled);
      if (!settled.ok) throw new AppError(settled.error);
      const store = ctx.store();
      const terminal = ctx.terminal();
      if (!store || !terminal) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'sales:notSetUp' });
      const openShift = deps.shifts.findOpenShift();
      if (deps.requireOpenShift && !openShift) throw new AppError({ code: 'NO_OPEN_SHIFT', messageKey: 'shift:noOpenShift' });
      const businessDate = currentBusinessDate(now);
      const at = now.toISOString();
      days.ensureBusinessDay(businessDate, at);
      const seq = sales.nextReceiptSeq();
      const receiptNo = formatReceiptNumber({ storeCode: store.code, terminalCode: terminal.code, businessDate, seq });
      const cash = settled.lines.find((l) => l.method === 'cash');
      const newSale: NewSale = {
        sale_id: input.saleId,
        receipt_seq: seq,
        receipt_no: receiptNo,
        business_date: businessDate,
        shift_id: openShift?.shift_id ?? null,
        clerk_id: clerk.clerkId,
        account_id: row.account_id,
        device_id: row.device_id,
        device_number: row.number,
        holder_name: row.holder_name,
        id_masked: row.id_masked,
        plan_code: plan.code,
        plan_name_zh: plan.nameZh,
        plan_name_en: plan.nameEn,
        term_months: quote.termMonths,
        price_fen: quote.priceFen,
        previous_plan_code: row.plan_code,
        previous_status: row.status,
        previous_expiry: row.expires_at,
        new_expiry: quote.newExpiry,
        cash_tendered_fen: cash?.tenderedFen ?? 0,
        change_fen: settled.changeFen,
        override_by: overrideBy,
        created_at: at,
      };
      const lines: SalePaymentRow[] = settled.lines.map((l, i) => ({
        sale_id: input.saleId,
        line_no: i + 1,
        method: l.method,
        amount_fen: l.amountFen,
        tendered_fen: l.tenderedFen,
        change_fen: l.changeFen,
        reference: l.reference ?? null,
      }));
      sales.insertSale(newSale, lines);
      discounts.insertDiscounts(input.saleId, promotions, promotionSetVersion);
      // the row as the table now holds it (the column defaults of a new sale): built here, not read back
      const saved: SaleRow = {
        ...newSale,
        hq_status: 'pending',
        hq_expiry: null,
        hq_reason_code: null,
        hq_reason_zh: null,
        hq_reason_en: null,
        voided_at: null,
        void_reason: null,
        void_supervisor_id: null,
        reprints: 0,
      };
      ctx.repos.accounts.updateDeviceSubscription({ deviceId: row.device_id, planCode: plan.code, expiresAt: quote.newExpiry, status: 'active' });
      const payload: RenewalPayload = {
        saleId: input.saleId,
        receiptNo,
        businessDate,
        clerkId: clerk.clerkId,
        accountId: row.account_id,
        deviceNumber: row.number,
        planCode: plan.code,
        termMonths: quote.termMonths,
        priceFen: quote.priceFen,
        previousExpiry: row.expires_at,
        newExpiry: quote.newExpiry,
        // HQ's rule: sum(payments) - changeFen = price, so a cash line carries what was tendered
        payments: settled.lines.map((l) => ({ method: l.method, amountFen: l.tenderedFen, ...(l.reference ? { reference: l.reference } : {}) })),
        changeFen: settled.changeFen,
        createdAt: at,
        // the promotions applied and the set they came from, for HQ's re-check
        ...(promotions.length
          ? { listPriceFen, promotions: promotions.map((l) => ({ promotionId: l.promotionId, discountFen: l.discountFen })), promotionSetVersion }
          : {}),
      };
      ctx.repos.outbox.enqueueEvent({ eventId: randomUUID(), type: 'sale.renewal', payload, createdAt: at });
      const print: PrintPayload = { type: 'sale', data: { ...receiptData(saved, clerk.name, lines), ...receiptDiscounts(saved, promotions) }, reprintCount: 0 };
      ctx.repos.printJobs.enqueuePrintJob({ kind: 'sale', refId: input.saleId, payload: print, openDrawer: settled.cashInFen > 0, createdAt: at });
      ctx.audit.record('sale.commit', clerk.clerkId, {
        saleId: input.saleId,
        receiptNo,
        priceFen: quote.priceFen,
        methods: settled.lines.map((l) => l.method),
        overrideBy,
        // The sale row's money fields and payments, so an edit of them breaks the chain (issue 10 item 8).
        saleHash: saleMoneyHash({ sale: saved, payments: lines }),
      });
      return { row: saved, payments: lines, created: true };
    },
  );

  function withoutAuthCode(input: ConfirmInput): ConfirmInput {
    return { ...input, payments: input.payments.map((l) => (l.method === 'code' ? { ...l, authCode: '' } : l)) };
  }

  /** Checks the sale as the commit will, then charges the code line (throws until it is paid). */
  async function payByCode(input: ConfirmInput, codeLine: CodePaymentInput, clerk: { clerkId: string; name: string }, overrideBy: string | null, now: Date): Promise<void> {
    const pay = deps.codePayments?.();
    if (!pay || !pay.configured()) throw new AppError({ code: 'PAYMENT_UNAVAILABLE', messageKey: 'payments:notConfigured' });
    // already paid (a confirm re-sent after a reload or an error after the charge): commit with that payment
    if (deps.intents?.intentsOfSale(input.saleId).some((i) => i.state === 'paid' && i.amount_fen === codeLine.amountFen)) return;
    const row = requireDevice(input.accountId, input.deviceId);
    const { plan, quote } = quoteFor(row, input.planCode, input.termMonths, now);
    if (quote.priceFen !== input.priceFen) throw new AppError({ code: 'CONFLICT', messageKey: 'sales:priceChanged', params: { price: formatFen(quote.priceFen) } });
    const check = settleWithCode(quote.priceFen, input.payments as (PaymentInput | CodePaymentInput)[]);
    if (!check.ok) throw new AppError(check.error);
    if (deps.requireOpenShift && !deps.shifts.findOpenShift()) throw new AppError({ code: 'NO_OPEN_SHIFT', messageKey: 'shift:noOpenShift' });
    const code = recognisePaymentCode(codeLine.authCode);
    if (!code.ok) throw new AppError(code.error);
    const saleRequest: StoredSaleRequest = { input: withoutAuthCode(input), clerk, overrideBy };
    await pay.pay({
      saleId: input.saleId,
      provider: code.provider,
      authCode: code.code,
      amountFen: codeLine.amountFen,
      description: `${plan.nameZh} ${quote.termMonths}`.slice(0, 64),
      saleRequest,
    });
  }

  async function refundThroughGateway(row: SaleRow): Promise<void> {
    const pay = deps.codePayments?.();
    for (const r of deps.refunds?.refundsOfSale(row.sale_id) ?? []) {
      if (r.route !== 'gateway' || r.state !== 'pending' || !r.out_trade_no) continue;
      const intent = deps.intents?.findIntent(r.out_trade_no);
      if (!intent || !pay) {
        deps.refunds?.markRefundFailed(row.sale_id, r.line_no, 'no payment gateway');
        continue;
      }
      const after = await pay.refund(intent).catch((err: unknown) => {
        ctx.logger.error({ err, outTradeNo: r.out_trade_no }, 'gateway refund failed');
        return intent;
      });
      if (after.state === 'refunded' && after.refund_id) deps.refunds?.markRefundDone(row.sale_id, r.line_no, after.refund_id, ctx.now().toISOString());
      else deps.refunds?.markRefundFailed(row.sale_id, r.line_no, after.last_error ?? 'refund not confirmed');
    }
  }

  return {
    toView,
    receiptData,

    plansFor(accountId: string, deviceId: string): PlanOption[] {
      const row = requireDevice(accountId, deviceId);
      return ctx.repos.catalog
        .listPlans()
        .filter((p) => p.active && p.deviceKind === row.kind)
        .map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, dataQuotaMb: p.dataQuotaMb, terms: p.terms }));
    },

    quote(input: { accountId: string; deviceId: string; planCode: string; termMonths: number }): RenewalQuoteView {
      const now = ctx.now();
      const row = requireDevice(input.accountId, input.deviceId);
      const { quote, listPriceFen, promotions, promotionSetVersion } = quoteFor(row, input.planCode, input.termMonths, now);
      return {
        saleId: randomUUID(),
        accountId: input.accountId,
        deviceId: input.deviceId,
        planCode: quote.planCode,
        termMonths: quote.termMonths,
        listPriceFen,
        promotions,
        priceFen: quote.priceFen,
        promotionSetVersion,
        previousExpiry: quote.previousExpiry,
        newExpiry: quote.newExpiry,
        base: quote.base,
        timeZone: timeZone(),
        quickTenders: quickTenderOptions(quote.priceFen),
        overrideReason: overrideReason(quote.priceFen, now),
      };
    },

    async confirm(clerk: ClerkSummary, input: ConfirmInput): Promise<{ sale: SaleView; repeated: boolean }> {
      ctx.ledger.assertCanSell();
      const existing = sales.findSaleById(input.saleId);
      if (existing) {
        if (!sameSale(existing, input)) throw new AppError({ code: 'CONFLICT', messageKey: 'sales:saleIdReused' });
        return { sale: toView(existing), repeated: true };
      }
      const now = ctx.now();
      let overrideBy: string | null = null;
      const reason = overrideReason(input.priceFen, now);
      if (reason) {
        if (!input.override) throw new AppError({ code: 'FORBIDDEN', messageKey: `sales:override.${reason}`, field: 'override' });
        overrideBy = (await ctx.auth.verifySupervisor(input.override.supervisorId, input.override.pin, `sale.${reason}`)).clerkId;
      }
      const codeLine = input.payments.find((l): l is CodePaymentInput => l.method === 'code');
      if (!codeLine) {
        deps.codePayments?.().assertNoOpenIntent(input.saleId);
      } else {
        await payByCode(input, codeLine, { clerkId: clerk.clerkId, name: clerk.name }, overrideBy, now);
      }
      const stored = withoutAuthCode(input);
      const { row, payments, created } = commitSale(stored, { clerkId: clerk.clerkId, name: clerk.name }, overrideBy, ctx.now());
      if (created) deps.afterCommit?.();
      return { sale: toView(row, payments), repeated: !created };
    },

    /** Commit the sale a paid intent pays for (the background pass after a restart, or a late confirmation). */
    commitPaidIntent(intent: PaymentIntentRow): SaleView {
      const req = JSON.parse(intent.sale_request) as StoredSaleRequest;
      const { row, payments, created } = commitSale(req.input, req.clerk, req.overrideBy, ctx.now());
      if (created) {
        ctx.logger.info({ saleId: row.sale_id, outTradeNo: intent.out_trade_no }, 'sale committed from its paid payment intent');
        deps.afterCommit?.();
      }
      return toView(row, payments);
    },

    list(q: { businessDate?: string | undefined; status?: SaleView['status'] | undefined; receiptNo?: string | undefined }) {
      const businessDate = q.businessDate ?? currentBusinessDate(ctx.now());
      const rows = sales.searchSales({ businessDate, status: q.status, receiptNo: q.receiptNo?.trim() || undefined, limit: 500 });
      return { businessDate, sales: rows.map((r) => toView(r)) };
    },

    get(saleId: string): SaleView {
      const row = sales.findSaleById(saleId);
      if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:saleNotFound' });
      return toView(row);
    },

    /** Try the void's pending gateway refunds again (idempotent at the gateway on the refund number). */
    async retryRefund(saleId: string): Promise<SaleView> {
      const row = sales.findSaleById(saleId);
      if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:saleNotFound' });
      await refundThroughGateway(row);
      return toView(sales.findSaleById(saleId)!);
    },

    async voidSale(clerk: ClerkSummary, input: { saleId: string; reason: string; supervisorId: string; pin: string; refundReferences?: { lineNo: number; reference: string }[] | undefined }): Promise<SaleView> {
      
      const row = sales.findSaleById(input.saleId);
      if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'sales:saleNotFound' });
      if (row.voided_at) throw new AppError({ code: 'CONFLICT', messageKey: 'sales:alreadyVoided' });
      const now = ctx.now();
      if (row.business_date !== currentBusinessDate(now) || days.findBusinessDay(row.business_date)?.closed_at) {
        throw new AppError({ code: 'CONFLICT', messageKey: 'sales:voidNotToday' });
      }
      if (sales.hasLaterSaleOnDevice(row.device_id, row.receipt_seq)) {
        throw new AppError({ code: 'CONFLICT', messageKey: 'sales:voidLaterSale' });
      }
      const paymentRows = sales.paymentsOfSale(row.sale_id);
      const plan = planRefunds(
        paymentRows.map((p) => ({ lineNo: p.line_no, method: p.method, amountFen: p.amount_fen, reference: p.reference })),
        gatewayTransactions(row.sale_id),
      );
      const refs = checkRefundReferences(plan, input.refundReferences ?? []);
      if (!refs.ok) throw new AppError(refs.error);
      const supervisor = await ctx.auth.verifySupervisor(input.supervisorId, input.pin, 'sale.void');
      const at = now.toISOString();
      const paidIntents = (deps.intents?.intentsOfSale(row.sale_id) ?? []).filter((i) => i.state === 'paid');
      ctx.db.transaction(() => {
        const eventRefunds: NonNullable<VoidPayload['refunds']> = [];
        for (const line of plan) {
          const intent = line.route === 'gateway' ? paidIntents.find((i) => i.transaction_id === line.originalReference) : undefined;
          const refundNo = intent ? `R${intent.out_trade_no.slice(1)}` : null;
          eventRefunds.push({
            lineNo: line.lineNo,
            method: line.method,
            route: line.route,
            amountFen: line.amountFen,
            reference: line.route === 'cardTerminal' ? (refs.references.get(line.lineNo) ?? null) : refundNo,
            state: line.route === 'gateway' ? 'pending' : 'done',
          });
          deps.refunds?.insertRefund({
            sale_id: row.sale_id,
            line_no: line.lineNo,
            method: line.method,
            route: line.route,
            amount_fen: line.amountFen,
            // drawer and card terminal are done now; the gateway refund is pending until the gateway confirms it
            state: line.route === 'gateway' ? 'pending' : 'done',
            reference: line.route === 'cardTerminal' ? (refs.references.get(line.lineNo) ?? null) : null,
            out_trade_no: intent?.out_trade_no ?? null,
            last_error: null,
            created_at: at,
            done_at: line.route === 'gateway' ? null : at,
          });
          if (intent && refundNo) deps.intents?.updateIntentRefund(intent.out_trade_no, 'refundPending', refundNo, at);
        }
        if (!sales.markSaleVoided(row.sale_id, at, input.reason, supervisor.clerkId, deps.shifts.findOpenShift()?.shift_id ?? null)) {
          throw new AppError({ code: 'CONFLICT', messageKey: 'sales:alreadyVoided' });
        }
        ctx.repos.accounts.updateDeviceSubscription({
          deviceId: row.device_id,
          planCode: row.previous_plan_code,
          expiresAt: row.previous_expiry,
          status: row.previous_status,
        });
        const payload: VoidPayload = {
          saleId: row.sale_id,
          receiptNo: row.receipt_no,
          reason: input.reason,
          supervisorClerkId: supervisor.clerkId,
          voidedAt: at,
          refunds: eventRefunds,
        };
        ctx.repos.outbox.enqueueEvent({ eventId: randomUUID(), type: 'sale.void', payload, createdAt: at });
        ctx.audit.record('sale.void', clerk.clerkId, {
          saleId: row.sale_id,
          receiptNo: row.receipt_no,
          supervisorId: supervisor.clerkId,
          reason: input.reason,
          refunds: plan.map((l) => ({ lineNo: l.lineNo, route: l.route, amountFen: l.amountFen })),
        });
      })();
      deps.afterCommit?.();
      // money back through the gateway after the void is recorded; a failure leaves it pending and visible
      await refundThroughGateway(row);
      const refunds = deps.refunds?.refundsOfSale(row.sale_id) ?? [];
      const base = receiptData(row, clerk.name);
      const slip: VoidReceiptData = {
        store: base.store,
        terminalCode: base.terminalCode,
        clerkName: clerk.name,
        originalReceiptNo: row.receipt_no,
        saleId: row.sale_id,
        voidedAt: at,
        timeZone: base.timeZone,
        customer: base.customer,
        plan: base.plan,
        termMonths: row.term_months,
        reason: input.reason,
        supervisorName: supervisor.name,
        refunds: refunds.map((r) => ({ method: r.method, amountFen: r.amount_fen, reference: r.reference, route: r.route, pending: r.state === 'pending' })),
        footer: base.footer,
        verifyUrl: base.verifyUrl ?? null,
      };
      const cashBack = refunds.some((r) => r.route === 'drawer');
      ctx.repos.printJobs.enqueuePrintJob({ kind: 'void', refId: row.sale_id, payload: { type: 'void', data: slip } satisfies PrintPayload, openDrawer: cashBack, createdAt: at });
      deps.afterCommit?.();
      return toView(sales.findSaleById(row.sale_id)!);
    },
  };
}
export type RenewalService = ReturnType<typeof createRenewalService>;
