/**
 * HQ's side of the account services (issue 15 item 3): 挂失, 解挂, phone change and app reset, each an
 * idempotent terminal event applied in the push's transaction (services/events.ts stores the first
 * answer per event id). A refusal changes nothing. The store's `accountServiceSupervisor` setting says
 * which services need a supervisor of the terminal's store.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  accountServiceSupervisorRule,
  APP_RESET_CODE_HOURS,
  maskPhone,
  REPORTED_LOST_REASON_CODE,
  REPORTED_LOST_REASON_TEXT,
  validateMobilePhone,
  type AccountServiceKind,
} from '../../src-shared/domain/account-service';
import type { EventResult, OutboxEvent, RejectionCode, StoreSettings } from '../../src-shared/hq-protocol/schemas';
import type { AccountRow, DeviceRow } from '../db';
import { recordAccountChange } from './change-feed';
import type { HqContext } from './context';
import type { PushScope } from './sale-apply';

type AccountServiceEvent = Extract<OutboxEvent, { type: `account.${string}` }>;

/** What the clerk reads when HQ refuses a service: what is wrong and what to do next. */
const SERVICE_REFUSALS: Partial<Record<RejectionCode, { zh: string; en: string }>> = {
  ACCOUNT_NOT_FOUND: { zh: '总部找不到该账户。请核对客户的身份证号后重新查询。', en: 'HQ has no such account. Check the customer’s ID number and look it up again.' },
  ACCOUNT_CLOSED: { zh: '该账户已注销，不能办理此业务。', en: 'This account is closed; this service is not possible.' },
  DEVICE_NOT_ON_ACCOUNT: { zh: '该设备不属于此账户。请重新查询客户。', en: 'This device is not on the account. Look the customer up again.' },
  SUBSCRIPTION_CANCELLED: {
    zh: '该设备已应客户要求注销，不能挂失或解挂。如需恢复，请客户联系总部客服。',
    en: 'This device was cancelled at the customer’s request; it cannot be reported lost or unlocked. The customer must call HQ customer service.',
  },
  SUBSCRIPTION_SUSPENDED: {
    zh: '该设备已因其他原因暂停（非挂失），不能在柜台挂失或解挂。请客户联系总部客服。',
    en: 'This device is suspended for another reason (not reported lost); it cannot be reported lost or unlocked here. The customer must call HQ customer service.',
  },
  ALREADY_REPORTED_LOST: { zh: '该设备已经挂失，无需重复办理。', en: 'This device is already reported lost; nothing to do.' },
  NOT_REPORTED_LOST: { zh: '该设备没有挂失，无需解挂。', en: 'This device is not reported lost; there is nothing to unlock.' },
  PHONE_INVALID: { zh: '总部不接受该手机号码（应为 11 位，以 13–19 开头）。请核对后重新输入。', en: 'HQ does not accept this mobile number (11 digits starting 13–19). Check it and type it again.' },
  PHONE_UNCHANGED: { zh: '新手机号码与账户现在绑定的号码相同，无需变更。', en: 'The new number is the one already bound to the account; nothing to change.' },
  SUPERVISOR_REQUIRED: { zh: '本门店规定此业务需要主管授权。请主管输入 PIN 后重新办理。', en: 'This store requires a supervisor for this service. Have a supervisor enter their PIN and try again.' },
};

function refuse(eventId: string, code: RejectionCode, processedAt: string): EventResult {
  const m = SERVICE_REFUSALS[code] ?? { zh: code, en: code };
  return { eventId, status: 'rejected', duplicate: false, processedAt, code, messageZh: m.zh, messageEn: m.en };
}

const KIND: Record<AccountServiceEvent['type'], AccountServiceKind> = {
  'account.reportLost': 'reportLost',
  'account.cancelLost': 'cancelLost',
  'account.changePhone': 'changePhone',
  'account.resetApp': 'resetApp',
};

/** A one-time app reset code: 8 digits from the CSPRNG. */
function newResetCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

export function resetCodeHash(code: string): string {
  return createHash('sha256').update(`app-reset:${code}`, 'utf8').digest('hex');
}

