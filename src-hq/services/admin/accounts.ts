/** HQ back-office (/admin): Accounts and their devices: create, add a device, status, subscription changes. Every change is logged for terminals in the same transaction. */
import type { AccountRecord } from '../../../src-shared/hq-protocol/schemas';
import { validateNationalId } from '../../../src-shared/domain/national-id';
import { validateDeviceNumber } from '../../../src-shared/domain/device-number';
import type { CreateAccountInput, CreateDeviceInput, UpdateSubscriptionInput } from '../../admin-schemas';
import { HqError } from '../../errors';
import type { AccountRow } from '../../db';
import { currentKey, recordAccountChange } from '../change-feed';
import type { HqContext } from '../context';
import { accountRecord } from '../records';
import { indexAccountIdHashes } from '../id-hash-index';

export function formatAccountId(n: number): string {
  return `A${String(n).padStart(9, '0')}`;
}
export function formatDeviceId(n: number): string {
  return `D${String(n).padStart(9, '0')}`;
}


async function insertDevice(ctx: HqContext, accountId: string, d: CreateDeviceInput): Promise<void> {
  const number = validateDeviceNumber(d.number);
  if (!number.ok || number.kind !== d.kind) {
    throw new HqError('INVALID_INPUT', `Device number is not a valid ${d.kind.toUpperCase()}.`);
  }
  if (await ctx.repos.accounts.findDeviceByNumber(number.value)) {
    throw new HqError('CONFLICT', 'This device number is already on an account.');
  }
  const plan = await ctx.repos.plans.findByCode(d.planCode);
  if (!plan) throw new HqError('INVALID_INPUT', `No plan ${d.planCode}.`);
  await ctx.repos.accounts.insertDevice({
    device_id: formatDeviceId(await ctx.repos.meta.nextCounter('device_no')),
    account_id: accountId,
    kind: d.kind,
    number: number.value,
    plan_code: plan.code,
    expires_at: new Date(d.expiresAt).toISOString(),
    data_quota_mb: plan.data_quota_mb,
    data_used_mb: d.dataUsedMb,
    usage_as_of: ctx.now().toISOString(),
    status: d.status,
    status_reason: d.statusReason ?? null,
    status_reason_code: d.statusReasonCode ?? null,
  });
}

async function accountView(ctx: HqContext, accountId: string): Promise<AccountRecord> {
  const account = await ctx.repos.accounts.findAccountById(accountId);
  if (!account) throw new HqError('NOT_FOUND', `No account ${accountId}.`);
  return accountRecord(account, await ctx.repos.accounts.findDevicesByAccount(accountId), await currentKey(ctx), ctx.now());
}

export async function createAccount(ctx: HqContext, input: CreateAccountInput, accountId?: string): Promise<AccountRecord> {
  const id = validateNationalId(input.nationalId, { now: ctx.now() });
  if (!id.ok) throw new HqError('INVALID_INPUT', 'nationalId is not a valid resident ID number.');
  return await ctx.repos.db.tx(async () => {
    if (await ctx.repos.accounts.findAccountByNationalId(id.value)) {
      throw new HqError('CONFLICT', 'An account with this national ID already exists.');
    }
    const now = ctx.now().toISOString();
    const newId = accountId ?? formatAccountId(await ctx.repos.meta.nextCounter('account_no'));
    const home = input.homeStoreCode ? await ctx.repos.stores.findStoreByCode(input.homeStoreCode) : undefined;
    if (input.homeStoreCode && !home) throw new HqError('INVALID_INPUT', `No store ${input.homeStoreCode}.`);
    const row: AccountRow = {
      home_store_id: home?.store_id ?? null,
      account_id: newId,
      holder_name: input.holderName,
      national_id: id.value,
      status: input.status,
      version: 0,
      created_at: now,
      updated_at: now,
    };
    await ctx.repos.accounts.insertAccount(row);
    await indexAccountIdHashes(ctx, newId, id.value);
    for (const d of input.devices) await insertDevice(ctx, newId, d);
    await recordAccountChange(ctx, newId);
    return await accountView(ctx, newId);
  });
}

export async function addDevice(ctx: HqContext, accountId: string, input: CreateDeviceInput): Promise<AccountRecord> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.accounts.findAccountById(accountId)) throw new HqError('NOT_FOUND', `No account ${accountId}.`);
    await insertDevice(ctx, accountId, input);
    await recordAccountChange(ctx, accountId);
    return await accountView(ctx, accountId);
  });
}

export async function getAccount(ctx: HqContext, accountId: string): Promise<AccountRecord> {
  return await accountView(ctx, accountId);
}

export async function setAccountStatus(ctx: HqContext, accountId: string, status: AccountRow['status']): Promise<AccountRecord> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.accounts.findAccountById(accountId)) throw new HqError('NOT_FOUND', `No account ${accountId}.`);
    await ctx.repos.accounts.setAccountStatus(accountId, status);
    await recordAccountChange(ctx, accountId);
    return await accountView(ctx, accountId);
  });
}

export async function updateSubscription(ctx: HqContext, deviceId: string, patch: UpdateSubscriptionInput): Promise<AccountRecord> {
  return await ctx.repos.db.tx(async () => {
    const d = await ctx.repos.accounts.findDeviceById(deviceId);
    if (!d) throw new HqError('NOT_FOUND', `No device ${deviceId}.`);
    const status = patch.status ?? d.status;
    const statusChanged = patch.status !== undefined && patch.status !== d.status;
    const reason = patch.statusReason !== undefined ? patch.statusReason : statusChanged ? null : d.status_reason;
    const reasonCode = patch.statusReasonCode !== undefined ? patch.statusReasonCode : statusChanged ? null : d.status_reason_code;
    await ctx.repos.accounts.updateSubscription(deviceId, {
      plan_code: d.plan_code,
      expires_at: patch.expiresAt ? new Date(patch.expiresAt).toISOString() : d.expires_at,
      data_quota_mb: d.data_quota_mb,
      status,
      status_reason: reason,
      status_reason_code: reasonCode,
    });
    if (patch.dataUsedMb !== undefined) await ctx.repos.accounts.updateUsage(deviceId, patch.dataUsedMb, ctx.now().toISOString());
    await recordAccountChange(ctx, d.account_id);
    return await accountView(ctx, d.account_id);
  });
}
