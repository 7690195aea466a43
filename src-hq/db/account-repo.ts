import type { HqStore } from './store';

export interface AccountRow {
  account_id: string;
  holder_name: string;
  national_id: string;
  status: 'active' | 'suspended' | 'closed';
  version: number;
  created_at: string;
  updated_at: string;
  /** The store the account belongs to for scoped snapshots (schema v5); null = every scope. */
  home_store_id?: string | null;
  /** The bound mobile number (schema v14); null = none. */
  phone?: string | null;
}

export interface DeviceRow {
  device_id: string;
  account_id: string;
  kind: 'imei' | 'iccid';
  number: string;
  plan_code: string;
  expires_at: string;
  data_quota_mb: number;
  data_used_mb: number;
  usage_as_of: string;
  status: 'active' | 'expired' | 'suspended' | 'cancelled';
  status_reason: string | null;
  /** A code from src-shared/domain/status-reasons (HQ schema v7); null when HQ staff gave none. */
  status_reason_code: string | null;
}

const ACCOUNT_COLS = ['account_id', 'holder_name', 'national_id', 'status', 'version', 'created_at', 'updated_at', 'home_store_id'] as const;
const DEVICE_COLS = [
  'device_id', 'account_id', 'kind', 'number', 'plan_code', 'expires_at', 'data_quota_mb', 'data_used_mb', 'usage_as_of', 'status', 'status_reason',
  'status_reason_code',
] as const;

function multiInsert<R>(table: string, cols: readonly (keyof R & string)[], rows: readonly R[]): { sql: string; values: unknown[] } {
  const one = `(${cols.map(() => '?').join(', ')})`;
  const values: unknown[] = [];
  for (const r of rows) for (const c of cols) values.push(r[c] ?? null);
  return { sql: `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map(() => one).join(', ')}`, values };
}

/** Customer accounts (with the raw national ID: HQ only) and their devices / subscriptions. */
export class AccountRepo {
  constructor(private readonly db: HqStore) {}

