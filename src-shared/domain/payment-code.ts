/**
 * Payment codes (付款码): the barcode the customer shows in the Alipay or WeChat app, scanned by the
 * clerk and charged through the payment gateway. Which provider a code belongs to is read from its
 * shape; the order number sent to the gateway (out-trade-no, the provider's idempotency key) and the
 * refund number are derived from the sale id, so a retry or a restart asks about the same order.
 */
import type { AppErrorShape } from '../contract/errors';
import { domainError } from './domain-errors';
import { isFen } from './money';
import { settlePayments, type PaymentInput, type SettlementResult } from './payment';

export type CodeProvider = 'wechat' | 'alipay';

/** WeChat Pay: 18 digits starting 10-15. Alipay: 16-24 digits starting 25-30. */
export const PAYMENT_CODE_PATTERNS: Readonly<Record<CodeProvider, RegExp>> = {
  wechat: /^1[0-5]\d{16}$/,
  alipay: /^(2[5-9]|30)\d{14,22}$/,
};

export type PaymentCodeResult = { ok: true; provider: CodeProvider; code: string } | { ok: false; error: AppErrorShape };

/** Folds full-width digits and drops spaces (a scanner or a typed code), then reads the provider. */
export function recognisePaymentCode(raw: string, field = 'authCode'): PaymentCodeResult {
  const code = typeof raw === 'string' ? raw.normalize('NFKC').replace(/\s+/g, '') : '';
  if (code === '') return { ok: false, error: domainError('paymentCodeEmpty', { field }) };
  if (PAYMENT_CODE_PATTERNS.wechat.test(code)) return { ok: true, provider: 'wechat', code };
  if (PAYMENT_CODE_PATTERNS.alipay.test(code)) return { ok: true, provider: 'alipay', code };
  return { ok: false, error: domainError('paymentCodeUnknown', { field }) };
}

/** A code shown masked on screens and in logs: first 4 and last 4 digits. */
export function maskPaymentCode(code: string): string {
  return code.length <= 8 ? '*'.repeat(code.length) : `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}

export const OUT_TRADE_NO_MAX = 32;
const MAX_ATTEMPT = 99;

function saleHex(saleId: string): string {
  const hex = saleId.toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`sale id is not a UUID: ${saleId}`);
  return hex;
}

/**
 * The gateway order number of a sale's code-payment attempt: 'P', the first 29 hex digits of the
 * sale id, and the attempt as two digits (01..99) = 32 characters. A cancelled or declined attempt
 * is never reused: the next attempt of the same sale gets the next number.
 */
export function outTradeNo(saleId: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) throw new Error(`attempt out of range: ${attempt}`);
  return `P${saleHex(saleId).slice(0, 29)}${String(attempt).padStart(2, '0')}`;
}

/** The refund number of a paid order, derived from its out-trade-no: the same number on every retry (idempotent). */
export function outRefundNo(tradeNo: string): string {
  if (!/^P[0-9a-f]{29}\d{2}$/.test(tradeNo)) throw new Error(`not an out-trade-no: ${tradeNo}`);
  return `R${tradeNo.slice(1)}`;
}

/**
 * The states of a payment intent on the terminal. `created`: written before the gateway is called;
 * `paying`: the customer must confirm in the app; `unknown`: no usable answer (timeout, lost reply) —
 * both are resolved only by querying the order. `paid` is the one state a sale may commit with;
 * `declined` / `cancelled` are final and move no money; `refundPending` / `refunded` follow a void.
 */
export type IntentState = 'created' | 'paying' | 'unknown' | 'paid' | 'declined' | 'cancelled' | 'refundPending' | 'refunded';

/** States with money possibly in flight: nothing else may be tried for the sale until they resolve. */
export const UNRESOLVED_STATES: readonly IntentState[] = ['created', 'paying', 'unknown'];

export function isUnresolved(state: IntentState): boolean {
  return UNRESOLVED_STATES.includes(state);
}

/** What the gateway said about an order (the adapter's answer, provider-neutral). */
export type GatewayAnswer =
  | { kind: 'paid'; transactionId: string; amountFen: number }
  | { kind: 'paying' }
  | { kind: 'declined'; reason: string }
  | { kind: 'notPaid' }
  | { kind: 'closed' }
  | { kind: 'noAnswer'; reason: string };

/**
 * The next state of an unresolved intent after an answer from a charge or a query. A paid answer for
 * another amount is not taken as paid (the order is cancelled and the clerk told).
 */
export function nextIntentState(state: IntentState, answer: GatewayAnswer, amountFen: number): IntentState {
  if (!isUnresolved(state)) return state;
  switch (answer.kind) {
    case 'paid':
      return answer.amountFen === amountFen ? 'paid' : 'unknown';
    case 'paying':
      return 'paying';
    case 'declined':
      return 'declined';
    case 'notPaid':
    case 'closed':
      return 'cancelled';
    case 'noAnswer':
      return 'unknown';
  }
}

/** A payment line paid with a scanned payment code: the provider is read from the code. */
export interface CodePaymentInput {
  method: 'code';
  amountFen: number;
  authCode: string;
}

export type CodeSettlement =
  | (Extract<SettlementResult, { ok: true }> & { code: { index: number; provider: CodeProvider; authCode: string; amountFen: number } | null })
  | Extract<SettlementResult, { ok: false }>;

/** Stands in for the transaction number a code line gets from the gateway, while it is not charged yet. */
const NOT_YET_CHARGED = '0'.repeat(28);

/**
 * Settlement with at most one payment-code line: the code must be a WeChat or Alipay code (the error
 * names `payments.<i>.authCode`); the line then counts as that provider's line, with the gateway's
 * transaction number as its reference once charged (before that, a stand-in).
 */
export function settleWithCode(dueFen: number, inputs: readonly (PaymentInput | CodePaymentInput)[], transactionId?: string): CodeSettlement {
  let code: { index: number; provider: CodeProvider; authCode: string; amountFen: number } | null = null;
  const lines: PaymentInput[] = [];
  for (const [index, line] of inputs.entries()) {
    if (line.method !== 'code') {
      lines.push(line);
      continue;
    }
    if (code) return { ok: false, error: domainError('paymentMultipleCode', { field: `payments.${index}.method` }) };
    const r = recognisePaymentCode(line.authCode, `payments.${index}.authCode`);
    if (!r.ok) return r;
    if (!isFen(line.amountFen) || line.amountFen <= 0) return { ok: false, error: domainError('paymentAmountInvalid', { field: `payments.${index}.amountFen` }) };
    code = { index, provider: r.provider, authCode: r.code, amountFen: line.amountFen };
    lines.push({ method: r.provider, amountFen: line.amountFen, reference: transactionId ?? NOT_YET_CHARGED });
  }
  const settled = settlePayments(dueFen, lines);
  return settled.ok ? { ...settled, code } : settled;
}
