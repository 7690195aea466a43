import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { loadConfig } from '../../src-main/config';
import { createLogger } from '../../src-main/logger';
import { bootCounter, describeDataLocations, type RunningCounter } from '../../src-main/runtime';
import { DEMO_ACCOUNTS, DEMO_CLERKS } from '../../src-hq/demo-data';
import { demoServices } from './services';

/**
 * `npm start` with nothing configured: the demo composition starts the reference HQ, the virtual
 * printer and the simulated payment gateway, so a scanned payment code is charged (issue 14).
 */
let dir: string;
let running: RunningCounter;

async function call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const env = await running.app.dispatch(name, input, { transport: 'test' });
  if (!env.ok) throw new Error(`${name}: ${env.error.code} ${env.error.messageKey}`);
  return env.result as MethodOutput<K>;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-services-'));
  const config = loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_GATEWAY_TIMEOUT_MS: '2000' });
  expect(config.paymentGateway).toBeUndefined();
  running = await bootCounter(config, createLogger({ name: 'test', level: 'silent', stdout: false }), demoServices);
  await running.app.ctx!.puller.pullNow();
  await running.app.ctx!.importer.ensure();
});
afterAll(async () => {
  await running.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('starts the simulated gateway when COUNTER_PAYMENT_GATEWAY_URL is unset, and a WeChat payment code is charged through it', async () => {
  expect(running.embedded).toEqual({ hq: true, printer: true, gateway: true });
  expect(running.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(describeDataLocations(loadConfig({ COUNTER_DATA_DIR: dir }), running).join('\n')).toContain(`Payment gateway: ${running.gatewayUrl}  (simulated`);

  const clerk = DEMO_CLERKS[0]!;
  const clerkId = (await call('auth.listClerks', {})).clerks.find((c) => c.code === clerk.code)!.clerkId;
  await call('auth.signIn', { clerkId, pin: clerk.pin });
  await call('shift.open', { counts: { '10000': 1 } });
  const a = DEMO_ACCOUNTS[0]!;
  const card = (await call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  const { sale } = await call('sales.confirm', {
    saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen,
    payments: [{ method: 'code', amountFen: q.priceFen, authCode: '134567890123456789' }],
  });
  expect(sale.payments).toEqual([expect.objectContaining({ method: 'wechat', amountFen: q.priceFen })]);
  const orders = (await (await fetch(`${running.gatewayUrl}/admin/orders`)).json()) as { orders: { state: string; provider: string; amountFen: number }[] };
  expect(orders.orders).toEqual([expect.objectContaining({ state: 'SUCCESS', provider: 'wechat', amountFen: q.priceFen })]);
});
