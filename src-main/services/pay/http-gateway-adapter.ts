import type { z } from 'zod';
import type { GatewayAnswer } from '../../../src-shared/domain/payment-code';
import { MicropayResponse, QueryResponse, RefundResponse, ReverseResponse } from '../../../src-shared/gateway-protocol/schemas';
import type { CancelAnswer, ChargeRequest, PaymentGatewayAdapter, RefundAnswer } from './gateway-adapter';

type Posted<T> = { ok: true; body: T } | { ok: false; reason: string };

/** The gateway protocol over HTTP (src-shared/gateway-protocol); every call bounded by `timeoutMs`. */
export function createHttpGatewayAdapter(opts: { baseUrl: string; timeoutMs: number }): PaymentGatewayAdapter {
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<Posted<z.infer<S>>> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return { ok: false, reason: e.name === 'TimeoutError' ? 'timeout' : `network: ${e.message}` };
    }
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return { ok: false, reason: 'unreadable answer' };
    }
    const parsed = schema.safeParse(json);
    return parsed.success ? { ok: true, body: parsed.data } : { ok: false, reason: 'unexpected answer' };
  }

  return {
    name: 'http',
    async charge(req: ChargeRequest): Promise<GatewayAnswer> {
      const r = await post('/v1/pay/micropay', { outTradeNo: req.outTradeNo, authCode: req.authCode, amountFen: req.amountFen, description: req.description }, MicropayResponse);
      if (!r.ok) return { kind: 'noAnswer', reason: r.reason };
      const b = r.body;
      if (b.result === 'SUCCESS') return { kind: 'paid', transactionId: b.transactionId, amountFen: b.amountFen };
      if (b.result === 'USERPAYING') return { kind: 'paying' };
      if (b.errCode === 'ORDER_CLOSED') return { kind: 'closed' };
      if (b.errCode === 'ORDER_MISMATCH') return { kind: 'noAnswer', reason: b.message };
      return { kind: 'declined', reason: b.errCode };
    },
    async query(outTradeNo: string): Promise<GatewayAnswer> {
      const r = await post('/v1/pay/query', { outTradeNo }, QueryResponse);
      if (!r.ok) return { kind: 'noAnswer', reason: r.reason };
      const b = r.body;
      switch (b.tradeState) {
        case 'SUCCESS':
        case 'REFUND':
          return b.transactionId && b.amountFen ? { kind: 'paid', transactionId: b.transactionId, amountFen: b.amountFen } : { kind: 'noAnswer', reason: 'paid without a transaction number' };
        case 'USERPAYING':
          return { kind: 'paying' };
        case 'NOTPAY':
        case 'NOTEXIST':
          return { kind: 'notPaid' };
        case 'PAYERROR':
          return { kind: 'declined', reason: 'PAYERROR' };
        case 'CLOSED':
        case 'REVOKED':
          return { kind: 'closed' };
      }
    },
    async cancel(outTradeNo: string): Promise<CancelAnswer> {
      const r = await post('/v1/pay/reverse', { outTradeNo }, ReverseResponse);
      if (!r.ok) return { kind: 'noAnswer', reason: r.reason };
      return r.body.result === 'SUCCESS' ? { kind: 'cancelled' } : { kind: 'noAnswer', reason: r.body.message ?? 'reverse refused' };
    },
    async refund(req): Promise<RefundAnswer> {
      const r = await post('/v1/refund', req, RefundResponse);
      if (!r.ok) return { kind: 'noAnswer', reason: r.reason };
      return r.body.result === 'SUCCESS' ? { kind: 'refunded', refundId: r.body.refundId } : { kind: 'failed', reason: r.body.errCode };
    },
  };
}
