/** Rows -> protocol records (the shapes terminals receive). */
import type {
  AccountRecord,
  ClerkData,
  PlanData,
  PlanTerm,
  StoreData,
  StoreKeyData,
  StoreSettings,
  TerminalConfig,
  TerminalData,
} from '../../src-shared/hq-protocol/schemas';
import { maskHolderName } from '../../src-shared/hq-protocol/holder-name';
import { maskNationalId } from '../../src-shared/domain/national-id';
import { maskPhone } from '../../src-shared/domain/account-service';
import type { AccountRow, ClerkRow, DeviceRow, PlanRow, StoreKeyRow, StoreRow, TerminalRow } from '../db';
import { nationalIdHash } from '../crypto';

export function storeData(row: StoreRow): StoreData {
  return {
    storeId: row.store_id,
    code: row.code,
    name: row.name,
    address: row.address,
    phone: row.phone,
    timeZone: row.time_zone,
    settings: JSON.parse(row.settings_json) as StoreSettings,
  };
}

export function storeKeyData(row: StoreKeyRow): StoreKeyData {
  return { keyId: row.key_id, keyBase64: row.key_b64, createdAt: row.created_at };
}

export function planData(row: PlanRow): PlanData {
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    dataQuotaMb: row.data_quota_mb,
    deviceKind: row.device_kind,
    terms: JSON.parse(row.terms_json) as PlanTerm[],
    active: row.active === 1,
  };
}

export function clerkData(row: ClerkRow): ClerkData {
  return {
    clerkId: row.clerk_id,
    code: row.code,
    name: row.name,
    role: row.role,
    pinHash: row.pin_hash,
    active: row.active === 1,
    ...(row.unlocked_at ? { unlockedAt: row.unlocked_at } : {}),
  };
}

export function terminalData(row: TerminalRow): TerminalData {
  return {
    terminalId: row.terminal_id,
    code: row.code,
    name: row.name,
    storeId: row.store_id,
    active: row.active === 1,
    config: JSON.parse(row.config_json) as TerminalConfig,
  };
}

/** A stored 'active' subscription whose expiry has passed is reported as 'expired'. */
export function effectiveSubscriptionStatus(row: DeviceRow, now: Date): DeviceRow['status'] {
  if (row.status === 'active' && Date.parse(row.expires_at) <= now.getTime()) return 'expired';
  return row.status;
}

export function accountRecord(account: AccountRow, devices: readonly DeviceRow[], key: StoreKeyRow, now: Date): AccountRecord {
  return {
    accountId: account.account_id,
    holderName: maskHolderName(account.holder_name),
    idHash: nationalIdHash(key.key_b64, account.national_id),
    keyId: key.key_id,
    idMasked: maskNationalId(account.national_id),
    status: account.status,
    ...(account.phone ? { phoneMasked: maskPhone(account.phone) } : {}),
    devices: devices.map((d) => ({
      deviceId: d.device_id,
      kind: d.kind,
      number: d.number,
      subscription: {
        planCode: d.plan_code,
        expiresAt: d.expires_at,
        dataQuotaMb: d.data_quota_mb,
        dataUsedMb: d.data_used_mb,
        usageAsOf: d.usage_as_of,
        status: effectiveSubscriptionStatus(d, now),
        ...(d.status_reason ? { statusReason: d.status_reason } : {}),
        ...(d.status_reason_code ? { statusReasonCode: d.status_reason_code } : {}),
      },
    })),
    version: account.version,
    updatedAt: account.updated_at,
  };
}
