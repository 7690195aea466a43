import { z } from 'zod';
import { method } from './define';
import { SupervisorOverride } from './lookup';
import { PrintJobView } from './printing';

const Fen = z.number().int().nonnegative().max(100_000_000);
const PositiveFen = z.number().int().positive().max(100_000_000);

export const PaymentLineInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('cash'), tenderedFen: PositiveFen }).strict(),
  z.object({ method: z.enum(['card', 'alipay', 'wechat']), amountFen: PositiveFen, reference: z.string().max(64) }).strict(),
  /** The customer's Alipay / WeChat payment code, scanned: charged through the payment gateway before the sale commits. */
  z.object({ method: z.literal('code'), amountFen: PositiveFen, authCode: z.string().max(40) }).strict(),
]);
export type PaymentLineInput = z.infer<typeof PaymentLineInput>;

export const PlanOption = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  dataQuotaMb: z.number().int(),
  terms: z.array(z.object({ months: z.number().int(), priceFen: Fen })),
});
export type PlanOption = z.infer<typeof PlanOption>;

/** One promotion on a quote or sale: what it took off (src-shared/domain/promotions). */
export const PromotionLineView = z.object({
  promotionId: z.string(),
  kind: z.enum(['percentOff', 'fixedPrice', 'spendSave']),
  nameZh: z.string(),
  nameEn: z.string(),
  discountFen: PositiveFen,
});
export type PromotionLineView = z.infer<typeof PromotionLineView>;

export const RenewalQuoteView = z.object({
  saleId: z.string().uuid(),
  accountId: z.string(),
  deviceId: z.string(),
  planCode: z.string(),
  termMonths: z.number().int(),
  /** The plan term's catalog price, before promotions. */
  listPriceFen: Fen,
  /** The promotions applied, in order (empty: none). */
  promotions: z.array(PromotionLineView),
  /** The price due (list price less the promotions). */
  priceFen: Fen,
  /** The promotion-set version the terminal priced with. */
  promotionSetVersion: z.number().int().nonnegative(),
  previousExpiry: z.string(),
  newExpiry: z.string(),
  base: z.enum(['now', 'currentExpiry']),
  timeZone: z.string(),
  quickTenders: z.array(Fen),
  /** Why a supervisor must approve this sale (offline limits), or null. */
  overrideReason: z.enum(['offlineTooLong', 'offlineAmount']).nullable(),
});
export type RenewalQuoteView = z.infer<typeof RenewalQuoteView>;

export const SaleStatus = z.enum(['pending', 'confirmed', 'rejected', 'voided']);
export type SaleStatus = z.infer<typeof SaleStatus>;

export const SalePaymentView = z.object({
  lineNo: z.number().int(),
  method: z.enum(['cash', 'card', 'alipay', 'wechat']),
  /** Paid with a scanned payment code through the gateway (refunded there on void). */
  viaGateway: z.boolean(),
  amountFen: Fen,
  tenderedFen: Fen,
  changeFen: Fen,
  reference: z.string().nullable(),
});

/** How one payment went back on void: drawer, gateway (pending until it confirms) or card terminal. */
export const SaleRefundView = z.object({
  lineNo: z.number().int(),
  method: z.enum(['cash', 'card', 'alipay', 'wechat']),
  route: z.enum(['drawer', 'gateway', 'cardTerminal']),
  amountFen: Fen,
  state: z.enum(['pending', 'done']),
  reference: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SaleRefundView = z.infer<typeof SaleRefundView>;

export const SaleView = z.object({
  saleId: z.string(),
  receiptNo: z.string(),
  businessDate: z.string(),
  createdAt: z.string(),
  clerkId: z.string(),
  holderName: z.string(),
  idMasked: z.string(),
  deviceMasked: z.string(),
  planCode: z.string(),
  planNameZh: z.string(),
  planNameEn: z.string(),
  termMonths: z.number().int(),
  /** Catalog price before promotions (= priceFen when none applied). */
  listPriceFen: Fen,
  promotions: z.array(PromotionLineView),
  priceFen: Fen,
  previousExpiry: z.string(),
  newExpiry: z.string(),
  hqExpiry: z.string().nullable(),
  cashTenderedFen: Fen,
  changeFen: Fen,
  status: SaleStatus,
  hqReason: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  voidReason: z.string().nullable(),
  reprints: z.number().int(),
  timeZone: z.string(),
  payments: z.array(SalePaymentView),
  refunds: z.array(SaleRefundView),
  /** Voided, and a refund is not done yet (the void stays pending and visible). */
  refundPending: z.boolean(),
});
export type SaleView = z.infer<typeof SaleView>;

export const salesMethods = {
  'sales.plans': method(z.object({ accountId: z.string().max(64), deviceId: z.string().max(64) }).strict(), z.object({ plans: z.array(PlanOption) })),
  'sales.quote': method(
    z
      .object({
        accountId: z.string().max(64),
        deviceId: z.string().max(64),
        planCode: z.string().max(32),
        termMonths: z.number().int().min(1).max(120),
      })
      .strict(),
    z.object({ quote: RenewalQuoteView }),
  ),
  'sales.confirm': method(
    z
      .object({
        saleId: z.string().uuid(),
        accountId: z.string().max(64),
        deviceId: z.string().max(64),
        planCode: z.string().max(32),
        termMonths: z.number().int().min(1).max(120),
        /** The price the clerk saw; a catalog change since the quote is refused rather than charged silently. */
        priceFen: Fen,
        payments: z.array(PaymentLineInput).min(1).max(4),
        override: SupervisorOverride.optional(),
      })
      .strict(),
    z.object({ sale: SaleView, repeated: z.boolean() }),
  ),
  'sales.list': method(
    z
      .object({
        businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        status: SaleStatus.optional(),
        receiptNo: z.string().max(64).optional(),
      })
      .strict(),
    z.object({ businessDate: z.string(), sales: z.array(SaleView) }),
  ),
  'sales.get': method(z.object({ saleId: z.string().max(64) }).strict(), z.object({ sale: SaleView })),
  'sales.void': method(
    z
      .object({
        saleId: z.string().max(64),
        reason: z.string().trim().min(2, 'sales:voidReasonRequired').max(200),
        supervisorId: z.string().min(1).max(64),
        pin: z.string().regex(/^\d{4,8}$/, 'errors:pinFormat'),
        /** The card terminal's refund reference for each line taken on it (by payment line number). */
        refundReferences: z.array(z.object({ lineNo: z.number().int().min(1).max(4), reference: z.string().max(64) }).strict()).max(4).optional(),
      })
      .strict(),
    z.object({ sale: SaleView }),
  ),
  'sales.reprint': method(z.object({ saleId: z.string().min(1).max(64) }).strict(), z.object({ job: PrintJobView, reprintCount: z.number().int().positive() })),
  /** Try a void's pending gateway refund again (same refund number: never refunded twice). */
  'sales.retryRefund': method(z.object({ saleId: z.string().max(64) }).strict(), z.object({ sale: SaleView })),
} as const;
