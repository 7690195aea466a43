/**
 * Code payments (付款码) with money moving exactly once: the intent is written before the gateway is
 * called, keyed by an out-trade-no derived from the sale id; any doubt (timeout, lost reply, crash,
 * the customer still confirming) is resolved by querying that number — on the clerk's retry, by the
 * background pass every `queryEveryMs`, and at start-up. An order still unresolved after
 * `confirmWithinMs` is cancelled (reversed) at the gateway. Nothing else may be tried for a sale while
 * one of its intents is unresolved; a sale with a code line commits only with a paid intent.
 */
import { AppError } from '../../../src-shared/contract/errors';
import {
  isUnresolved,
  maskPaymentCode,
  nextIntentState,
  outRefundNo,
  outTradeNo,
  type CodeProvider,
  type GatewayAnswer,
  type IntentState,
} from '../../../src-shared/domain/payment-code';
import type { Logger } from '../../logger';
import type { PaymentIntentRepo, PaymentIntentRow } from '../../db/repos/payment-intent-repo';
import type { PaymentGatewayAdapter } from './gateway-adapter';

export interface CodePaymentTiming {
  /** How often unresolved orders are queried (the providers ask for about 5 s). */
  queryEveryMs: number;
  /** How long the customer has to confirm in the app before the order is cancelled (30-60 s). */
  confirmWithinMs: number;
}

export const DEFAULT_CODE_PAYMENT_TIMING: CodePaymentTiming = { queryEveryMs: 5_000, confirmWithinMs: 45_000 };

export interface CodePaymentDeps {
  intents: PaymentIntentRepo;
  /** null: no gateway configured — code payments are refused. */
  gateway: PaymentGatewayAdapter | null;
  timing: CodePaymentTiming;
  now: () => Date;
  logger: Logger;
  /** HQ reachable (the terminal's sync state): offline, code payments are refused. */
  online: () => boolean;
  /** Commit the sale a paid intent pays for (after a restart or a confirm the customer finished later). */
  commitPaid: (intent: PaymentIntentRow) => void;
  /** Whether the sale of this intent is committed. */
  saleCommitted: (saleId: string) => boolean;
  audit: (action: string, detail: Record<string, unknown>) => void;
}

export interface PayRequest {
  saleId: string;
  provider: CodeProvider;
  authCode: string;
  amountFen: number;
  description: string;
  /** What to commit once paid (JSON, without the payment code). */
  saleRequest: unknown;
}

const pending = (messageKey: string, intent: PaymentIntentRow) =>
  new AppError({ code: 'PAYMENT_PENDING', messageKey, params: { outTradeNo: intent.out_trade_no } });

