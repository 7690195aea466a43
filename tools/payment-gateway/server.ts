/**
 * Simulated payment gateway (a simulator, not a provider): serves the gateway protocol of
 * src-shared/gateway-protocol over loopback HTTP with the states a real Alipay / WeChat Pay charge
 * goes through, and fault switches to make each of them happen on purpose.
 *
 * Charge modes (PUT /admin/faults { charge, times? }):
 *   success      the charge is taken and answered at once
 *   userConfirm  the order waits for the customer to confirm in the app (USERPAYING) until
 *                POST /admin/orders/:outTradeNo/confirm, or `confirmAfterQueries` queries
 *   declined     refused (e.g. balance too low); nothing is charged
 *   timeout      the charge is taken, the answer is never sent (the caller's timeout ends it)
 *   replyLost    the charge is taken, then the connection is dropped without an answer
 *   unreachable  the connection is dropped before anything is charged
 * `times` limits a mode to the next N charges, then it falls back to success.
 * refund: ok | fail | replyLost. Money moved = the orders' state, listed by GET /admin/orders.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  MicropayRequest,
  OrderRequest,
  RefundRequest,
  type MicropayResponse,
  type QueryResponse,
  type RefundResponse,
  type TradeState,
} from '../../src-shared/gateway-protocol/schemas';
import { recognisePaymentCode } from '../../src-shared/domain/payment-code';

export type ChargeMode = 'success' | 'userConfirm' | 'declined' | 'timeout' | 'replyLost' | 'unreachable';
export type RefundMode = 'ok' | 'fail' | 'replyLost';

export interface GatewayFaults {
  charge: ChargeMode;
  /** How many further charges take `charge` before it returns to success; null = until changed. */
  times: number | null;
  refund: RefundMode;
  /** A USERPAYING order becomes paid after this many queries (null = only by /admin/.../confirm). */
  confirmAfterQueries: number | null;
}

export interface SimOrder {
  outTradeNo: string;
  provider: 'wechat' | 'alipay';
  authCodeMasked: string;
  amountFen: number;
  state: TradeState;
  transactionId: string | null;
  queries: number;
  /** Charge requests received for this order number (a repeat is answered from the order, never charged again). */
  chargeRequests: number;
  refunds: { outRefundNo: string; amountFen: number; refundId: string }[];
  createdAt: string;
}

export interface GatewaySimulator {
  url: string;
  port: number;
  faults(): GatewayFaults;
  setFaults(patch: Partial<GatewayFaults>): GatewayFaults;
  orders(): SimOrder[];
  confirm(outTradeNo: string): boolean;
  close(): Promise<void>;
}

const DEFAULT_FAULTS: GatewayFaults = { charge: 'success', times: null, refund: 'ok', confirmAfterQueries: null };