  async insertAccounts(rows: readonly AccountRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const q = multiInsert<AccountRow>('accounts', ACCOUNT_COLS, rows.slice(i, i + 500));
      await this.db.run(q.sql, q.values);
    }
  }

  async insertDevices(rows: readonly DeviceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const q = multiInsert<DeviceRow>('devices', DEVICE_COLS, rows.slice(i, i + 500));
      await this.db.run(q.sql, q.values);
    }
  }

  insertAccount(row: AccountRow): Promise<void> {
    return this.insertAccounts([row]);
  }

  insertDevice(row: DeviceRow): Promise<void> {
    return this.insertDevices([row]);
  }

  findAccountById(accountId: string): Promise<AccountRow | undefined> {
    return this.db.get<AccountRow>('SELECT * FROM accounts WHERE account_id = ?', [accountId]);
  }

  findAccountByNationalId(nationalId: string): Promise<AccountRow | undefined> {
    return this.db.get<AccountRow>('SELECT * FROM accounts WHERE national_id = ?', [nationalId]);
  }

  findDevicesByAccount(accountId: string): Promise<DeviceRow[]> {
    return this.db.all<DeviceRow>('SELECT * FROM devices WHERE account_id = ? ORDER BY device_id', [accountId]);
  }

  findDeviceByNumber(number: string): Promise<DeviceRow | undefined> {
    return this.db.get<DeviceRow>('SELECT * FROM devices WHERE number = ?', [number]);
  }

  findDeviceById(deviceId: string): Promise<DeviceRow | undefined> {
    return this.db.get<DeviceRow>('SELECT * FROM devices WHERE device_id = ?', [deviceId]);
  }

  findDeviceByIdForUpdate(deviceId: string): Promise<DeviceRow | undefined> {
    return this.db.get<DeviceRow>(`SELECT * FROM devices WHERE device_id = ?${this.db.forUpdate}`, [deviceId]);
  }

  /**
   * `storeIds` null = every account; else accounts homed at one of these stores or at none.
   * Returns the SQL condition and its parameters.
   */
  private scopeWhere(after: string | undefined, storeIds: readonly string[] | null): { where: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (after !== undefined) {
      parts.push('account_id > ?');
      params.push(after);
    }
    if (storeIds) {
      parts.push(`(home_store_id IS NULL${storeIds.length ? ` OR home_store_id IN (${storeIds.map(() => '?').join(', ')})` : ''})`);
      params.push(...storeIds);
    }
    return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  async countAccountsAfter(after: string | undefined, storeIds: readonly string[] | null = null): Promise<number> {
    const s = this.scopeWhere(after, storeIds);
    return (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM accounts ${s.where}`, s.params))!.n;
  }

  /** One page of accounts in accountId order (of a scope: see scopeWhere), with their devices (keyset pagination). */
  async pageAccountsAfter(after: string | undefined, limit: number, storeIds: readonly string[] | null = null): Promise<{ accounts: AccountRow[]; devices: DeviceRow[] }> {
    const s = this.scopeWhere(after, storeIds);
    const accounts = await this.db.all<AccountRow>(`SELECT * FROM accounts ${s.where} ORDER BY account_id LIMIT ?`, [...s.params, limit]);
    if (accounts.length === 0) return { accounts, devices: [] };
    const last = accounts[accounts.length - 1]!.account_id;
    let devices =
      after === undefined
        ? await this.db.all<DeviceRow>('SELECT * FROM devices WHERE account_id <= ? ORDER BY account_id, device_id', [last])
        : await this.db.all<DeviceRow>('SELECT * FROM devices WHERE account_id > ? AND account_id <= ? ORDER BY account_id, device_id', [after, last]);
    if (storeIds) {
      const inPage = new Set(accounts.map((a) => a.account_id));
      devices = devices.filter((d) => inPage.has(d.account_id));
    }
    return { accounts, devices };
  }

  /** Bumps the account version; returns the account row after it (one round trip). */
  touchAndGetAccount(accountId: string, updatedAt: string): Promise<AccountRow | undefined> {
    return this.db.get<AccountRow>('UPDATE accounts SET version = version + 1, updated_at = ? WHERE account_id = ? RETURNING *', [updatedAt, accountId]);
  }

  async setAccountStatus(accountId: string, status: AccountRow['status']): Promise<void> {
    await this.db.run('UPDATE accounts SET status = ? WHERE account_id = ?', [status, accountId]);
  }

  async updateSubscription(
    deviceId: string,
    s: Pick<DeviceRow, 'plan_code' | 'expires_at' | 'data_quota_mb' | 'status' | 'status_reason' | 'status_reason_code'>,
  ): Promise<void> {
    await this.db.run(
      'UPDATE devices SET plan_code = ?, expires_at = ?, data_quota_mb = ?, status = ?, status_reason = ?, status_reason_code = ? WHERE device_id = ?',
      [s.plan_code, s.expires_at, s.data_quota_mb, s.status, s.status_reason, s.status_reason_code, deviceId],
    );
  }

  async updateUsage(deviceId: string, dataUsedMb: number, usageAsOf: string): Promise<void> {
    await this.db.run('UPDATE devices SET data_used_mb = ?, usage_as_of = ? WHERE device_id = ?', [dataUsedMb, usageAsOf, deviceId]);
  }

  /** Index national-ID hashes (one per account and key); a pair already there is left alone. */
  async insertIdHashes(rows: readonly { key_id: string; id_hash: string; account_id: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const q = multiInsert<{ key_id: string; id_hash: string; account_id: string }>('account_id_hashes', ['key_id', 'id_hash', 'account_id'], rows.slice(i, i + 500));
      await this.db.run(`${q.sql} ON CONFLICT DO NOTHING`, q.values);
    }
  }

  /** The account whose holder's national ID has this hash under key `keyId` (the ID-only lookup). */
  async findAccountIdsByIdHash(keyId: string, idHash: string): Promise<string[]> {
    const rows = await this.db.all<{ account_id: string }>('SELECT account_id FROM account_id_hashes WHERE key_id = ? AND id_hash = ? ORDER BY account_id', [keyId, idHash]);
    return rows.map((r) => r.account_id);
  }

  /** How many accounts have a hash under `keyId` (start-up compares it with the number of accounts). */
  async countIdHashes(keyId: string): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM account_id_hashes WHERE key_id = ?', [keyId]))!.n;
  }

  /** Accounts after `after` (accountId order) that have no hash under `keyId` yet: one page of the fill. */
  accountsWithoutIdHash(keyId: string, after: string, limit: number): Promise<Pick<AccountRow, 'account_id' | 'national_id'>[]> {
    return this.db.all<Pick<AccountRow, 'account_id' | 'national_id'>>(
      `SELECT a.account_id, a.national_id FROM accounts a
        WHERE a.account_id > ? AND NOT EXISTS (SELECT 1 FROM account_id_hashes h WHERE h.key_id = ? AND h.account_id = a.account_id)
        ORDER BY a.account_id LIMIT ?`,
      [after, keyId, limit],
    );
  }

  async setPhone(accountId: string, phone: string): Promise<void> {
    await this.db.run('UPDATE accounts SET phone = ? WHERE account_id = ?', [phone, accountId]);
  }

  findAccountByIdForUpdate(accountId: string): Promise<AccountRow | undefined> {
    return this.db.get<AccountRow>(`SELECT * FROM accounts WHERE account_id = ?${this.db.forUpdate}`, [accountId]);
  }

  /** The account's one live app reset code (a new one replaces it): its hash only. */
  async putAppResetCode(row: { account_id: string; code_sha256: string; event_id: string; issued_at: string; expires_at: string }): Promise<void> {
    await this.db.run(
      `INSERT INTO app_reset_codes (account_id, code_sha256, event_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET code_sha256 = excluded.code_sha256, event_id = excluded.event_id,
         issued_at = excluded.issued_at, expires_at = excluded.expires_at`,
      [row.account_id, row.code_sha256, row.event_id, row.issued_at, row.expires_at],
    );
  }

  findAppResetCode(accountId: string): Promise<{ account_id: string; code_sha256: string; event_id: string; issued_at: string; expires_at: string } | undefined> {
    return this.db.get('SELECT * FROM app_reset_codes WHERE account_id = ?', [accountId]);
  }

  async countAccounts(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM accounts'))!.n;
  }
}