export function createCodePayments(deps: CodePaymentDeps) {
  const { intents, timing, logger } = deps;
  /** Orders a call is working on right now (the background pass leaves them alone). */
  const busy = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const at = () => deps.now().toISOString();

  function requireGateway(): PaymentGatewayAdapter {
    if (!deps.gateway) throw new AppError({ code: 'PAYMENT_UNAVAILABLE', messageKey: 'payments:notConfigured' });
    return deps.gateway;
  }

  function setState(intent: PaymentIntentRow, state: IntentState, extra: { transactionId?: string | null; error?: string | null } = {}): PaymentIntentRow {
    if (state !== intent.state) {
      deps.audit('payment.intent', { outTradeNo: intent.out_trade_no, saleId: intent.sale_id, from: intent.state, to: state, amountFen: intent.amount_fen });
    }
    intents.updateIntentState(intent.out_trade_no, state, at(), extra);
    return intents.findIntent(intent.out_trade_no)!;
  }

  /** Apply an answer; `notPaid` for an order in doubt is made final by cancelling it at the gateway first. */
  async function apply(intent: PaymentIntentRow, answer: GatewayAnswer): Promise<PaymentIntentRow> {
    if (answer.kind === 'paid' && answer.amountFen !== intent.amount_fen) {
      logger.error({ outTradeNo: intent.out_trade_no, paid: answer.amountFen, expected: intent.amount_fen }, 'gateway paid another amount: cancelling');
      return cancelAtGateway(intent, 'amount mismatch');
    }
    if (answer.kind === 'notPaid') return cancelAtGateway(intent, 'not paid');
    const next = nextIntentState(intent.state, answer, intent.amount_fen);
    return setState(intent, next, {
      transactionId: answer.kind === 'paid' ? answer.transactionId : null,
      error: answer.kind === 'noAnswer' ? answer.reason : answer.kind === 'declined' ? answer.reason : null,
    });
  }

  async function cancelAtGateway(intent: PaymentIntentRow, why: string): Promise<PaymentIntentRow> {
    const r = await requireGateway().cancel(intent.out_trade_no);
    if (r.kind === 'cancelled') return setState(intent, 'cancelled', { error: why });
    return setState(intent, intent.state === 'created' ? 'unknown' : intent.state, { error: `cancel: ${r.reason}` });
  }

  async function resolve(intent: PaymentIntentRow): Promise<PaymentIntentRow> {
    const gw = requireGateway();
    if (intent.state === 'paying' && deps.now().getTime() > Date.parse(intent.confirm_deadline)) {
      // one last look: paid at the last moment is kept, anything else is cancelled
      const last = await gw.query(intent.out_trade_no);
      if (last.kind === 'paid') return apply(intent, last);
      return cancelAtGateway(intent, 'customer did not confirm in time');
    }
    if (intent.state === 'unknown' && deps.now().getTime() > Date.parse(intent.confirm_deadline)) {
      const last = await gw.query(intent.out_trade_no);
      if (last.kind === 'paid' || last.kind === 'declined' || last.kind === 'closed') return apply(intent, last);
      return cancelAtGateway(intent, 'unresolved');
    }
    return apply(intent, await gw.query(intent.out_trade_no));
  }

  async function withOrder<T>(no: string, fn: () => Promise<T>): Promise<T> {
    if (busy.has(no)) throw new AppError({ code: 'PAYMENT_PENDING', messageKey: 'payments:checking', params: { outTradeNo: no } });
    busy.add(no);
    try {
      return await fn();
    } finally {
      busy.delete(no);
    }
  }

  function openIntentOf(saleId: string): PaymentIntentRow | undefined {
    return intents.intentsOfSale(saleId).find((i) => isUnresolved(i.state));
  }

  return {
    configured: () => deps.gateway !== null,

    /** Refuses anything else for a sale while one of its code payments is unresolved. */
    assertNoOpenIntent(saleId: string): void {
      const open = openIntentOf(saleId);
      if (open) throw new AppError({ code: 'PAYMENT_PENDING', messageKey: 'payments:openIntent', params: { outTradeNo: open.out_trade_no } });
    },

    /**
     * Charge the code for the sale, or return its paid intent when one exists (a retried confirm).
     * Throws PAYMENT_PENDING (the customer is confirming / the answer is in doubt), PAYMENT_DECLINED,
     * PAYMENT_UNAVAILABLE (offline, no gateway).
     */
    async pay(req: PayRequest): Promise<PaymentIntentRow> {
      const gw = requireGateway();
      const all = intents.intentsOfSale(req.saleId);
      const paid = all.find((i) => i.state === 'paid');
      if (paid) {
        if (paid.amount_fen !== req.amountFen) throw new AppError({ code: 'CONFLICT', messageKey: 'payments:paidOtherAmount' });
        return paid;
      }
      const open = all.find((i) => isUnresolved(i.state));
      if (open) {
        // a retry: ask about the order in doubt, never charge a second number meanwhile
        const now = await withOrder(open.out_trade_no, () => resolve(open));
        if (now.state === 'paid') return now;
        if (isUnresolved(now.state)) throw pending(now.state === 'paying' ? 'payments:userConfirming' : 'payments:checking', now);
      }
      if (!deps.online()) throw new AppError({ code: 'PAYMENT_UNAVAILABLE', messageKey: 'payments:offline' });
      const attempt = intents.intentsOfSale(req.saleId).reduce((m, i) => Math.max(m, i.attempt), 0) + 1;
      if (attempt > 99) throw new AppError({ code: 'CONFLICT', messageKey: 'payments:tooManyAttempts' });
      const no = outTradeNo(req.saleId, attempt);
      const createdAt = at();
      intents.insertIntent({
        out_trade_no: no,
        sale_id: req.saleId,
        attempt,
        provider: req.provider,
        amount_fen: req.amountFen,
        auth_code_masked: maskPaymentCode(req.authCode),
        state: 'created',
        sale_request: JSON.stringify(req.saleRequest),
        confirm_deadline: new Date(deps.now().getTime() + timing.confirmWithinMs).toISOString(),
        created_at: createdAt,
      });
      deps.audit('payment.intent', { outTradeNo: no, saleId: req.saleId, to: 'created', amountFen: req.amountFen, provider: req.provider });
      const intent = await withOrder(no, async () => {
        let cur = intents.findIntent(no)!;
        const answer = await gw.charge({ outTradeNo: no, authCode: req.authCode, provider: req.provider, amountFen: req.amountFen, description: req.description });
        if (answer.kind === 'noAnswer') {
          logger.warn({ outTradeNo: no, reason: answer.reason }, 'no answer to the charge: querying the order');
          cur = setState(cur, 'unknown', { error: answer.reason });
          const q = await gw.query(no);
          return q.kind === 'noAnswer' || q.kind === 'notPaid' ? (q.kind === 'notPaid' ? cancelAtGateway(cur, 'not charged') : setState(cur, 'unknown', { error: q.reason })) : apply(cur, q);
        }
        return apply(cur, answer);
      });
      switch (intent.state) {
        case 'paid':
          return intent;
        case 'declined':
          throw new AppError({ code: 'PAYMENT_DECLINED', messageKey: 'payments:declined' });
        case 'cancelled':
          throw new AppError({ code: 'PAYMENT_DECLINED', messageKey: 'payments:notCharged' });
        case 'paying':
          throw pending('payments:userConfirming', intent);
        default:
          throw pending('payments:checking', intent);
      }
    },

    /** The latest intent of a sale (for the waiting panel). */
    latest(saleId: string): PaymentIntentRow | undefined {
      return intents.intentsOfSale(saleId).at(-1);
    },

    /** The clerk gives up on the code payment: the unresolved order is cancelled at the gateway first. */
    async cancel(saleId: string): Promise<PaymentIntentRow | undefined> {
      const open = openIntentOf(saleId);
      if (!open) return intents.intentsOfSale(saleId).at(-1);
      const r = await withOrder(open.out_trade_no, async () => {
        const q = await requireGateway().query(open.out_trade_no);
        if (q.kind === 'paid') return apply(open, q); // paid meanwhile: the sale commits, nothing is reversed behind the clerk's back
        return cancelAtGateway(open, 'cancelled by the clerk');
      });
      if (r.state === 'paid') deps.commitPaid(r);
      else if (isUnresolved(r.state)) throw new AppError({ code: 'PAYMENT_PENDING', messageKey: 'payments:cancelNoAnswer', params: { outTradeNo: r.out_trade_no } });
      return intents.findIntent(r.out_trade_no);
    },

    /** Refund a paid intent (void): idempotent on the refund number derived from the order number. */
    async refund(intent: PaymentIntentRow): Promise<PaymentIntentRow> {
      const refundNo = outRefundNo(intent.out_trade_no);
      intents.updateIntentRefund(intent.out_trade_no, 'refundPending', refundNo, at());
      const r = await requireGateway().refund({ outTradeNo: intent.out_trade_no, outRefundNo: refundNo, amountFen: intent.amount_fen });
      if (r.kind === 'refunded') intents.updateIntentRefund(intent.out_trade_no, 'refunded', refundNo, at(), { refundId: r.refundId });
      else intents.updateIntentRefund(intent.out_trade_no, 'refundPending', refundNo, at(), { error: r.reason });
      deps.audit('payment.refund', { outTradeNo: intent.out_trade_no, outRefundNo: refundNo, result: r.kind, amountFen: intent.amount_fen });
      return intents.findIntent(intent.out_trade_no)!;
    },

    /** One background pass over the open intents (also run at start-up). */
    async tick(): Promise<void> {
      if (!deps.gateway) return;
      for (const intent of intents.openIntents()) {
        if (busy.has(intent.out_trade_no) || stopped) continue;
        try {
          if (intent.state === 'paid') {
            if (!deps.saleCommitted(intent.sale_id)) deps.commitPaid(intent);
            continue;
          }
          if (intent.state === 'refundPending') continue; // retried by the clerk from the sale (void pending)
          const r = await withOrder(intent.out_trade_no, () => resolve(intent));
          if (r.state === 'paid') deps.commitPaid(r);
        } catch (err) {
          logger.error({ err, outTradeNo: intent.out_trade_no }, 'payment intent pass failed');
        }
      }
    },

    start(): void {
      const loop = () => {
        if (stopped) return;
        running = this.tick().finally(() => {
          running = null;
          if (!stopped) timer = setTimeout(loop, timing.queryEveryMs);
        });
      };
      loop();
    },

    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type CodePayments = ReturnType<typeof createCodePayments>;
