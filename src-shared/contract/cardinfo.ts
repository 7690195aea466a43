/**
 * Customer service at the counter, the terminal's side of issue 15 items 2, 4, 5 and 7: the ID card reader,
 * the advice on the plan with the device's renewal history, and the e-invoice (发票) request on a sale.
 */
import { z } from 'zod';
import { method } from './define';

/** What a read of the ID card on the reader gives: the raw ID only to fill the field (memory, never stored or logged). */
export const IdCardRead = z.object({
  nationalId: z.string(),
  /** The name printed on the card (full, shown next to the account's masked name). */
  name: z.string(),
  validFrom: z.string(),
  /** YYYY-MM-DD; null = long-term (长期). */
  validUntil: z.string().nullable(),
  /** Shown for the moment only; never stored, logged or audited. */
  address: z.string(),
  /** data: URL of the card photo, or null; shown for the moment only. */
  photoDataUrl: z.string().nullable(),
});
export type IdCardRead = z.infer<typeof IdCardRead>;

export const UsageMonthView = z.object({ month: z.string(), usedMb: z.number().int() });

export const AdvicePlanView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  dataQuotaMb: z.number().int(),
  unlimited: z.boolean(),
  current: z.boolean(),
  terms: z.array(z.object({ months: z.number().int(), priceFen: z.number().int(), pricePerGbFen: z.number().int().nullable() })),
});

export const RenewalHistoryRow = z.object({
  saleId: z.string(),
  receiptNo: z.string(),
  soldAt: z.string(),
  planCode: z.string(),
  planNameZh: z.string(),
  planNameEn: z.string(),
  termMonths: z.number().int(),
  storeName: z.string(),
  priceFen: z.number().int(),
  /** HQ's state, or `pending`: sold here, not yet confirmed by HQ. */
  status: z.enum(['confirmed', 'voided', 'rejected', 'pending']),
});
export type RenewalHistoryRow = z.infer<typeof RenewalHistoryRow>;

export const AdviceView = z.object({
  usage: z.array(UsageMonthView),
  /** Where the usage and history came from: HQ now, the cache (HQ unreachable), or nothing yet. */
  source: z.enum(['hq', 'cache', 'none']),
  fetchedAt: z.string().nullable(),
  plans: z.array(AdvicePlanView),
  recommendation: z
    .object({
      planCode: z.string(),
      termMonths: z.number().int(),
      priceFen: z.number().int(),
      isCurrent: z.boolean(),
      reason: z.discriminatedUnion('key', [
        z.object({ key: z.literal('coversPeak'), peakMb: z.number().int(), quotaMb: z.number().int() }),
        z.object({ key: z.literal('noneCovers'), peakMb: z.number().int(), quotaMb: z.number().int() }),
        z.object({ key: z.literal('noUsage') }),
      ]),
    })
    .nullable(),
  /** The store's "expires in N days" prompt threshold (HQ setting `expiryPromptDays`, default 7). */
  promptDays: z.number().int(),
  expiresSoon: z.boolean(),
  history: z.array(RenewalHistoryRow),
});
export type AdviceView = z.infer<typeof AdviceView>;

const FieldText = (max: number) => z.string().max(max, 'cardinfo:errors.tooLong');

export const InvoiceRequestInput = z
  .object({
    saleId: z.string().min(1).max(64),
    buyerType: z.enum(['company', 'personal']),
    title: FieldText(100).refine((v) => v.trim().length > 0, 'cardinfo:errors.titleRequired'),
    /** Required for a company: the unified social credit code, its check character checked by the service (validateCreditCode). */
    taxNumber: FieldText(32).optional(),
    email: z.string().trim().max(120, 'cardinfo:errors.tooLong').email('cardinfo:errors.emailFormat'),
  })
  .strict();

export const InvoiceView = z.object({
  saleId: z.string(),
  buyerType: z.enum(['company', 'personal']),
  title: z.string(),
  taxNumber: z.string().nullable(),
  email: z.string(),
  requestedAt: z.string(),
});
export type InvoiceView = z.infer<typeof InvoiceView>;

export const cardinfoMethods = {
  /** Read the ID card on the reader (a local reader service); refused past the card's validity date. */
  'idCard.read': method(z.object({}).strict(), z.object({ card: IdCardRead })),
  /** Whether a reader service is configured (a keyboard-wedge reader needs none: it types into the ID field). */
  'idCard.status': method(z.object({}).strict(), z.object({ configured: z.boolean(), transport: z.enum(['http', 'ws']).nullable() })),
  /** Usage of the last months, price per GB of every plan and term, the recommended plan, and the renewal history. */
  'advice.get': method(z.object({ accountId: z.string().min(1).max(64), deviceId: z.string().min(1).max(64) }).strict(), AdviceView),
  /**
   * Record an e-invoice request on a sale (issue 15 item 7): one per sale; a repeat with the same data
   * answers the recorded one (created: false), other data is refused (cardinfo:errors.invoiceExists).
   */
  'sales.requestInvoice': method(InvoiceRequestInput, z.object({ invoice: InvoiceView, created: z.boolean() })),
  /** The sale's e-invoice request, null when none was made. */
  'sales.invoice': method(z.object({ saleId: z.string().min(1).max(64) }).strict(), z.object({ invoice: InvoiceView.nullable() })),
} as const;
