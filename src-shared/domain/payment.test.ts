import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUICK_CASH_NOTES_FEN, quickTenderOptions, settlePayments, type PaymentInput } from './payment';

const WX_REF = '4200001234202611251234567890'; // 28 digits
const ALI_REF = '2026112522001412345678901234'; // 28 digits

function settleError(due: number, inputs: unknown[]) {
  const r = settlePayments(due, inputs as PaymentInput[]);
  if (r.ok) throw new Error('expected the payment to be refused');
  return r.error;
}

describe('settlePayments: examples', () => {
  it('cash 200 + WeChat 58 against 258: no change', () => {
    const r = settlePayments(25800, [
      { method: 'cash', tenderedFen: 20000 },
      { method: 'wechat', amountFen: 5800, reference: WX_REF },
    ]);
    expect(r).toEqual({
      ok: true,
      lines: [
        { method: 'cash', amountFen: 20000, tenderedFen: 20000, changeFen: 0, reference: null },
        { method: 'wechat', amountFen: 5800, tenderedFen: 5800, changeFen: 0, reference: WX_REF },
      ],
      changeFen: 0,
      cashTenderedFen: 20000,
      cashInFen: 20000,
      totalAppliedFen: 25800,
    });
  });

  it('cash 300 against 258: change 42', () => {
    const r = settlePayments(25800, [{ method: 'cash', tenderedFen: 30000 }]);
    expect(r).toMatchObject({
      ok: true,
      lines: [{ method: 'cash', amountFen: 25800, tenderedFen: 30000, changeFen: 4200, reference: null }],
      changeFen: 4200,
      cashTenderedFen: 30000,
      cashInFen: 25800,
      totalAppliedFen: 25800,
    });
  });

  it('cash over-tendered alongside a card: change is what the card leaves due', () => {
    const r = settlePayments(25800, [
      { method: 'card', amountFen: 15800, reference: '012345' },
      { method: 'cash', tenderedFen: 20000 },
    ]);
    expect(r).toMatchObject({ ok: true, changeFen: 10000, cashInFen: 10000, totalAppliedFen: 25800 });
  });

  it('normalises references (spaces, full-width digits)', () => {
    const r = settlePayments(100, [{ method: 'card', amountFen: 100, reference: ' １２３ 456 ' }]);
    expect(r.ok && r.lines[0]?.reference).toBe('123456');
  });

  it('accepts nothing to pay with no lines', () => {
    expect(settlePayments(0, [])).toMatchObject({ ok: true, lines: [], changeFen: 0, totalAppliedFen: 0 });
  });
});

