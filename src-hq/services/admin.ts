/** HQ back-office operations behind /admin. Every change is logged for terminals in the same transaction. */
import type { AccountRecord, ClerkData, PlanData, StoreData, StoreKeyData, TerminalData } from '../../src-shared/hq-protocol/schemas';
import { validateNationalId } from '../../src-shared/domain/national-id';
import { validateDeviceNumber } from '../../src-shared/domain/device-number';
import type {
  CreateStoreGroupInput,
  CreateStoreInput,
  CreateAccountInput,
  CreateClerkInput,
  CreateDeviceInput,
  CreatePlanInput,
  CreateTerminalInput,
  UpdateClerkInput,
  UpdatePlanInput,
  UpdateStoreInput,
  UpdateSubscriptionInput,
} from '../admin-schemas';
import { hashPin, newStoreKeyB64, newTerminalToken, sha256Hex } from '../crypto';
import { HqError } from '../errors';
import type { AccountRow } from '../db';
import {
  compactAll,
  currentKey,
  recordAccountChange,
  recordClerkChange,
  recordPlanChange,
  recordStoreChange,
  recordStoreKeyChange,
  recordTerminalChange,
} from './change-feed';
import type { HqContext } from './context';
import { accountRecord, clerkData, planData, storeData, terminalData } from './records';
import { DEMO_STORE } from '../demo-data';

export function formatAccountId(n: number): string {
  return `A${String(n).padStart(9, '0')}`;
}
export function formatDeviceId(n: number): string {
  return `D${String(n).padStart(9, '0')}`;
}

// ---- plans

export async function createPlan(ctx: HqContext, input: CreatePlanInput): Promise<PlanData> {
  return await ctx.repos.db.tx(async () => {
    if (await ctx.repos.plans.findByCode(input.code)) throw new HqError('CONFLICT', `Plan ${input.code} already exists.`);
    await ctx.repos.plans.insert({
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      data_quota_mb: input.dataQuotaMb,
      device_kind: input.deviceKind,
      terms_json: JSON.stringify(input.terms),
      active: input.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordPlanChange(ctx, input.code);
    return planData((await ctx.repos.plans.findByCode(input.code))!);
  });
}

export async function updatePlan(ctx: HqContext, code: string, patch: UpdatePlanInput): Promise<PlanData> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.plans.findByCode(code);
    if (!row) throw new HqError('NOT_FOUND', `No plan ${code}.`);
    const cur = planData(row);
    const next = { ...cur, ...patch };
    await ctx.repos.plans.update({
      code,
      name_zh: next.nameZh,
      name_en: next.nameEn,
      data_quota_mb: next.dataQuotaMb,
      device_kind: next.deviceKind,
      terms_json: JSON.stringify(next.terms),
      active: next.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordPlanChange(ctx, code);
    return planData((await ctx.repos.plans.findByCode(code))!);
  });
}

export async function listPlans(ctx: HqContext): Promise<PlanData[]> {
  return (await ctx.repos.plans.listAll()).map(planData);
}

// ---- accounts and devices

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

// ---- stores and keys

export async function listStores(ctx: HqContext): Promise<(StoreData & { groupId: string | null })[]> {
  return (await ctx.repos.stores.listStores()).map((s) => ({ ...storeData(s), groupId: s.group_id ?? null }));
}

/** A new store; its settings start from the demo store's defaults (change them with PATCH). */
export async function createStore(ctx: HqContext, input: CreateStoreInput): Promise<StoreData & { groupId: string | null }> {
  return ctx.repos.db.tx(async () => {
    if (await ctx.repos.stores.findStoreByCode(input.code)) throw new HqError('CONFLICT', `Store ${input.code} exists.`);
    if (input.groupId && !(await ctx.repos.stores.findGroup(input.groupId))) throw new HqError('NOT_FOUND', `No store group ${input.groupId}.`);
    const storeId = `store-${input.code}`;
    await ctx.repos.stores.insertStore({
      store_id: storeId,
      code: input.code,
      name: input.name,
      address: input.address,
      phone: input.phone,
      time_zone: input.timeZone,
      settings_json: JSON.stringify(DEMO_STORE.settings),
      updated_at: ctx.now().toISOString(),
    });
    if (input.groupId) await ctx.repos.db.run('UPDATE stores SET group_id = ? WHERE store_id = ?', [input.groupId, storeId]);
    await recordStoreChange(ctx, storeId);
    const row = (await ctx.repos.stores.findStoreById(storeId))!;
    return { ...storeData(row), groupId: row.group_id ?? null };
  });
}

export async function createStoreGroup(ctx: HqContext, input: CreateStoreGroupInput): Promise<{ groupId: string; name: string }> {
  return ctx.repos.db.tx(async () => {
    if (await ctx.repos.stores.findGroup(input.groupId)) throw new HqError('CONFLICT', `Store group ${input.groupId} exists.`);
    await ctx.repos.stores.insertGroup({ group_id: input.groupId, name: input.name, updated_at: ctx.now().toISOString() });
    return { groupId: input.groupId, name: input.name };
  });
}

export async function listStoreGroups(ctx: HqContext): Promise<{ groupId: string; name: string; storeCodes: string[] }[]> {
  const stores = await ctx.repos.stores.listStores();
  return (await ctx.repos.stores.listGroups()).map((g) => ({
    groupId: g.group_id,
    name: g.name,
    storeCodes: stores.filter((s) => s.group_id === g.group_id).map((s) => s.code),
  }));
}

export async function updateStore(ctx: HqContext, code: string, patch: UpdateStoreInput): Promise<StoreData> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.stores.findStoreByCode(code);
    if (!row) throw new HqError('NOT_FOUND', `No store ${code}.`);
    const cur = storeData(row);
    if (patch.groupId && !(await ctx.repos.stores.findGroup(patch.groupId))) throw new HqError('NOT_FOUND', `No store group ${patch.groupId}.`);
    await ctx.repos.stores.updateStore({
      ...row,
      name: patch.name ?? cur.name,
      address: patch.address ?? cur.address,
      phone: patch.phone ?? cur.phone,
      time_zone: patch.timeZone ?? cur.timeZone,
      settings_json: JSON.stringify({ ...cur.settings, ...patch.settings }),
      updated_at: ctx.now().toISOString(),
      group_id: patch.groupId === undefined ? (row.group_id ?? null) : patch.groupId,
    });
    await recordStoreChange(ctx, row.store_id);
    return storeData((await ctx.repos.stores.findStoreById(row.store_id))!);
  });
}

