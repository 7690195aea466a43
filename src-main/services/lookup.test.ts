/**
 * Lookup through the real dispatch on a real terminal (SQLite cache) filled from a real HQ: the ID-only
 * lookup (issue 15 item 1) from the cache and from HQ's live lookup, the device list of the ID + device
 * lookup, and the shared failure count / lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImei, makeNationalId } from '../../src-shared/domain';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

let hq: TestHq;
let t: TestTerminal;
const TWO = DEMO_ACCOUNTS.find((a) => a.devices.length === 2)!;

async function refused(p: Promise<unknown>): Promise<{ code: string; messageKey: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    return (e as { shape: { code: string; messageKey: string; field?: string } }).shape;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  const clerk = DEMO_CLERKS[0];
  const clerkId = t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId;
  await t.call('auth.signIn', { clerkId, pin: clerk.pin });
}, 60_000);
afterAll(async () => {
  await t.close();
  await hq.stop();
});

describe('ID-only lookup', () => {
  it('lists every device of the account from the cache, masked, each with its plan, expiry and status', async () => {
    const { devices } = await t.call('lookup.findById', { nationalId: TWO.nationalId });
    expect(devices.map((d) => d.device.numberMasked).sort()).toEqual(TWO.devices.map((d) => `${'*'.repeat(d.number.length - 6)}${d.number.slice(-6)}`).sort());
    for (const d of devices) {
      expect(d).toMatchObject({ accountId: TWO.accountId, source: 'cache', otherDevices: 1 });
      expect(d.plan.code).toBeTruthy();
      expect(['active', 'expired']).toContain(d.status);
    }
    expect(new Set(devices.map((d) => d.status))).toEqual(new Set(['active', 'expired'])); // one active, one expired 3 days ago
    expect(JSON.stringify(devices)).not.toContain(TWO.nationalId);
    for (const dev of TWO.devices) expect(JSON.stringify(devices)).not.toContain(dev.number);
  });

  it('the ID + device lookup answers the account’s other devices too', async () => {
    const r = await t.call('lookup.find', { nationalId: TWO.nationalId, deviceNumber: TWO.devices[1]!.number });
    expect(r.account.otherDevices).toBe(1);
    expect(r.devices.map((d) => d.device.deviceId).sort()).toEqual([...new Set(r.devices.map((d) => d.device.deviceId))].sort());
    expect(r.devices).toHaveLength(2);
    expect(r.devices.map((d) => d.device.deviceId)).toContain(r.account.device.deviceId);
    const one = await t.call('lookup.find', { nationalId: DEMO_ACCOUNTS[0]!.nationalId, deviceNumber: DEMO_ACCOUNTS[0]!.devices[0]!.number });
    expect(one.devices).toEqual([one.account]);
  });

  it('an account the cache does not hold yet comes from HQ’s lookup by ID, and is cached', async () => {
    const nationalId = makeNationalId('320102', '19880808', '031');
    const created = await hq.admin('POST', '/admin/accounts', {
      holderName: '新客户',
      nationalId,
      devices: [
        { kind: 'imei', number: makeImei('86452905777777'), planCode: 'M30G', expiresAt: '2027-03-01T00:00:00Z' },
        { kind: 'imei', number: makeImei('86452905888888'), planCode: 'C100G', expiresAt: '2027-04-01T00:00:00Z', status: 'suspended', statusReason: '挂失', statusReasonCode: 'reported_lost' },
      ],
    });
    expect(created.status).toBe(201);
    const first = await t.call('lookup.findById', { nationalId });
    expect(first.devices.map((d) => [d.source, d.status])).toEqual([
      ['hq', 'active'],
      ['hq', 'suspended'],
    ]);
    expect(first.devices[1]).toMatchObject({ statusReasonCode: 'reported_lost', renewable: false });
    const second = await t.call('lookup.findById', { nationalId });
    expect(second.devices.map((d) => d.source)).toEqual(['cache', 'cache']);
  });

  it('a bad ID names the field and asks nothing', async () => {
    const e = await refused(t.call('lookup.findById', { nationalId: '110105194912310021' }));
    expect(e).toMatchObject({ code: 'NATIONAL_ID_CHECK_CHAR', field: 'nationalId' });
    expect((await t.call('lookup.state', {})).failures).toBe(0);
  });

  it('a miss counts with the pair misses; the fifth locks both lookups until a supervisor unlocks', async () => {
    const unknown = (i: number) => makeNationalId('110101', `1980010${i}`, '123');
    for (let i = 1; i <= 2; i++) {
      expect(await refused(t.call('lookup.findById', { nationalId: unknown(i) }))).toMatchObject({ code: 'NOT_FOUND', messageKey: 'lookup:noMatchId' });
    }
    // a real ID with another customer's device: the same count
    for (let i = 0; i < 2; i++) {
      expect(await refused(t.call('lookup.find', { nationalId: TWO.nationalId, deviceNumber: DEMO_ACCOUNTS[0]!.devices[0]!.number }))).toMatchObject({
        code: 'NOT_FOUND',
        messageKey: 'lookup:noMatch',
      });
    }
    expect((await t.call('lookup.state', {})).failures).toBe(4);
    expect(await refused(t.call('lookup.findById', { nationalId: unknown(5) }))).toMatchObject({ messageKey: 'lookup:locked' });
    expect(await t.call('lookup.state', {})).toEqual({ locked: true, failures: 5 });
    // a known ID is refused now too
    expect(await refused(t.call('lookup.findById', { nationalId: TWO.nationalId }))).toMatchObject({ code: 'LOCKED' });
    const sup = DEMO_CLERKS[2];
    await t.call('lookup.unlock', { supervisorId: t.ctx.auth.listClerks().find((c) => c.code === sup.code)!.clerkId, pin: sup.pin });
    expect((await t.call('lookup.findById', { nationalId: TWO.nationalId })).devices).toHaveLength(2);
  });

  it('HQ offline and the ID not cached: says so, and does not count as a miss', async () => {
    const before = (await t.call('lookup.state', {})).failures;
    await hq.close();
    const e = await refused(t.call('lookup.findById', { nationalId: makeNationalId('110101', '19800109', '123') }));
    expect(e).toMatchObject({ code: 'UNAVAILABLE', messageKey: 'lookup:notCachedHqOffline' });
    expect((await t.call('lookup.state', {})).failures).toBe(before);
    // the cache still serves the IDs it holds
    expect((await t.call('lookup.findById', { nationalId: TWO.nationalId })).devices).toHaveLength(2);
  });
});
