/**
 * The account service events on both HQ backends (issue 15 item 3): each applies, a repeat answers the
 * stored first answer (never the reset code again) and changes nothing more, and each has its refusals.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigSnapshot, type AccountRecord, type OutboxEvent } from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';
import { resetCodeHash } from './services/account-service';

const ACTIVE = DEMO_ACCOUNTS[0]!;
const LOST = DEMO_ACCOUNTS[2]!; // 挂失
const CANCELLED = DEMO_ACCOUNTS[3]!; // cancelled at the customer's request

describeEachBackend('account service events', (backend) => {
  let hq: TestHq;
  let seq = 0;
  let clerkId = '';
  let supervisorId = '';
  beforeEach(async () => {
    hq = await startTestHq({ backend });
    const config = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    clerkId = config.clerks.find((c) => c.role === 'clerk')!.clerkId;
    supervisorId = config.clerks.find((c) => c.role === 'supervisor')!.clerkId;
    seq = 0;
  });
  afterEach(async () => {
    await hq.stop();
  });

  async function account(accountId: string): Promise<AccountRecord> {
    return (await hq.admin('GET', `/admin/accounts/${accountId}`)).body.account as AccountRecord;
  }

  function event(type: OutboxEvent['type'], payload: Record<string, unknown>, supervisor = false): OutboxEvent {
    const eventId = randomUUID();
    const now = new Date().toISOString();
    return {
      eventId,
      terminalSeq: ++seq,
      createdAt: now,
      type,
      payload: { serviceId: eventId, businessDate: now.slice(0, 10), clerkId, requestedAt: now, ...(supervisor ? { supervisorClerkId: supervisorId } : {}), ...payload },
    } as OutboxEvent;
  }

  async function push(e: OutboxEvent) {
    const r = await hq.post('/v1/events', { events: [e] });
    expect(r.status).toBe(200);
    return r.body.results[0];
  }

  it('挂失 suspends the device as reported lost; a repeat answers the same; a second report is refused', async () => {
    const deviceId = (await account(ACTIVE.accountId)).devices[0]!.deviceId;
    const e = event('account.reportLost', { accountId: ACTIVE.accountId, deviceId });
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: false, subscriptionStatus: 'suspended' });
    const after = await account(ACTIVE.accountId);
    expect(after.devices[0]!.subscription).toMatchObject({ status: 'suspended', statusReasonCode: 'reported_lost', statusReason: '挂失' });
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: true });
    expect((await account(ACTIVE.accountId)).version).toBe(after.version);
    const again = await push(event('account.reportLost', { accountId: ACTIVE.accountId, deviceId }));
    expect(again).toMatchObject({ status: 'rejected', code: 'ALREADY_REPORTED_LOST' });
    expect(again.messageZh).toContain('已经挂失');
    // the change reaches terminals through the feed
    const feed = (await hq.get('/v1/changes?cursor=0&limit=5000')).body.changes as { kind: string; data: AccountRecord }[];
    expect(feed.filter((c) => c.kind === 'account' && c.data.accountId === ACTIVE.accountId).at(-1)!.data.devices[0]!.subscription.status).toBe('suspended');
  });

  it('解挂 needs a supervisor (the default), lifts the report, and is refused on a device cancelled at the customer’s request', async () => {
    const deviceId = (await account(LOST.accountId)).devices[0]!.deviceId;
    const noSupervisor = await push(event('account.cancelLost', { accountId: LOST.accountId, deviceId }));
    expect(noSupervisor).toMatchObject({ status: 'rejected', code: 'SUPERVISOR_REQUIRED' });
    expect((await account(LOST.accountId)).devices[0]!.subscription.status).toBe('suspended');
    // a clerk named as the supervisor is not one
    const clerkAsSupervisor = event('account.cancelLost', { accountId: LOST.accountId, deviceId, supervisorClerkId: clerkId });
    expect(await push(clerkAsSupervisor)).toMatchObject({ status: 'rejected', code: 'SUPERVISOR_REQUIRED' });

    const e = event('account.cancelLost', { accountId: LOST.accountId, deviceId }, true);
    expect(await push(e)).toMatchObject({ status: 'confirmed', subscriptionStatus: 'active' });
    const lifted = (await account(LOST.accountId)).devices[0]!.subscription;
    expect(lifted.status).toBe('active');
    expect(lifted.statusReasonCode).toBeUndefined();
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: true });
    expect(await push(event('account.cancelLost', { accountId: LOST.accountId, deviceId }, true))).toMatchObject({ status: 'rejected', code: 'NOT_REPORTED_LOST' });

    const cancelled = (await account(CANCELLED.accountId)).devices[0]!;
    const refused = await push(event('account.cancelLost', { accountId: CANCELLED.accountId, deviceId: cancelled.deviceId }, true));
    expect(refused).toMatchObject({ status: 'rejected', code: 'SUBSCRIPTION_CANCELLED' });
    expect(refused.messageEn).toContain('cancelled at the customer’s request');
    expect((await account(CANCELLED.accountId)).devices[0]!.subscription.status).toBe('cancelled');
    expect(await push(event('account.reportLost', { accountId: CANCELLED.accountId, deviceId: cancelled.deviceId }))).toMatchObject({ code: 'SUBSCRIPTION_CANCELLED' });
    // a device of another account
    expect(await push(event('account.reportLost', { accountId: ACTIVE.accountId, deviceId: cancelled.deviceId }))).toMatchObject({ code: 'DEVICE_NOT_ON_ACCOUNT' });
  });

  it('the phone change binds a valid new number; a wrong shape or the same number is refused', async () => {
    expect(await push(event('account.changePhone', { accountId: ACTIVE.accountId, phone: '12345' }))).toMatchObject({ status: 'rejected', code: 'PHONE_INVALID' });
    const e = event('account.changePhone', { accountId: ACTIVE.accountId, phone: '13812345678' });
    expect(await push(e)).toMatchObject({ status: 'confirmed', phoneMasked: '138****5678' });
    expect((await account(ACTIVE.accountId)).phoneMasked).toBe('138****5678');
    expect(await hq.scalar('SELECT phone FROM accounts WHERE account_id = ?', [ACTIVE.accountId])).toBe('13812345678');
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: true, phoneMasked: '138****5678' });
    expect(await push(event('account.changePhone', { accountId: ACTIVE.accountId, phone: '138 1234 5678' }))).toMatchObject({ status: 'rejected', code: 'PHONE_UNCHANGED' });
  });

  it('the app reset answers a one-time code once; HQ keeps only its hash; a repeat answers without it', async () => {
    expect(await push(event('account.resetApp', { accountId: ACTIVE.accountId }))).toMatchObject({ status: 'rejected', code: 'SUPERVISOR_REQUIRED' });
    const e = event('account.resetApp', { accountId: ACTIVE.accountId }, true);
    const first = await push(e);
    expect(first).toMatchObject({ status: 'confirmed', duplicate: false });
    expect(first.resetCode).toMatch(/^\d{8}$/);
    expect(Date.parse(first.resetCodeExpiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await hq.scalar('SELECT code_sha256 FROM app_reset_codes WHERE account_id = ?', [ACTIVE.accountId])).toBe(resetCodeHash(first.resetCode));
    const stored = String(await hq.scalar('SELECT result_json FROM events WHERE event_id = ?', [e.eventId]));
    expect(stored).not.toContain(first.resetCode);
    const repeat = await push(e);
    expect(repeat).toMatchObject({ status: 'confirmed', duplicate: true });
    expect(repeat.resetCode).toBeUndefined();
    // a new reset replaces the code
    const second = await push(event('account.resetApp', { accountId: ACTIVE.accountId }, true));
    expect(await hq.scalar('SELECT code_sha256 FROM app_reset_codes WHERE account_id = ?', [ACTIVE.accountId])).toBe(resetCodeHash(second.resetCode));
  });

  it('the store setting decides which services need a supervisor', async () => {
    expect((await hq.admin('PATCH', '/admin/stores/S001', { settings: { accountServiceSupervisor: { reportLost: true, resetApp: false } } })).status).toBe(200);
    const deviceId = (await account(ACTIVE.accountId)).devices[0]!.deviceId;
    expect(await push(event('account.reportLost', { accountId: ACTIVE.accountId, deviceId }))).toMatchObject({ code: 'SUPERVISOR_REQUIRED' });
    expect((await account(ACTIVE.accountId)).devices[0]!.subscription.status).toBe('active');
    expect(await push(event('account.resetApp', { accountId: ACTIVE.accountId }))).toMatchObject({ status: 'confirmed' });
    const config = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    expect(config.store.settings.accountServiceSupervisor).toEqual({ reportLost: true, resetApp: false });
  });
});