describe('settlePayments: refusals', () => {
  it('short payments', () => {
    expect(settleError(25800, [{ method: 'cash', tenderedFen: 20000 }])).toEqual({
      code: 'PAYMENT_SHORT',
      messageKey: 'domain:paymentShort',
      field: 'payments.0.tenderedFen',
      params: { due: '¥258.00', paid: '¥200.00', short: '¥58.00' },
    });
    expect(settleError(25800, [])).toMatchObject({ code: 'PAYMENT_SHORT', field: 'payments' });
    expect(settleError(25800, [{ method: 'alipay', amountFen: 25799, reference: ALI_REF }])).toMatchObject({
      code: 'PAYMENT_SHORT',
      params: { short: '¥0.01' },
    });
  });

  it('only cash may be over-tendered', () => {
    expect(
      settleError(25800, [
        { method: 'card', amountFen: 20000, reference: '123456' },
        { method: 'wechat', amountFen: 6000, reference: WX_REF },
      ]),
    ).toEqual({
      code: 'PAYMENT_NON_CASH_OVER',
      messageKey: 'domain:paymentNonCashOver',
      field: 'payments.1.amountFen',
      params: { due: '¥258.00', paid: '¥260.00' },
    });
    expect(
      settleError(25800, [
        { method: 'cash', tenderedFen: 100 },
        { method: 'card', amountFen: 25800, reference: '123456' },
      ]),
    ).toMatchObject({ code: 'PAYMENT_CASH_NOT_NEEDED', field: 'payments.0.tenderedFen' });
  });

  it('zero, negative and fractional amounts', () => {
    expect(settleError(100, [{ method: 'cash', tenderedFen: 0 }])).toMatchObject({
      code: 'PAYMENT_AMOUNT_INVALID',
      field: 'payments.0.tenderedFen',
    });
    expect(settleError(100, [{ method: 'cash', tenderedFen: -100 }])).toMatchObject({ code: 'PAYMENT_AMOUNT_INVALID' });
    expect(settleError(100, [{ method: 'cash', tenderedFen: 100.5 }])).toMatchObject({ code: 'PAYMENT_AMOUNT_INVALID' });
    expect(settleError(100, [{ method: 'cash' }])).toMatchObject({ code: 'PAYMENT_AMOUNT_INVALID' });
    expect(settleError(100, [{ method: 'card', amountFen: 0, reference: '123456' }])).toMatchObject({
      code: 'PAYMENT_AMOUNT_INVALID',
      field: 'payments.0.amountFen',
    });
    expect(settleError(100, [{ method: 'card', amountFen: 99.9, reference: '123456' }])).toMatchObject({
      code: 'PAYMENT_AMOUNT_INVALID',
    });
    expect(settleError(1.5, [{ method: 'cash', tenderedFen: 200 }])).toMatchObject({ code: 'PAYMENT_DUE_INVALID' });
    expect(settleError(-100, [])).toMatchObject({ code: 'PAYMENT_DUE_INVALID', field: 'dueFen' });
  });

  it('at most one cash line, known methods only', () => {
    expect(
      settleError(300, [
        { method: 'cash', tenderedFen: 100 },
        { method: 'cash', tenderedFen: 200 },
      ]),
    ).toMatchObject({ code: 'PAYMENT_MULTIPLE_CASH', field: 'payments.1.method' });
    expect(settleError(300, [{ method: 'bitcoin', amountFen: 300 }])).toMatchObject({
      code: 'PAYMENT_METHOD_UNKNOWN',
      field: 'payments.0.method',
      params: { method: 'bitcoin' },
    });
    expect(settleError(300, [null])).toMatchObject({ code: 'PAYMENT_METHOD_UNKNOWN' });
  });

  it('references: missing, wrong format per method, repeated', () => {
    expect(settleError(5800, [{ method: 'wechat', amountFen: 5800 }])).toEqual({
      code: 'PAYMENT_REFERENCE_MISSING',
      messageKey: 'domain:paymentReferenceMissingWechat',
      field: 'payments.0.reference',
    });
    expect(settleError(5800, [{ method: 'card', amountFen: 5800, reference: '  ' }])).toMatchObject({
      messageKey: 'domain:paymentReferenceMissingCard',
    });
    expect(settleError(5800, [{ method: 'alipay', amountFen: 5800, reference: '' }])).toMatchObject({
      messageKey: 'domain:paymentReferenceMissingAlipay',
    });
    const bad: [string, string, string][] = [
      ['card', '12345', 'domain:paymentReferenceFormatCard'],
      ['card', '1234567890123', 'domain:paymentReferenceFormatCard'],
      ['card', '12345A', 'domain:paymentReferenceFormatCard'],
      ['alipay', '1'.repeat(27), 'domain:paymentReferenceFormatAlipay'],
      ['alipay', '1'.repeat(33), 'domain:paymentReferenceFormatAlipay'],
      ['wechat', '1'.repeat(27), 'domain:paymentReferenceFormatWechat'],
      ['wechat', `${'1'.repeat(27)}x`, 'domain:paymentReferenceFormatWechat'],
    ];
    for (const [method, reference, key] of bad) {
      expect(settleError(5800, [{ method, amountFen: 5800, reference }])).toMatchObject({
        code: 'PAYMENT_REFERENCE_FORMAT',
        messageKey: key,
        field: 'payments.0.reference',
      });
    }
    for (const [method, reference] of [
      ['card', '123456'],
      ['card', '123456789012'],
      ['alipay', '1'.repeat(32)],
      ['wechat', '1'.repeat(28)],
    ] as const) {
      expect(settlePayments(5800, [{ method, amountFen: 5800, reference }]).ok).toBe(true);
    }
    expect(
      settleError(5800, [
        { method: 'card', amountFen: 2800, reference: '123456' },
        { method: 'card', amountFen: 3000, reference: '123 456' },
      ]),
    ).toMatchObject({ code: 'PAYMENT_REFERENCE_DUPLICATE', field: 'payments.1.reference' });
  });
});

