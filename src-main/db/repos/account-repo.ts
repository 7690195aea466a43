import type { AccountRecord, DeviceRecord } from '../../../src-shared/hq-protocol/schemas';
import type { Db } from '../../../src-node/db/connection';

export interface AccountDeviceRow {
  account_id: string;
  holder_name: string;
  id_hash: string;
  key_id: string;
  id_masked: string;
  account_status: string | null;
  version: number;
  updated_at: string;
  device_id: string;
  kind: 'imei' | 'iccid';
  number: string;
  plan_code: string;
  expires_at: string;
  data_quota_mb: number;
  data_used_mb: number;
  usage_as_of: string;
  status: DeviceRecord['subscription']['status'];
  status_reason: string | null;
  /** HQ's reason as a code (src-shared/domain/status-reasons); null from an older HQ. */
  status_reason_code: string | null;
  /** How many devices the account has (the card says "n more devices"). */
  device_count: number;
}

/**
 * A device with its account, as the lookup card and the sale need them. The device columns (and the ID
 * hash on the device row) are all in the cache's covering index `devices_lookup` (cache-db.ts): a lookup
 * by number and hash is one descent of that index and one of the accounts' primary key.
 */
export const DEVICE_WITH_ACCOUNT = `
  SELECT a.account_id, a.holder_name, d.id_hash, a.key_id, a.id_masked, a.status AS account_status, a.version,
         a.updated_at, d.device_id, d.kind, d.number, d.plan_code, d.expires_at, d.data_quota_mb, d.data_used_mb,
         d.usage_as_of, d.status, d.status_reason, d.status_reason_code, a.device_count
    FROM devices d JOIN accounts a ON a.account_id = d.account_id`;

/** The lookup's own SQL (the bench runs it raw as the lookup baseline). Parameters: number, ID hash. */
export const LOOKUP_SQL = `${DEVICE_WITH_ACCOUNT} WHERE d.number = ? AND d.id_hash = ?`;

/** The offline account cache: SQL for accounts and their devices lives here only. */
export function createAccountRepo(db: Db) {
  const upsertAccount = db.prepare(
    `INSERT INTO accounts (account_id, holder_name, id_hash, key_id, id_masked, status, version, updated_at, device_count)
     VALUES (@accountId, @holderName, @idHash, @keyId, @idMasked, @status, @version, @updatedAt, @deviceCount)
     ON CONFLICT(account_id) DO UPDATE SET holder_name = excluded.holder_name, id_hash = excluded.id_hash,
       key_id = excluded.key_id, id_masked = excluded.id_masked, status = excluded.status,
       version = excluded.version, updated_at = excluded.updated_at, device_count = excluded.device_count
     WHERE excluded.version >= accounts.version OR excluded.key_id <> accounts.key_id`,
  );
  const insertAccount = db.prepare(
    `INSERT INTO accounts (account_id, holder_name, id_hash, key_id, id_masked, status, version, updated_at, device_count)
     VALUES (@accountId, @holderName, @idHash, @keyId, @idMasked, @status, @version, @updatedAt, @deviceCount)`,
  );
  const deleteDevicesOf = db.prepare<[string]>('DELETE FROM devices WHERE account_id = ?');
  const insertDevice = db.prepare(
    `INSERT INTO devices (device_id, account_id, id_hash, kind, number, plan_code, expires_at, data_quota_mb, data_used_mb,
       usage_as_of, status, status_reason, status_reason_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const versionOf = db.prepare<[string], { version: number; key_id: string }>(
    'SELECT version, key_id FROM accounts WHERE account_id = ?',
  );
  const deleteAccount = db.prepare<[string]>('DELETE FROM accounts WHERE account_id = ?');
  const byHashAndDevice = db.prepare<[string, string], AccountDeviceRow>(
    `${LOOKUP_SQL}`,
  );
  const byAccountAndDevice = db.prepare<[string, string], AccountDeviceRow>(
    `${DEVICE_WITH_ACCOUNT} WHERE d.device_id = ? AND d.account_id = ?`,
  );
  const byIdHash = db.prepare<[string], AccountDeviceRow>(`${DEVICE_WITH_ACCOUNT} WHERE d.id_hash = ? ORDER BY a.account_id, d.device_id`);
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts');
  const updateSubscription = db.prepare(
    `UPDATE devices SET plan_code = @planCode, expires_at = @expiresAt, status = @status
      WHERE device_id = @deviceId`,
  );

  const updateStatus = db.prepare(
    'UPDATE devices SET status = @status, status_reason = @statusReason, status_reason_code = @statusReasonCode WHERE device_id = @deviceId',
  );

  function saveAccount(a: AccountRecord): boolean {
    const existing = versionOf.get(a.accountId);
    if (existing && existing.version > a.version && existing.key_id === a.keyId) return false;
    const row = { ...a, status: a.status ?? null, deviceCount: a.devices.length };
    if (existing) {
      upsertAccount.run(row);
      deleteDevicesOf.run(a.accountId);
    } else {
      insertAccount.run(row); // a new account (the common case of a snapshot): no update, no devices to drop
    }
    for (const d of a.devices) {
      const s = d.subscription;
      insertDevice.run(d.deviceId, a.accountId, a.idHash, d.kind, d.number, s.planCode, s.expiresAt, s.dataQuotaMb, s.dataUsedMb, s.usageAsOf, s.status, s.statusReason ?? null, s.statusReasonCode ?? null);
    }
    return true;
  }

  return {
    /** Insert or replace an account and its devices unless the cache already holds a newer version. */
    saveAccount,
    deleteAccount: (accountId: string): void => void deleteAccount.run(accountId),
    findAccountByIdHashAndDevice: (idHash: string, deviceNumber: string): AccountDeviceRow | undefined =>
      byHashAndDevice.get(deviceNumber, idHash),
    /** Every cached device of the holder of this ID hash (the ID-only lookup), account by account. */
    findDevicesByIdHash: (idHash: string): AccountDeviceRow[] => byIdHash.all(idHash),
    findAccountDevice: (accountId: string, deviceId: string): AccountDeviceRow | undefined =>
      byAccountAndDevice.get(deviceId, accountId),
    countAccounts: (): number => count.get()?.n ?? 0,
    /** HQ confirmed a 挂失 / 解挂: the cached device shows it before the change feed brings the record. */
    updateDeviceStatus: (p: { deviceId: string; status: string; statusReason: string | null; statusReasonCode: string | null }): void =>
      void updateStatus.run(p),
    /** The provisional state a local sale leaves until HQ answers. */
    updateDeviceSubscription: (p: { deviceId: string; planCode: string; expiresAt: string; status: string }): void =>
      void updateSubscription.run(p),
  };
}
export type AccountRepo = ReturnType<typeof createAccountRepo>;