function mask(code: string): string {
  return `${code.slice(0, 4)}${'*'.repeat(Math.max(0, code.length - 8))}${code.slice(-4)}`;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 16_384) throw new Error('body too large');
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export async function startPaymentGatewaySimulator(opts: { host?: string; port?: number; faults?: Partial<GatewayFaults> } = {}): Promise<GatewaySimulator> {
  const host = opts.host ?? '127.0.0.1';
  let faults: GatewayFaults = { ...DEFAULT_FAULTS, ...opts.faults };
  const orders = new Map<string, SimOrder>();
  let txnSeq = 0;
  const held = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();

  const transactionId = (provider: 'wechat' | 'alipay') => {
    txnSeq += 1;
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    // 28 digits, as both providers' transaction numbers (WeChat starts 42, Alipay with the year)
    return `${provider === 'wechat' ? '4200' : '2088'}${day}${String(Date.now() % 1e8).padStart(8, '0')}${String(txnSeq).padStart(8, '0')}`;
  };

  function takeChargeMode(): ChargeMode {
    const mode = faults.charge;
    if (faults.times !== null) {
      faults.times -= 1;
      if (faults.times <= 0) faults = { ...faults, charge: 'success', times: null };
    }
    return mode;
  }

  function send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  function micropay(body: unknown, res: http.ServerResponse) {
    const parsed = MicropayRequest.safeParse(body);
    if (!parsed.success) return send(res, 400, { error: 'bad request', issues: parsed.error.issues.map((i) => i.path.join('.')) });
    const { outTradeNo, authCode, amountFen } = parsed.data;
    const existing = orders.get(outTradeNo);
    if (existing) {
      existing.chargeRequests += 1;
      // the same order number again: answered from the order, never charged twice
      if (existing.amountFen !== amountFen) return send(res, 200, { result: 'FAIL', errCode: 'ORDER_MISMATCH', message: 'order number reused with another amount' } satisfies MicropayResponse);
      if (existing.state === 'SUCCESS') return send(res, 200, { result: 'SUCCESS', transactionId: existing.transactionId!, amountFen, provider: existing.provider } satisfies MicropayResponse);
      if (existing.state === 'USERPAYING') return send(res, 200, { result: 'USERPAYING' } satisfies MicropayResponse);
      if (existing.state === 'PAYERROR') return send(res, 200, { result: 'FAIL', errCode: 'DECLINED', message: 'declined' } satisfies MicropayResponse);
      return send(res, 200, { result: 'FAIL', errCode: 'ORDER_CLOSED', message: `order is ${existing.state}` } satisfies MicropayResponse);
    }
    const code = recognisePaymentCode(authCode);
    if (!code.ok) return send(res, 200, { result: 'FAIL', errCode: 'AUTH_CODE_INVALID', message: 'not a payment code' } satisfies MicropayResponse);
    const mode = takeChargeMode();
    if (mode === 'unreachable') {
      res.socket?.destroy();
      return;
    }
    const order: SimOrder = {
      outTradeNo,
      provider: code.provider,
      authCodeMasked: mask(authCode),
      amountFen,
      state: 'SUCCESS',
      transactionId: null,
      queries: 0,
      chargeRequests: 1,
      refunds: [],
      createdAt: new Date().toISOString(),
    };
    orders.set(outTradeNo, order);
    if (mode === 'declined') {
      order.state = 'PAYERROR';
      return send(res, 200, { result: 'FAIL', errCode: 'DECLINED', message: 'declined by the payer\'s bank' } satisfies MicropayResponse);
    }
    if (mode === 'userConfirm') {
      order.state = 'USERPAYING';
      return send(res, 200, { result: 'USERPAYING' } satisfies MicropayResponse);
    }
    order.transactionId = transactionId(code.provider);
    if (mode === 'timeout') {
      held.add(res);
      res.on('close', () => held.delete(res));
      return; // charged; the answer never comes
    }
    if (mode === 'replyLost') {
      res.socket?.destroy();
      return;
    }
    send(res, 200, { result: 'SUCCESS', transactionId: order.transactionId, amountFen, provider: code.provider } satisfies MicropayResponse);
  }

  function confirm(outTradeNo: string): boolean {
    const order = orders.get(outTradeNo);
    if (!order || order.state !== 'USERPAYING') return false;
    order.state = 'SUCCESS';
    order.transactionId = transactionId(order.provider);
    return true;
  }

  function query(body: unknown, res: http.ServerResponse) {
    const parsed = OrderRequest.safeParse(body);
    if (!parsed.success) return send(res, 400, { error: 'bad request' });
    const order = orders.get(parsed.data.outTradeNo);
    if (!order) return send(res, 200, { tradeState: 'NOTEXIST' } satisfies QueryResponse);
    order.queries += 1;
    if (order.state === 'USERPAYING' && faults.confirmAfterQueries !== null && order.queries >= faults.confirmAfterQueries) confirm(order.outTradeNo);
    const out: QueryResponse = { tradeState: order.state, amountFen: order.amountFen };
    if (order.transactionId) out.transactionId = order.transactionId;
    send(res, 200, out);
  }

  function reverse(body: unknown, res: http.ServerResponse) {
    const parsed = OrderRequest.safeParse(body);
    if (!parsed.success) return send(res, 400, { error: 'bad request' });
    const no = parsed.data.outTradeNo;
    const order = orders.get(no);
    if (!order) {
      // a reversed number that never arrived is closed, so a late charge with it is refused
      orders.set(no, { outTradeNo: no, provider: 'wechat', authCodeMasked: '', amountFen: 0, state: 'CLOSED', transactionId: null, queries: 0, chargeRequests: 0, refunds: [], createdAt: new Date().toISOString() });
      return send(res, 200, { result: 'SUCCESS' });
    }
    if (order.state === 'USERPAYING' || order.state === 'NOTPAY' || order.state === 'PAYERROR') order.state = 'CLOSED';
    else if (order.state === 'SUCCESS') order.state = 'REVOKED'; // refunded in full
    send(res, 200, { result: 'SUCCESS' });
  }

  function refund(body: unknown, res: http.ServerResponse) {
    const parsed = RefundRequest.safeParse(body);
    if (!parsed.success) return send(res, 400, { error: 'bad request' });
    const { outTradeNo, outRefundNo, amountFen } = parsed.data;
    const order = orders.get(outTradeNo);
    const done = order?.refunds.find((r) => r.outRefundNo === outRefundNo);
    if (done) return send(res, 200, { result: 'SUCCESS', refundId: done.refundId } satisfies RefundResponse); // idempotent on the refund number
    if (!order || (order.state !== 'SUCCESS' && order.state !== 'REFUND')) return send(res, 200, { result: 'FAIL', errCode: 'ORDER_NOT_PAID', message: 'order not paid' } satisfies RefundResponse);
    const refunded = order.refunds.reduce((s, r) => s + r.amountFen, 0);
    if (refunded + amountFen > order.amountFen) return send(res, 200, { result: 'FAIL', errCode: 'AMOUNT_MISMATCH', message: 'more than was paid' } satisfies RefundResponse);
    if (faults.refund === 'fail') return send(res, 200, { result: 'FAIL', errCode: 'REFUND_FAILED', message: 'refund refused by the provider' } satisfies RefundResponse);
    const refundId = `5000${String(Date.now() % 1e10).padStart(10, '0')}${String(order.refunds.length + 1).padStart(4, '0')}`;
    order.refunds.push({ outRefundNo, amountFen, refundId });
    order.state = 'REFUND';
    if (faults.refund === 'replyLost') {
      res.socket?.destroy();
      return;
    }
    send(res, 200, { result: 'SUCCESS', refundId } satisfies RefundResponse);
  }

  function admin(req: http.IncomingMessage, body: unknown, res: http.ServerResponse, path: string) {
    if (req.method === 'GET' && path === '/admin/orders') return send(res, 200, { orders: [...orders.values()] });
    if (req.method === 'GET' && path === '/admin/faults') return send(res, 200, faults);
    if (req.method === 'PUT' && path === '/admin/faults') return send(res, 200, setFaults(body as Partial<GatewayFaults>));
    const m = /^\/admin\/orders\/([0-9A-Za-z]{1,32})\/confirm$/.exec(path);
    if (req.method === 'POST' && m) return send(res, confirm(m[1]!) ? 200 : 409, { ok: true });
    send(res, 404, { error: 'not found' });
  }

  function setFaults(patch: Partial<GatewayFaults>): GatewayFaults {
    const next = { ...faults, ...patch };
    const modes: ChargeMode[] = ['success', 'userConfirm', 'declined', 'timeout', 'replyLost', 'unreachable'];
    if (!modes.includes(next.charge)) throw new Error(`unknown charge mode ${String(next.charge)}`);
    if (!['ok', 'fail', 'replyLost'].includes(next.refund)) throw new Error(`unknown refund mode ${String(next.refund)}`);
    faults = next;
    return faults;
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    readJson(req)
      .then((body) => {
        if (path.startsWith('/admin/')) return admin(req, body, res, path);
        if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
        if (path === '/v1/pay/micropay') return micropay(body, res);
        if (path === '/v1/pay/query') return query(body, res);
        if (path === '/v1/pay/reverse') return reverse(body, res);
        if (path === '/v1/refund') return refund(body, res);
        send(res, 404, { error: 'not found' });
      })
      .catch((err: unknown) => send(res, 400, { error: (err as Error).message }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    faults: () => ({ ...faults }),
    setFaults,
    orders: () => [...orders.values()].map((o) => ({ ...o, refunds: [...o.refunds] })),
    confirm,
    async close() {
      for (const r of held) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