/**
 * Adds a new national-ID key. Every idHash terminals hold is under the old key, so the change
 * log is compacted to here: each terminal's next pull answers resetRequired and it re-snapshots.
 */
export async function rotateStoreKey(ctx: HqContext, keyId?: string): Promise<Omit<StoreKeyData, 'keyBase64'>> {
  return await ctx.repos.db.tx(async () => {
    const createdAt = ctx.now().toISOString();
    const id = keyId ?? `k${await ctx.repos.meta.nextCounter('key_no')}`;
    if (await ctx.repos.stores.findKey(id)) throw new HqError('CONFLICT', `Key ${id} exists.`);
    await ctx.repos.stores.insertKey({ key_id: id, key_b64: newStoreKeyB64(), created_at: createdAt });
    await recordStoreKeyChange(ctx, id);
    await compactAll(ctx);
    return { keyId: id, createdAt };
  });
}

// ---- terminals and clerks

export async function createTerminal(ctx: HqContext, input: CreateTerminalInput, token = newTerminalToken()): Promise<{ terminal: TerminalData; token: string }> {
  return await ctx.repos.db.tx(async () => {
    const store = await ctx.repos.stores.findStoreByCode(input.storeCode);
    if (!store) throw new HqError('NOT_FOUND', `No store ${input.storeCode}.`);
    if (await ctx.repos.terminals.findByStoreAndCode(store.store_id, input.code)) {
      throw new HqError('CONFLICT', `Terminal ${input.code} exists in store ${input.storeCode}.`);
    }
    const terminalId = `${store.code}-${input.code}`;
    await ctx.repos.terminals.insert({
      terminal_id: terminalId,
      store_id: store.store_id,
      code: input.code,
      name: input.name || `${store.name} ${input.code}`,
      token_sha256: sha256Hex(token),
      active: 1,
      config_json: JSON.stringify({ receiptPrefix: `${store.code}${input.code}-`, pullIntervalSeconds: input.pullIntervalSeconds }),
      created_at: ctx.now().toISOString(),
    });
    await recordTerminalChange(ctx, terminalId);
    return { terminal: terminalData((await ctx.repos.terminals.findById(terminalId))!), token };
  });
}

export async function listTerminals(ctx: HqContext): Promise<(TerminalData & { lastSeq: number; contiguousSeq: number })[]> {
  return (await ctx.repos.terminals.listAll()).map((t) => ({ ...terminalData(t), lastSeq: t.last_seq, contiguousSeq: t.contiguous_seq }));
}

export async function setTerminalActive(ctx: HqContext, terminalId: string, active: boolean): Promise<TerminalData> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.terminals.findById(terminalId)) throw new HqError('NOT_FOUND', `No terminal ${terminalId}.`);
    await ctx.repos.terminals.setActive(terminalId, active);
    await recordTerminalChange(ctx, terminalId);
    return terminalData((await ctx.repos.terminals.findById(terminalId))!);
  });
}

