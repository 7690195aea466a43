import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRefundReferences, drawerRefundFen, planRefunds, type RefundablePayment } from './refund-plan';

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