/** The device of the event on its account, or the refusal. */
async function deviceOf(ctx: HqContext, account: AccountRow, deviceId: string): Promise<DeviceRow | RejectionCode> {
  const device = await ctx.repos.accounts.findDeviceByIdForUpdate(deviceId);
  if (!device || device.account_id !== account.account_id) return 'DEVICE_NOT_ON_ACCOUNT';
  return device;
}

function isReportedLost(d: DeviceRow): boolean {
  return d.status === 'suspended' && d.status_reason_code === REPORTED_LOST_REASON_CODE;
}

export async function applyAccountService(ctx: HqContext, scope: PushScope, event: AccountServiceEvent): Promise<EventResult> {
  const { accounts, clerks } = ctx.repos;
  const p = event.payload;
  const at = ctx.now();
  const processedAt = at.toISOString();
  const no = (code: RejectionCode) => refuse(event.eventId, code, processedAt);

  const account = await accounts.findAccountByIdForUpdate(p.accountId);
  if (!account) return no('ACCOUNT_NOT_FOUND');
  if (account.status === 'closed') return no('ACCOUNT_CLOSED');

  const settings = JSON.parse((await scope.store())?.settings_json ?? '{}') as Partial<StoreSettings>;
  if (accountServiceSupervisorRule(settings.accountServiceSupervisor)[KIND[event.type]]) {
    const supervisor = p.supervisorClerkId ? await clerks.findById(p.supervisorClerkId) : undefined;
    if (!supervisor || supervisor.role !== 'supervisor' || supervisor.active !== 1 || supervisor.store_id !== scope.terminal.store_id) return no('SUPERVISOR_REQUIRED');
  }

  switch (event.type) {
    case 'account.reportLost': {
      const device = await deviceOf(ctx, account, event.payload.deviceId);
      if (typeof device === 'string') return no(device);
      if (device.status === 'cancelled') return no('SUBSCRIPTION_CANCELLED');
      if (isReportedLost(device)) return no('ALREADY_REPORTED_LOST');
      if (device.status === 'suspended') return no('SUBSCRIPTION_SUSPENDED');
      await accounts.updateSubscription(device.device_id, { ...device, status: 'suspended', status_reason: REPORTED_LOST_REASON_TEXT, status_reason_code: REPORTED_LOST_REASON_CODE });
      await recordAccountChange(ctx, account.account_id, await scope.currentKey());
      return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, subscriptionStatus: 'suspended' };
    }
    case 'account.cancelLost': {
      const device = await deviceOf(ctx, account, event.payload.deviceId);
      if (typeof device === 'string') return no(device);
      if (device.status === 'cancelled') return no('SUBSCRIPTION_CANCELLED');
      if (device.status === 'suspended' && !isReportedLost(device)) return no('SUBSCRIPTION_SUSPENDED');
      if (!isReportedLost(device)) return no('NOT_REPORTED_LOST');
      const status = Date.parse(device.expires_at) > at.getTime() ? 'active' : 'expired';
      await accounts.updateSubscription(device.device_id, { ...device, status, status_reason: null, status_reason_code: null });
      await recordAccountChange(ctx, account.account_id, await scope.currentKey());
      return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, subscriptionStatus: status };
    }
    case 'account.changePhone': {
      const phone = validateMobilePhone(event.payload.phone);
      if (!phone.ok) return no('PHONE_INVALID');
      if (account.phone === phone.value) return no('PHONE_UNCHANGED');
      await accounts.setPhone(account.account_id, phone.value);
      await recordAccountChange(ctx, account.account_id, await scope.currentKey());
      return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, phoneMasked: maskPhone(phone.value) };
    }
    case 'account.resetApp': {
      const code = newResetCode();
      const expiresAt = new Date(at.getTime() + APP_RESET_CODE_HOURS * 3_600_000).toISOString();
      await accounts.putAppResetCode({ account_id: account.account_id, code_sha256: resetCodeHash(code), event_id: event.eventId, issued_at: processedAt, expires_at: expiresAt });
      return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt, resetCode: code, resetCodeExpiresAt: expiresAt };
    }
  }
}

/** The answer as HQ stores it (and answers a repeat with): never the reset code itself. */
export function storedResult(result: EventResult): EventResult {
  if (result.status !== 'confirmed' || result.resetCode === undefined) return result;
  const { resetCode: _code, ...rest } = result;
  void _code;
  return rest;
}
