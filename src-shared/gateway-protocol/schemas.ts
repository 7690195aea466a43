/**
 * The wire protocol of the payment gateway the terminal's HTTP adapter speaks (JSON over HTTP),
 * modelled on the providers' micropay / query / reverse / refund calls. The simulated gateway in
 * tools/payment-gateway serves it; see docs/payments.md.
 */
import { z } from 'zod';

const Fen = z.number().int().positive().max(100_000_000);
const OrderNo = z.string().regex(/^[0-9A-Za-z]{1,32}$/);

export const MicropayRequest = z
  .object({ outTradeNo: OrderNo, authCode: z.string().regex(/^\d{16,24}$/), amountFen: Fen, description: z.string().max(128) })
  .strict();
export type MicropayRequest = z.infer<typeof MicropayRequest>;

export const MicropayResponse = z.discriminatedUnion('result', [
  z.object({ result: z.literal('SUCCESS'), transactionId: z.string().regex(/^\d{28,32}$/), amountFen: Fen, provider: z.enum(['wechat', 'alipay']) }),
  z.object({ result: z.literal('USERPAYING') }),
  z.object({ result: z.literal('FAIL'), errCode: z.enum(['DECLINED', 'AUTH_CODE_INVALID', 'ORDER_CLOSED', 'ORDER_MISMATCH']), message: z.string() }),
]);
export type MicropayResponse = z.infer<typeof MicropayResponse>;

export const OrderRequest = z.object({ outTradeNo: OrderNo }).strict();

export const TradeState = z.enum(['SUCCESS', 'USERPAYING', 'NOTPAY', 'NOTEXIST', 'CLOSED', 'REVOKED', 'PAYERROR', 'REFUND']);
export type TradeState = z.infer<typeof TradeState>;

export const QueryResponse = z.object({
  tradeState: TradeState,
  transactionId: z.string().optional(),
  amountFen: z.number().int().optional(),
});
export type QueryResponse = z.infer<typeof QueryResponse>;

/** Reverse: closes an unpaid order (it can no longer be paid) and refunds a paid one in full. */
export const ReverseResponse = z.object({ result: z.enum(['SUCCESS', 'FAIL']), message: z.string().optional() });

export const RefundRequest = z.object({ outTradeNo: OrderNo, outRefundNo: OrderNo, amountFen: Fen }).strict();
export type RefundRequest = z.infer<typeof RefundRequest>;
export const RefundResponse = z.discriminatedUnion('result', [
  z.object({ result: z.literal('SUCCESS'), refundId: z.string() }),
  z.object({ result: z.literal('FAIL'), errCode: z.enum(['REFUND_FAILED', 'ORDER_NOT_PAID', 'AMOUNT_MISMATCH']), message: z.string() }),
]);
export type RefundResponse = z.infer<typeof RefundResponse>;
