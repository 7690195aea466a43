import { z } from 'zod';
import { method } from './define';
import { SaleView } from './sales';

export const IntentStateSchema = z.enum(['created', 'paying', 'unknown', 'paid', 'declined', 'cancelled', 'refundPending', 'refunded']);

/** A code payment as the waiting panel shows it (never the payment code itself: only masked). */
export const PaymentIntentView = z.object({
  outTradeNo: z.string(),
  state: IntentStateSchema,
  provider: z.enum(['wechat', 'alipay']),
  amountFen: z.number().int(),
  authCodeMasked: z.string(),
  transactionId: z.string().nullable(),
  confirmDeadline: z.string(),
});
export type PaymentIntentView = z.infer<typeof PaymentIntentView>;

const IntentAndSale = z.object({ intent: PaymentIntentView.nullable(), sale: SaleView.nullable() });

export const paymentsMethods = {
  /** Whether payment codes can be taken now: a gateway is configured and HQ is reachable. */
  'payments.availability': method(z.object({}).strict(), z.object({ configured: z.boolean(), online: z.boolean() })),
  /** The sale's latest code payment and, once it is paid and committed, the sale. */
  'payments.status': method(z.object({ saleId: z.string().uuid() }).strict(), IntentAndSale),
  /** Give up on the sale's unresolved code payment: cancelled (reversed) at the gateway first. */
  'payments.cancel': method(z.object({ saleId: z.string().uuid() }).strict(), IntentAndSale),
} as const;
