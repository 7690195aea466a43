/**
 * Settling the amount due with one or more payments: cash (tendered, change) and/or lines taken on
 * the store's separate payment terminal (bank card, Alipay, WeChat Pay) with their reference number.
 */
import type { AppErrorShape } from '../contract/errors';
import { domainError, type DomainMessageId } from './domain-errors';
import { formatFen, isFen, type Fen } from './money';

export type PaymentMethod = 'cash' | 'card' | 'alipay' | 'wechat';
export type NonCashMethod = Exclude<PaymentMethod, 'cash'>;

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'card', 'alipay', 'wechat'];

/** Cash: what the customer hands over. The part applied to the sale (and the change) is computed. */
export interface CashPaymentInput {
  method: 'cash';
  tenderedFen: Fen;
}

/** Card / Alipay / WeChat Pay: the amount charged on the payment terminal and its reference. */
export interface NonCashPaymentInput {
  method: NonCashMethod;
  amountFen: Fen;
  reference: string;
}

/**
 * One payment line as the payment screen passes it. At most one cash line; lines keep their
 * order, and errors name the line as `payments.<index>.<field>`.
 * e.g. due 25800: [{ method: 'cash', tenderedFen: 20000 }, { method: 'wechat', amountFen: 5800, reference: '4200…' }]
 */
export type PaymentInput = CashPaymentInput | NonCashPaymentInput;

export interface SettledPayment {
  method: PaymentMethod;
  /** Applied to the sale. Cash: tendered - change. */
  amountFen: Fen;
  /** Cash: what was handed over. Others: equal to amountFen. */
  tenderedFen: Fen;
  /** Cash: change given back. Others: 0. */
  changeFen: Fen;
  /** Normalised reference (digits only) for card/alipay/wechat; null for cash. */
  reference: string | null;
}

export type SettlementResult =
  | {
      ok: true;
      lines: SettledPayment[];
      /** Change handed back to the customer (from the cash line). */
      changeFen: Fen;
      /** Cash the customer handed over (0 without a cash line). */
      cashTenderedFen: Fen;
      /** Cash that stays in the drawer: cashTenderedFen - changeFen = the cash line's amountFen. */
      cashInFen: Fen;
      /** Sum of amountFen over all lines; always equals dueFen. */
      totalAppliedFen: Fen;
    }
  | { ok: false; error: AppErrorShape };

/** Reference formats printed by the payment terminal / shown in the payer's app. */
export const REFERENCE_PATTERNS: Readonly<Record<NonCashMethod, RegExp>> = {
  /** bank card: terminal voucher number or retrieval reference number, 6-12 digits */
  card: /^\d{6,12}$/,
  /** Alipay trade number, 28-32 digits */
  alipay: /^\d{28,32}$/,
  /** WeChat Pay transaction id, 28-32 digits */
  wechat: /^\d{28,32}$/,
};

const MISSING_REFERENCE = {
  card: 'paymentReferenceMissingCard',
  alipay: 'paymentReferenceMissingAlipay',
  wechat: 'paymentReferenceMissingWechat',
} as const satisfies Record<NonCashMethod, DomainMessageId>;

const BAD_REFERENCE = {
  card: 'paymentReferenceFormatCard',
  alipay: 'paymentReferenceFormatAlipay',
  wechat: 'paymentReferenceFormatWechat',
} as const satisfies Record<NonCashMethod, DomainMessageId>;

function isPositiveFen(v: unknown): v is Fen {
  return isFen(v) && v > 0;
}

