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

/** A refund as the void event carries it to HQ: one line per payment line of the sale. */
export interface VoidRefundLine {
  lineNo: number;
  method: PaymentMethod;
  route: RefundRoute;
  amountFen: number;
  /** Card terminal: its refund reference; gateway: the refund number (idempotent at the gateway). */
  reference: string | null;
  /** Gateway refunds are pending until the gateway confirms them; drawer and card terminal are done at once. */
  state: 'pending' | 'done';
}

export type VoidRefundCheck = { ok: true } | { ok: false; reason: 'METHOD_TOTALS' | 'ROUTE' | 'LINES' };

/**
 * HQ's check of a void's refunds against the sale it received: the refunds return, per method, what
 * the sale's payments applied (cash: tendered − change), line numbers are unique, cash goes back from
 * the drawer and cards / codes never do. Money is not lost or doubled by a void.
 */
export function checkVoidRefunds(
  sale: { payments: readonly { method: PaymentMethod; amountFen: number }[]; changeFen: number },
  refunds: readonly VoidRefundLine[],
): VoidRefundCheck {
  if (new Set(refunds.map((r) => r.lineNo)).size !== refunds.length || refunds.some((r) => !Number.isSafeInteger(r.amountFen) || r.amountFen <= 0)) {
    return { ok: false, reason: 'LINES' };
  }
  if (refunds.some((r) => (r.method === 'cash') !== (r.route === 'drawer'))) return { ok: false, reason: 'ROUTE' };
  const paid = new Map<string, number>();
  for (const p of sale.payments) paid.set(p.method, (paid.get(p.method) ?? 0) + p.amountFen);
  if (paid.has('cash')) paid.set('cash', paid.get('cash')! - sale.changeFen);
  const back = new Map<string, number>();
  for (const r of refunds) back.set(r.method, (back.get(r.method) ?? 0) + r.amountFen);
  for (const m of new Set([...paid.keys(), ...back.keys()])) {
    if ((paid.get(m) ?? 0) !== (back.get(m) ?? 0)) return { ok: false, reason: 'METHOD_TOTALS' };
  }
  return { ok: true };
}
