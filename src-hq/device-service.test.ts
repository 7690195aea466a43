import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeviceServiceInfo, EventsResponse } from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, voidEvent, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';
import { lastMonths } from './services/device-service';

/** Issue 15 items 4, 5 (HQ side): GET /v1/devices/:id/service — usage by month, renewals from every store, unlimited plans. */
const a = DEMO_ACCOUNTS[0]!;

describeEachBackend('device service info', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('answers the demo usage of the last 3 months, the renewals (voided too) and the unlimited plans', async () => {
    const device = (await hq.admin('GET', `/admin/accounts/${a.accountId}`)).body.account.devices[0];
    const empty = DeviceServiceInfo.parse((await hq.get(`/v1/devices/${device.deviceId}/service`)).body);
    expect(empty.usage.map((u) => u.usedMb)).toEqual([21_500, 33_800, 27_600]);
    expect(empty.usage.map((u) => u.month)).toEqual(lastMonths(hq.clock.now, 'Asia/Shanghai', 3));
    expect(empty.renewals).toEqual([]);
    expect(empty.unlimitedPlanCodes).toEqual(['YUNL']);

    const first = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000001', createdAt: new Date(Date.now() - 60_000).toISOString() }, 1);
    const second = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000002', planCode: 'C100G', priceFen: 4_900 }, 2);
    EventsResponse.parse((await hq.post('/v1/events', { events: [first, second] })).body);
    await hq.post('/v1/events', { events: [voidEvent(second.type === 'sale.renewal' ? second.payload.saleId : '', 3)] });
    const info = DeviceServiceInfo.parse((await hq.get(`/v1/devices/${device.deviceId}/service`)).body);
    expect(info.renewals.map((r) => [r.receiptNo, r.planCode, r.priceFen, r.status, r.storeCode])).toEqual([
      ['S001-T01-20261125-000002', 'C100G', 4_900, 'voided', 'S001'],
      ['S001-T01-20261125-000001', 'M30G', 2_900, 'confirmed', 'S001'],
    ]);
    expect(info.renewals[0]!.storeName).toBe('星联随身WiFi 中关村店');
  });

  it('admin sets a month’s usage and the unlimited plans; an unknown device or plan is 404', async () => {
    const device = (await hq.admin('GET', `/admin/accounts/${a.accountId}`)).body.account.devices[0];
    const month = lastMonths(hq.clock.now, 'Asia/Shanghai', 1)[0]!;
    expect((await hq.admin('PUT', `/admin/devices/${device.deviceId}/usage/${month}`, { usedMb: 1_000 })).status).toBe(200);
    const info = DeviceServiceInfo.parse((await hq.get(`/v1/devices/${device.deviceId}/service`)).body);
    expect(info.usage.at(-1)).toEqual({ month, usedMb: 1_000 });
    expect((await hq.admin('PUT', '/admin/settings/unlimited-plans', { codes: ['YUNL', 'C100G'] })).body.unlimitedPlanCodes).toEqual(['C100G', 'YUNL']);
    expect((await hq.admin('PUT', '/admin/settings/unlimited-plans', { codes: ['NOPE'] })).status).toBe(404);
    expect((await hq.admin('PUT', `/admin/devices/${device.deviceId}/usage/${month}`, { usedMb: -1 })).status).toBe(400);
    expect((await hq.get('/v1/devices/D999999999/service')).status).toBe(404);
    expect((await hq.get(`/v1/devices/${device.deviceId}/service`, null)).status).toBe(401);
  });
});
