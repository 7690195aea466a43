import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnresolved, maskPaymentCode, settleWithCode, nextIntentState, OUT_TRADE_NO_MAX, outRefundNo, outTradeNo, recognisePaymentCode, type GatewayAnswer, type IntentState } from './payment-code';

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));

describe('recognisePaymentCode', () => {
  it('examples', () => {
    expect(recognisePaymentCode('134567890123456789')).toEqual({ ok: true, provider: 'wechat', code: '134567890123456789' });
    expect(recognisePaymentCode(' 2812 3456 7890 1234 ')).toEqual({ ok: true, provider: 'alipay', code: '2812345678901234' });
    expect(recognisePaymentCode('３０１２３４５６７８９０１２３４５６７８９０１２')).toMatchObject({ ok: true, provider: 'alipay' });
    expect(recognisePaymentCode('')).toMatchObject({ ok: false, error: { code: 'PAYMENT_CODE_EMPTY', field: 'authCode' } });
    for (const bad of ['164567890123456789', '13456789012345678', '1345678901234567890', '311234567890123456', '241234567890123456', '28123456789012', '2812345678901234567890123', '13456789012345678x']) {
      expect(recognisePaymentCode(bad), bad).toMatchObject({ ok: false, error: { code: 'PAYMENT_CODE_UNKNOWN' } });
    }
  });

  it('every WeChat-shaped code is WeChat, every Alipay-shaped code is Alipay', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 15 }), digits(16, 16), (p, rest) => recognisePaymentCode(`${p}${rest}`).ok && (recognisePaymentCode(`${p}${rest}`) as { provider: string }).provider === 'wechat'));
    fc.assert(fc.property(fc.integer({ min: 25, max: 30 }), digits(14, 22), (p, rest) => (recognisePaymentCode(`${p}${rest}`) as { provider?: string }).provider === 'alipay'));
  });

  it('anything else is refused and names the field', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const code = s.normalize('NFKC').replace(/\s+/g, '');
        const wx = /^1[0-5]\d{16}$/.test(code);
        const ali = /^(2[5-9]|30)\d{14,22}$/.test(code);
        const r = recognisePaymentCode(s, 'payments.0.authCode');
        if (wx || ali) return r.ok;
        return !r.ok && r.error.field === 'payments.0.authCode';
      }),
    );
  });

  it('masks all but the first and last four digits', () => {
    expect(maskPaymentCode('134567890123456789')).toBe('1345**********6789');
  });
});

describe('outTradeNo / outRefundNo', () => {
  it('at most 32 characters, stable per sale and attempt, different across attempts and sales', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), (a, b, n, m) => {
        const x = outTradeNo(a, n);
        if (x.length > OUT_TRADE_NO_MAX || !/^[0-9A-Za-z]+$/.test(x)) return false;
        if (x !== outTradeNo(a.toUpperCase(), n)) return false;
        if (n !== m && x === outTradeNo(a, m)) return false;
        const refund = outRefundNo(x);
        if (refund.length > OUT_TRADE_NO_MAX || refund === x || refund !== outRefundNo(x)) return false;
        const sameHead = a.replace(/-/g, '').slice(0, 29) === b.replace(/-/g, '').slice(0, 29);
        return sameHead || outTradeNo(b, n) !== x;
      }),
    );
  });

  it('refuses what is not a sale id or an attempt', () => {
    expect(() => outTradeNo('not-a-uuid', 1)).toThrow();
    expect(() => outTradeNo('7d1c6a8e-0b7c-4f3e-9a55-1f6f3c1d2e4b', 0)).toThrow();
    expect(() => outTradeNo('7d1c6a8e-0b7c-4f3e-9a55-1f6f3c1d2e4b', 100)).toThrow();
    expect(outTradeNo('7d1c6a8e-0b7c-4f3e-9a55-1f6f3c1d2e4b', 3)).toBe('P7d1c6a8e0b7c4f3e9a551f6f3c1d203');
  });
});

describe('nextIntentState', () => {
  const states: IntentState[] = ['created', 'paying', 'unknown', 'paid', 'declined', 'cancelled', 'refundPending', 'refunded'];
  const answer: fc.Arbitrary<GatewayAnswer> = fc.oneof(
    fc.record({ kind: fc.constant('paid' as const), transactionId: fc.constant('4200000000000000000000000001'), amountFen: fc.integer({ min: 1, max: 100 }) }),
    fc.constant({ kind: 'paying' as const }),
    fc.constant({ kind: 'declined' as const, reason: 'x' }),
    fc.constant({ kind: 'notPaid' as const }),
    fc.constant({ kind: 'closed' as const }),
    fc.constant({ kind: 'noAnswer' as const, reason: 'timeout' }),
  );
  it('a resolved intent never changes; paid only with a paid answer for the exact amount', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), answer, fc.integer({ min: 1, max: 100 }), (s, a, amount) => {
        const next = nextIntentState(s, a, amount);
        if (!isUnresolved(s)) return next === s;
        if (next === 'paid') return a.kind === 'paid' && a.amountFen === amount;
        if (a.kind === 'noAnswer') return next === 'unknown';
        return true;
      }),
    );
  });
});

describe('settleWithCode', () => {
  it('a WeChat code line with cash settles as a WeChat line; the code field is named when wrong', () => {
    const r = settleWithCode(25800, [{ method: 'cash', tenderedFen: 10000 }, { method: 'code', amountFen: 15800, authCode: '134567890123456789' }]);
    expect(r).toMatchObject({ ok: true, changeFen: 0, code: { index: 1, provider: 'wechat', amountFen: 15800 } });
    expect(settleWithCode(100, [{ method: 'code', amountFen: 100, authCode: '99' }])).toMatchObject({ ok: false, error: { field: 'payments.0.authCode' } });
    expect(settleWithCode(200, [{ method: 'code', amountFen: 100, authCode: '134567890123456789' }, { method: 'code', amountFen: 100, authCode: '284567890123456789' }])).toMatchObject({ ok: false, error: { code: 'PAYMENT_MULTIPLE_CODE' } });
  });
  it('the applied total always equals the due when it settles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (due, cash) => {
        const codeFen = Math.max(1, due - cash);
        const lines = cash > 0 && cash < due ? [{ method: 'cash' as const, tenderedFen: cash }, { method: 'code' as const, amountFen: codeFen, authCode: '284567890123456789' }] : [{ method: 'code' as const, amountFen: due, authCode: '284567890123456789' }];
        const r = settleWithCode(due, lines, '2088202612020000000000000001');
        return r.ok && r.totalAppliedFen === due && r.lines.some((l) => l.reference === '2088202612020000000000000001');
      }),
    );
  });
});