/** Trims, folds full-width digits and removes spaces inside a reference. */
export function normaliseReference(reference: string): string {
  return reference.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Checks the payment lines against the amount due. Rules: the applied total equals dueFen exactly;
 * only cash may be over-tendered (change = cash tendered beyond what the other lines leave due);
 * amounts are positive whole fen; at most one cash line; every other line has a well-formed
 * reference, not repeated for the same method.
 */
export function settlePayments(dueFen: Fen, inputs: readonly PaymentInput[]): SettlementResult {
  const fail = (error: AppErrorShape): SettlementResult => ({ ok: false, error });
  if (!isFen(dueFen)) return fail(domainError('paymentDueInvalid', { field: 'dueFen' }));
  if (!Array.isArray(inputs)) return fail(domainError('paymentAmountInvalid', { field: 'payments' }));

  const lines: SettledPayment[] = [];
  let cashIndex = -1;
  let cashTendered = 0;
  let nonCashTotal = 0;
  let lastNonCashIndex = -1;
  const seenReferences = new Set<string>();

  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Partial<CashPaymentInput> & Partial<Omit<NonCashPaymentInput, 'method'>> & { method?: unknown };
    const at = (name: string) => `payments.${i}.${name}`;
    const method = typeof input === 'object' && input !== null ? input.method : undefined;
    if (typeof method !== 'string' || !(PAYMENT_METHODS as readonly string[]).includes(method)) {
      return fail(domainError('paymentMethodUnknown', { field: at('method'), params: { method: String(method) } }));
    }
    if (method === 'cash') {
      if (cashIndex >= 0) return fail(domainError('paymentMultipleCash', { field: at('method') }));
      if (!isPositiveFen(input.tenderedFen)) return fail(domainError('paymentAmountInvalid', { field: at('tenderedFen') }));
      cashIndex = i;
      cashTendered = input.tenderedFen;
      lines.push({ method: 'cash', amountFen: 0, tenderedFen: cashTendered, changeFen: 0, reference: null });
      continue;
    }
    const m = method as NonCashMethod;
    if (!isPositiveFen(input.amountFen)) return fail(domainError('paymentAmountInvalid', { field: at('amountFen') }));
    const reference = typeof input.reference === 'string' ? normaliseReference(input.reference) : '';
    if (reference === '') return fail(domainError(MISSING_REFERENCE[m], { field: at('reference') }));
    if (!REFERENCE_PATTERNS[m].test(reference)) return fail(domainError(BAD_REFERENCE[m], { field: at('reference') }));
    const key = `${m}:${reference}`;
    if (seenReferences.has(key)) return fail(domainError('paymentReferenceDuplicate', { field: at('reference') }));
    seenReferences.add(key);
    nonCashTotal += input.amountFen;
    lastNonCashIndex = i;
    lines.push({ method: m, amountFen: input.amountFen, tenderedFen: input.amountFen, changeFen: 0, reference });
  }

  if (nonCashTotal > dueFen) {
    return fail(
      domainError('paymentNonCashOver', {
        field: `payments.${lastNonCashIndex}.amountFen`,
        params: { due: formatFen(dueFen), paid: formatFen(nonCashTotal) },
      }),
    );
  }
  const leftForCash = dueFen - nonCashTotal;
  if (cashIndex >= 0) {
    const field = `payments.${cashIndex}.tenderedFen`;
    if (leftForCash === 0) return fail(domainError('paymentCashNotNeeded', { field }));
    if (cashTendered < leftForCash) {
      const paid = nonCashTotal + cashTendered;
      return fail(
        domainError('paymentShort', {
          field,
          params: { due: formatFen(dueFen), paid: formatFen(paid), short: formatFen(dueFen - paid) },
        }),
      );
    }
  } else if (leftForCash > 0) {
    return fail(
      domainError('paymentShort', {
        field: 'payments',
        params: { due: formatFen(dueFen), paid: formatFen(nonCashTotal), short: formatFen(leftForCash) },
      }),
    );
  }

  const changeFen = cashIndex >= 0 ? cashTendered - leftForCash : 0;
  const cashLine = cashIndex >= 0 ? lines[cashIndex] : undefined;
  if (cashLine) {
    cashLine.amountFen = leftForCash;
    cashLine.changeFen = changeFen;
  }
  return {
    ok: true,
    lines,
    changeFen,
    cashTenderedFen: cashTendered,
    cashInFen: cashTendered - changeFen,
    totalAppliedFen: lines.reduce((s, l) => s + l.amountFen, 0),
  };
}

/**
 * Round amounts a customer typically hands over: multiples of 1, 10, 20, 50, 100 and 500 yuan
 * (500 = five 100-yuan notes). Used for the one-key cash buttons.
 */
export const QUICK_CASH_NOTES_FEN: readonly Fen[] = [100, 1000, 2000, 5000, 10000, 50000];

/**
 * One-key cash tender buttons: the exact amount, then the amount rounded up to each of
 * QUICK_CASH_NOTES_FEN, without repeats, at most `maxOptions`. Due 25800 -> [25800, 26000, 30000, 50000].
 */
export function quickTenderOptions(dueFen: Fen, maxOptions = 4): Fen[] {
  if (!isPositiveFen(dueFen)) return [];
  const out: Fen[] = [dueFen];
  for (const step of QUICK_CASH_NOTES_FEN) {
    const rest = dueFen % step;
    const v = rest === 0 ? dueFen : dueFen + (step - rest);
    if (v > (out[out.length - 1] ?? 0)) out.push(v);
  }
  return out.slice(0, Math.max(1, maxOptions));
}
