import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRefundReferences, checkVoidRefunds, drawerRefundFen, planRefunds, type RefundablePayment } from './refund-plan';

const GW = '4200000000202612020000000001';

describe('planRefunds', () => {
  it('cash from the drawer, the code payment through the gateway, a card-terminal WeChat line on the card terminal', () => {
    const plan = planRefunds(
      [
        { lineNo: 1, method: 'cash', amountFen: 3000, reference: null },
        { lineNo: 2, method: 'wechat', amountFen: 4000, reference: GW },
        { lineNo: 3, method: 'wechat', amountFen: 1400, reference: '4200001234202611250123456789' },
      ],
      new Set([GW]),
    );
    expect(plan.map((l) => l.route)).toEqual(['drawer', 'gateway', 'cardTerminal']);
    expect(drawerRefundFen(plan)).toBe(3000);
    expect(checkRefundReferences(plan, [])).toMatchObject({ ok: false, error: { field: 'refundReferences.3', code: 'REFUND_REFERENCE_MISSING' } });
    expect(checkRefundReferences(plan, [{ lineNo: 3, reference: '12' }])).toMatchObject({ ok: false, error: { code: 'REFUND_REFERENCE_FORMAT' } });
    expect(checkRefundReferences(plan, [{ lineNo: 3, reference: '4200001234202611259999999999' }])).toMatchObject({ ok: true });
  });

  it('refunds add up to what the sale took, every line exactly once', () => {
    const line = fc.record({
      method: fc.constantFrom('cash' as const, 'card' as const, 'alipay' as const, 'wechat' as const),
      amountFen: fc.integer({ min: 1, max: 1_000_000 }),
      gateway: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (lines) => {
        const payments: RefundablePayment[] = lines.map((l, i) => ({ lineNo: i + 1, method: l.method, amountFen: l.amountFen, reference: l.method === 'cash' ? null : `ref${i}` }));
        const gw = new Set(lines.flatMap((l, i) => (l.gateway && l.method !== 'cash' && l.method !== 'card' ? [`ref${i}`] : [])));
        const plan = planRefunds(payments, gw);
        const total = plan.reduce((s, l) => s + l.amountFen, 0);
        return total === payments.reduce((s, p) => s + p.amountFen, 0) && plan.length === payments.length && plan.every((l) => (l.route === 'gateway') === gw.has(l.originalReference ?? ''));
      }),
    );
  });
});

describe('checkVoidRefunds (HQ)', () => {
  const methodArb = fc.constantFrom('cash', 'card', 'alipay', 'wechat') as fc.Arbitrary<'cash' | 'card' | 'alipay' | 'wechat'>;
  const saleArb = fc
    .array(fc.record({ method: methodArb, amountFen: fc.integer({ min: 1, max: 1_000_000 }) }), { minLength: 1, maxLength: 4 })
    .chain((payments) => {
      const cash = payments.filter((p) => p.method === 'cash').reduce((s, p) => s + p.amountFen, 0);
      return fc.record({ payments: fc.constant(payments), changeFen: fc.integer({ min: 0, max: Math.max(0, cash - 1) }) });
    });
  /** What the terminal sends: planRefunds over the applied amounts (cash: tendered − change on the cash lines). */
  function terminalRefunds(sale: { payments: { method: 'cash' | 'card' | 'alipay' | 'wechat'; amountFen: number }[]; changeFen: number }) {
    let change = sale.changeFen;
    const applied = sale.payments.map((p, i) => {
      let amountFen = p.amountFen;
      if (p.method === 'cash' && change > 0) {
        const c = Math.min(change, amountFen);
        amountFen -= c;
        change -= c;
      }
      return { lineNo: i + 1, method: p.method, amountFen, reference: null };
    });
    return planRefunds(applied, new Set()).map((l) => ({ ...l, reference: null, state: 'done' as const }));
  }

  it("accepts the terminal's own refund plan for any sale", () => {
    fc.assert(
      fc.property(saleArb, (sale) => {
        expect(checkVoidRefunds(sale, terminalRefunds(sale))).toEqual({ ok: true });
      }),
    );
  });

  it('refuses any refund set that gives back more or less of a method', () => {
    fc.assert(
      fc.property(saleArb, fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (sale, delta, more) => {
        const refunds = terminalRefunds(sale);
        fc.pre(refunds.length > 0);
        const first = refunds[0]!;
        const changed = { ...first, amountFen: more ? first.amountFen + delta : first.amountFen - delta };
        fc.pre(changed.amountFen > 0);
        expect(checkVoidRefunds(sale, [changed, ...refunds.slice(1)])).toEqual({ ok: false, reason: 'METHOD_TOTALS' });
      }),
    );
  });

  it('refuses cash not from the drawer, cards from it, and repeated lines', () => {
    const sale = { payments: [{ method: 'cash' as const, amountFen: 10_000 }, { method: 'card' as const, amountFen: 500 }], changeFen: 1_600 };
    const ok = [
      { lineNo: 1, method: 'cash' as const, route: 'drawer' as const, amountFen: 8_400, reference: null, state: 'done' as const },
      { lineNo: 2, method: 'card' as const, route: 'cardTerminal' as const, amountFen: 500, reference: '123456789012', state: 'done' as const },
    ];
    expect(checkVoidRefunds(sale, ok)).toEqual({ ok: true });
    expect(checkVoidRefunds(sale, [{ ...ok[0]!, route: 'cardTerminal' }, ok[1]!])).toEqual({ ok: false, reason: 'ROUTE' });
    expect(checkVoidRefunds(sale, [ok[0]!, { ...ok[1]!, route: 'drawer' }])).toEqual({ ok: false, reason: 'ROUTE' });
    expect(checkVoidRefunds(sale, [ok[0]!, { ...ok[1]!, lineNo: 1 }])).toEqual({ ok: false, reason: 'LINES' });
    expect(checkVoidRefunds(sale, [ok[0]!])).toEqual({ ok: false, reason: 'METHOD_TOTALS' });
  });
});
