/**
 * What the terminal needs from a payment provider to take a payment code and give money back.
 * A real provider adapter (WeChat Pay, Alipay, an aggregator) implements this interface; the HTTP
 * adapter in this folder speaks the protocol of src-shared/gateway-protocol, served by the simulated
 * gateway in tools/payment-gateway. Rules every adapter must keep (docs/payments.md):
 * - never throw for a network problem or an unreadable answer: return { kind: 'noAnswer' } — the
 *   terminal then asks `query` with the same order number, it never charges a second number;
 * - `charge` with an order number the provider has seen answers about that order (idempotent);
 * - `cancel` closes an unpaid order so it can no longer be paid, and refunds a paid one in full;
 * - `refund` is idempotent on `outRefundNo`.
 */
import type { CodeProvider, GatewayAnswer } from '../../../src-shared/domain/payment-code';

export interface ChargeRequest {
  outTradeNo: string;
  authCode: string;
  provider: CodeProvider;
  amountFen: number;
  description: string;
}

export type CancelAnswer = { kind: 'cancelled' } | { kind: 'noAnswer'; reason: string };
export type RefundAnswer = { kind: 'refunded'; refundId: string } | { kind: 'failed'; reason: string } | { kind: 'noAnswer'; reason: string };

export interface PaymentGatewayAdapter {
  /** Short name for logs and docs, e.g. 'http' */
  readonly name: string;
  charge(req: ChargeRequest): Promise<GatewayAnswer>;
  query(outTradeNo: string): Promise<GatewayAnswer>;
  cancel(outTradeNo: string): Promise<CancelAnswer>;
  refund(req: { outTradeNo: string; outRefundNo: string; amountFen: number }): Promise<RefundAnswer>;
}