// ---- property tests -------------------------------------------------------------------------

const refFor = { card: /^\d{6,12}$/, alipay: /^\d{28,32}$/, wechat: /^\d{28,32}$/ } as const;
const nonCashLineArb = fc
  .constantFrom('card', 'alipay', 'wechat')
  .chain((method) => fc.record({ method: fc.constant(method), reference: fc.stringMatching(refFor[method]) }));

/** A valid split: random non-cash parts of the due amount, the rest (if any) in cash, over-tendered by a random change. */
const validSplitArb = fc
  .record({
    due: fc.integer({ min: 1, max: 10_000_000 }),
    nonCash: fc.array(nonCashLineArb, { maxLength: 3 }),
    weights: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 4, maxLength: 4 }),
    cashShare: fc.integer({ min: 0, max: 1000 }),
    extraCash: fc.integer({ min: 0, max: 100_000 }),
    cashPosition: fc.nat(),
  })
  .map(({ due, nonCash, weights, cashShare, extraCash, cashPosition }) => {
    // split `due` into integer parts: non-cash lines get shares, cash gets the remainder
    const lines = nonCash.filter((l, i) => nonCash.findIndex((o) => o.method === l.method && o.reference === l.reference) === i);
    const totalWeight = lines.reduce((s, _l, i) => s + (weights[i] ?? 1), 0) + cashShare;
    const amounts = lines.map((_l, i) => Math.floor((due * (weights[i] ?? 1)) / totalWeight));
    const cashDue = due - amounts.reduce((s, a) => s + a, 0);
    const inputs: PaymentInput[] = [];
    lines.forEach((l, i) => {
      const amount = amounts[i] ?? 0;
      if (amount > 0) inputs.push({ method: l.method, amountFen: amount, reference: l.reference });
    });
    if (cashDue > 0 || inputs.length === 0) {
      const cash: PaymentInput = { method: 'cash', tenderedFen: cashDue + extraCash };
      inputs.splice(cashPosition % (inputs.length + 1), 0, cash);
    }
    return { due, inputs, cashDue, extraCash };
  });