export async function createClerk(ctx: HqContext, input: CreateClerkInput): Promise<ClerkData> {
  const pinHash = await hashPin(input.pin);
  return await ctx.repos.db.tx(async () => {
    const store = await ctx.repos.stores.findStoreByCode(input.storeCode);
    if (!store) throw new HqError('NOT_FOUND', `No store ${input.storeCode}.`);
    if (await ctx.repos.clerks.findByStoreAndCode(store.store_id, input.code)) {
      throw new HqError('CONFLICT', `Clerk ${input.code} exists in store ${input.storeCode}.`);
    }
    const clerkId = `${store.code}-${input.code}`;
    await ctx.repos.clerks.insert({
      clerk_id: clerkId,
      store_id: store.store_id,
      code: input.code,
      name: input.name,
      role: input.role,
      pin_hash: pinHash,
      active: 1,
      updated_at: ctx.now().toISOString(),
    });
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

export async function updateClerk(ctx: HqContext, clerkId: string, patch: UpdateClerkInput): Promise<ClerkData> {
  const pinHash = patch.pin ? await hashPin(patch.pin) : undefined;
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.clerks.findById(clerkId);
    if (!row) throw new HqError('NOT_FOUND', `No clerk ${clerkId}.`);
    await ctx.repos.clerks.update({
      ...row,
      name: patch.name ?? row.name,
      role: patch.role ?? row.role,
      pin_hash: pinHash ?? row.pin_hash,
      active: patch.active === undefined ? row.active : patch.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

/**
 * Clears the clerk's PIN lockout on every terminal of the store (issue 10 item 3): a clerk change with a
 * new `unlockedAt`, which each terminal applies once from its next pull.
 */
export async function unlockClerk(ctx: HqContext, clerkId: string): Promise<ClerkData> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.clerks.findById(clerkId)) throw new HqError('NOT_FOUND', `No clerk ${clerkId}.`);
    await ctx.repos.clerks.markUnlocked(clerkId, ctx.now().toISOString());
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

export async function listClerks(ctx: HqContext): Promise<(ClerkData & { storeId: string })[]> {
  return (await ctx.repos.clerks.listAll()).map((c) => ({ ...clerkData(c), storeId: c.store_id }));
}

// ---- received data

/** The terminalSeq an event refused as SEQUENCE_USED carried (the stored row leaves it to the event holding it). */
function seqInBody(bodyJson: string): number | null {
  const s = (JSON.parse(bodyJson) as { terminalSeq?: unknown }).terminalSeq;
  return typeof s === 'number' ? s : null;
}

export async function listEvents(ctx: HqContext, filter: { terminalId?: string; type?: string; limit: number }) {
  return (await ctx.repos.events.list(filter)).map((e) => ({
    eventId: e.event_id,
    terminalId: e.terminal_id,
    terminalSeq: e.terminal_seq ?? seqInBody(e.body_json),
    type: e.type,
    status: e.status,
    receivedAt: e.received_at,
    body: JSON.parse(e.body_json) as unknown,
    result: JSON.parse(e.result_json) as unknown,
  }));
}

export async function listSales(ctx: HqContext, filter: { terminalId?: string; limit: number }) {
  return (await ctx.repos.sales.list(filter)).map((s) => ({
    saleId: s.sale_id,
    eventId: s.event_id,
    terminalId: s.terminal_id,
    receiptNo: s.receipt_no,
    businessDate: s.business_date,
    clerkId: s.clerk_id,
    accountId: s.account_id,
    deviceNumber: s.device_number,
    planCode: s.plan_code,
    termMonths: s.term_months,
    priceFen: s.price_fen,
    payments: JSON.parse(s.payments_json) as unknown,
    changeFen: s.change_fen,
    soldAt: s.sold_at,
    status: s.status,
    rejectCode: s.reject_code,
    hqPreviousExpiry: s.hq_previous_expiry,
    hqNewExpiry: s.hq_new_expiry,
    terminalNewExpiry: s.terminal_new_expiry,
    voidedAt: s.voided_at,
    voidReason: s.void_reason,
    receivedAt: s.received_at,
  }));
}

export async function listDayCloses(ctx: HqContext, limit: number) {
  return (await ctx.repos.sales.listDayCloses(limit)).map((d) => ({
    terminalId: d.terminal_id,
    businessDate: d.business_date,
    eventId: d.event_id,
    zReport: JSON.parse(d.z_report_json) as unknown,
    closedAt: d.closed_at,
    pendingOverride: d.pending_override === 1,
    receivedAt: d.received_at,
  }));
}
