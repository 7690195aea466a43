import { afterEach, describe, expect, it } from 'vitest';
import { startPaymentGatewaySimulator, type GatewaySimulator } from './server';
import { createHttpGatewayAdapter } from '../../src-main/services/pay/http-gateway-adapter';

let sim: GatewaySimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const charge = { outTradeNo: 'P0000000000000000000000000000001', authCode: '134567890123456789', provider: 'wechat' as const, amountFen: 8400, description: 'M30G 3' };

describe('simulated payment gateway through the HTTP adapter', () => {
  it('success is idempotent on the order number: a repeat is answered from the order, never charged again', async () => {
    sim = await startPaymentGatewaySimulator();
    const gw = createHttpGatewayAdapter({ baseUrl: sim.url, timeoutMs: 2000 });
    const a = await gw.charge(charge);
    const b = await gw.charge(charge);
    expect(a).toMatchObject({ kind: 'paid', amountFen: 8400 });
    expect(b).toEqual(a);
    expect(sim.orders()).toMatchObject([{ state: 'SUCCESS', chargeRequests: 2 }]);
    expect(await gw.query(charge.outTradeNo)).toEqual(a);
  });

  it('reply lost and timeout: no answer, but the query finds the charge', async () => {
    for (const mode of ['replyLost', 'timeout'] as const) {
      sim = await startPaymentGatewaySimulator({ faults: { charge: mode, times: 1 } });
      const gw = createHttpGatewayAdapter({ baseUrl: sim.url, timeoutMs: 300 });
      expect(await gw.charge(charge)).toMatchObject({ kind: 'noAnswer' });
      expect(await gw.query(charge.outTradeNo)).toMatchObject({ kind: 'paid', amountFen: 8400 });
      await sim.close();
      sim = null;
    }
  });

  it('user confirm, cancel, decline, refund idempotent on the refund number, refund failure', async () => {
    sim = await startPaymentGatewaySimulator({ faults: { charge: 'userConfirm', times: 1 } });
    const gw = createHttpGatewayAdapter({ baseUrl: sim.url, timeoutMs: 2000 });
    expect(await gw.charge(charge)).toEqual({ kind: 'paying' });
    expect(await gw.cancel(charge.outTradeNo)).toEqual({ kind: 'cancelled' });
    expect(await gw.query(charge.outTradeNo)).toEqual({ kind: 'closed' });
    expect(await gw.charge(charge)).toEqual({ kind: 'closed' }); // a closed number is never charged
    sim.setFaults({ charge: 'declined', times: 1 });
    const other = { ...charge, outTradeNo: 'P0000000000000000000000000000002' };
    expect(await gw.charge(other)).toMatchObject({ kind: 'declined' });
    const third = { ...charge, outTradeNo: 'P0000000000000000000000000000003' };
    expect(await gw.charge(third)).toMatchObject({ kind: 'paid' });
    sim.setFaults({ refund: 'fail' });
    const refund = { outTradeNo: third.outTradeNo, outRefundNo: 'R0000000000000000000000000000003', amountFen: 8400 };
    expect(await gw.refund(refund)).toMatchObject({ kind: 'failed' });
    sim.setFaults({ refund: 'ok' });
    const r1 = await gw.refund(refund);
    const r2 = await gw.refund(refund);
    expect(r1).toMatchObject({ kind: 'refunded' });
    expect(r2).toEqual(r1);
    expect(sim.orders().find((o) => o.outTradeNo === third.outTradeNo)!.refunds).toHaveLength(1);
  });
});