describe('settlePayments: properties', () => {
  it('any valid split applies exactly the amount due, and cash tendered - change = cash applied', () => {
    fc.assert(
      fc.property(validSplitArb, ({ due, inputs, cashDue, extraCash }) => {
        const r = settlePayments(due, inputs);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        expect(r.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(due);
        expect(r.totalAppliedFen).toBe(due);
        expect(r.changeFen).toBeGreaterThanOrEqual(0);
        const cash = r.lines.find((l) => l.method === 'cash');
        expect(r.cashTenderedFen - r.changeFen).toBe(cash?.amountFen ?? 0);
        expect(r.cashInFen).toBe(cash?.amountFen ?? 0);
        if (cash) {
          expect(cash.amountFen).toBe(cashDue);
          expect(r.changeFen).toBe(extraCash);
          expect(cash.tenderedFen - cash.changeFen).toBe(cash.amountFen);
        }
        for (const l of r.lines) {
          expect(Number.isSafeInteger(l.amountFen) && l.amountFen > 0).toBe(true);
          if (l.method !== 'cash') expect(l.changeFen).toBe(0);
        }
      }),
    );
  });

  it('refuses a split whose total is short by any amount', () => {
    fc.assert(
      fc.property(validSplitArb, fc.integer({ min: 1, max: 1000 }), ({ due, inputs }, extraDue) => {
        const r = settlePayments(due + extraDue + inputs.reduce((s, i) => s + (i.method === 'cash' ? i.tenderedFen : 0), 0), inputs);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('refuses a split whose card/QR lines add up to more than due, with or without cash', () => {
    fc.assert(
      fc.property(validSplitArb, fc.integer({ min: 1, max: 1000 }), ({ due, inputs }, k) => {
        const i = inputs.findIndex((l) => l.method !== 'cash');
        fc.pre(i >= 0);
        const nonCash = inputs.reduce((s, l) => s + (l.method === 'cash' ? 0 : l.amountFen), 0);
        const extra = due - nonCash + k; // non-cash total becomes due + k
        const changed = inputs.map((l, j) => (j === i && l.method !== 'cash' ? { ...l, amountFen: l.amountFen + extra } : l));
        const r = settlePayments(due, changed);
        expect(r.ok ? null : r.error.code).toBe('PAYMENT_NON_CASH_OVER');
      }),
    );
  });

  it('refuses any line with a zero, negative or fractional amount', () => {
    const badAmount = fc.oneof(
      fc.constant(0),
      fc.integer({ min: -1_000_000, max: -1 }),
      fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
    );
    fc.assert(
      fc.property(validSplitArb, fc.nat(), badAmount, ({ due, inputs }, pick, bad) => {
        const i = pick % inputs.length;
        const changed = inputs.map((l, j) =>
          j !== i ? l : l.method === 'cash' ? { ...l, tenderedFen: bad } : { ...l, amountFen: bad },
        );
        const r = settlePayments(due, changed);
        expect(r.ok ? null : r.error.code).toBe('PAYMENT_AMOUNT_INVALID');
        expect(r.ok ? null : r.error.field).toMatch(new RegExp(`^payments\\.${i}\\.`));
      }),
    );
  });
});

describe('settlePayments: reference property', () => {
  it('refuses any reference that is not the right number of digits for its method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('card', 'alipay', 'wechat'),
        fc.string({ maxLength: 40 }),
        (method, reference) => {
          const normalised = reference.normalize('NFKC').replace(/\s+/g, '');
          fc.pre(!refFor[method].test(normalised));
          const r = settlePayments(100, [{ method, amountFen: 100, reference }]);
          expect(r.ok ? null : r.error.code).toMatch(/^PAYMENT_REFERENCE_(FORMAT|MISSING)$/);
        },
      ),
    );
  });
});

describe('quickTenderOptions', () => {
  it('offers the exact amount then the next round amounts', () => {
    expect(quickTenderOptions(25800)).toEqual([25800, 26000, 30000, 50000]);
    expect(quickTenderOptions(25735)).toEqual([25735, 25800, 26000, 30000]);
    expect(quickTenderOptions(1200)).toEqual([1200, 2000, 5000, 10000]);
    expect(quickTenderOptions(10000)).toEqual([10000, 50000]);
    expect(quickTenderOptions(0)).toEqual([]);
    expect(quickTenderOptions(25800, 2)).toEqual([25800, 26000]);
    expect(QUICK_CASH_NOTES_FEN).toContain(10000);
  });

  it('options are ascending, start at the due amount, and each settles in cash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (due) => {
        const options = quickTenderOptions(due);
        expect(options[0]).toBe(due);
        for (let i = 1; i < options.length; i++) expect(options[i]).toBeGreaterThan(options[i - 1] ?? 0);
        for (const o of options) {
          const r = settlePayments(due, [{ method: 'cash', tenderedFen: o }]);
          expect(r.ok && r.changeFen).toBe(o - due);
        }
      }),
    );
  });
});
