/**
 * Refunds on void: how each payment of a sale goes back to the customer. Cash comes out of the drawer
 * (the day's expected cash goes down by the cash the sale kept); a payment-code line is refunded
 * through the payment gateway; a line taken on the separate card terminal is refunded there and the
 * clerk records that terminal's refund reference.
 */
import type { AppErrorShape } from '../contract/errors';
import { domainError } from './domain-errors';
import { normaliseReference, REFERENCE_PATTERNS, type PaymentMethod } from './payment';

export type RefundRoute = 'drawer' | 'gateway' | 'cardTerminal';

export interface RefundablePayment {
  lineNo: number;
  method: PaymentMethod;
  /** Applied to the sale (cash: tendered - change). */
  amountFen: number;
  reference: string | null;
}

export interface RefundLine {
  lineNo: number;
  method: PaymentMethod;
  amountFen: number;
  route: RefundRoute;
  /** The original payment's reference (the gateway transaction number for a code payment). */
  originalReference: string | null;
}

/**
 * `gatewayTransactions`: transaction numbers of the sale's paid code payments — those lines are
 * refunded through the gateway; other Alipay / WeChat lines were taken on the card terminal.
 */
export function planRefunds(payments: readonly RefundablePayment[], gatewayTransactions: ReadonlySet<string>): RefundLine[] {
  return payments
    .filter((p) => p.amountFen > 0)
    .map((p) => ({
      lineNo: p.lineNo,
      method: p.method,
      amountFen: p.amountFen,
      route: p.method === 'cash' ? 'drawer' : p.reference !== null && gatewayTransactions.has(p.reference) ? 'gateway' : 'cardTerminal',
      originalReference: p.reference,
    }));
}

export type RefundReferences = { ok: true; references: Map<number, string> } | { ok: false; error: AppErrorShape };

/**
 * Every card-terminal line needs that terminal's refund reference, in the method's reference format;
 * the error names `refundReferences.<lineNo>`.
 */
export function checkRefundReferences(plan: readonly RefundLine[], given: readonly { lineNo: number; reference: string }[]): RefundReferences {
  const byLine = new Map(given.map((g) => [g.lineNo, normaliseReference(g.reference)]));
  const out = new Map<number, string>();
  for (const line of plan) {
    if (line.route !== 'cardTerminal' || line.method === 'cash') continue;
    const field = `refundReferences.${line.lineNo}`;
    const ref = byLine.get(line.lineNo) ?? '';
    if (ref === '') return { ok: false, error: domainError('refundReferenceMissing', { field }) };
    if (!REFERENCE_PATTERNS[line.method].test(ref)) return { ok: false, error: domainError('refundReferenceFormat', { field }) };
    out.set(line.lineNo, ref);
  }
  return { ok: true, references: out };
}

/** The cash that leaves the drawer for a void: the drawer lines' amounts. */
export function drawerRefundFen(plan: readonly RefundLine[]): number {
  return plan.filter((l) => l.route === 'drawer').reduce((s, l) => s + l.amountFen, 0);
}
