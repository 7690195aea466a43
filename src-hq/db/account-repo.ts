import type { Db } from './hq-database';
import type Database from 'better-sqlite3';

export interface AccountRow {
  account_id: string;
  holder_name: string;
  national_id: string;
  status: 'active' | 'suspended' | 'closed';
  version: number;
  created_at: string;
  updated_at: string;
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
}

/** Customer accounts (with the raw national ID: HQ only) and their devices / subscriptions. */
export class AccountRepo {
  private readonly insertAccountStmt: Database.Statement;
  private readonly insertDeviceStmt: Database.Statement;
  private readonly pageStmt: Database.Statement;
  private readonly pageFromStartStmt: Database.Statement;
  private readonly devicesInRangeStmt: Database.Statement;
  private readonly devicesInRangeFromStartStmt: Database.Statement;

  constructor(private readonly db: Db) {
    this.insertAccountStmt = db.prepare(
      `INSERT INTO accounts (account_id, holder_name, national_id, status, version, created_at, updated_at)
       VALUES (@account_id, @holder_name, @national_id, @status, @version, @created_at, @updated_at)`,
    );
    this.insertDeviceStmt = db.prepare(
      `INSERT INTO devices (device_id, account_id, kind, number, plan_code, expires_at, data_quota_mb, data_used_mb,
         usage_as_of, status, status_reason)
       VALUES (@device_id, @account_id, @kind, @number, @plan_code, @expires_at, @data_quota_mb, @data_used_mb,
         @usage_as_of, @status, @status_reason)`,
    );
    this.pageStmt = db.prepare('SELECT * FROM accounts WHERE account_id > ? ORDER BY account_id LIMIT ?');
    this.pageFromStartStmt = db.prepare('SELECT * FROM accounts ORDER BY account_id LIMIT ?');
    this.devicesInRangeStmt = db.prepare(
      'SELECT * FROM devices WHERE account_id > ? AND account_id <= ? ORDER BY account_id, device_id',
    );
    this.devicesInRangeFromStartStmt = db.prepare(
      'SELECT * FROM devices WHERE account_id <= ? ORDER BY account_id, device_id',
    );
  }

  insertAccount(row: AccountRow): void {
    this.insertAccountStmt.run(row);
  }

  insertDevice(row: DeviceRow): void {
    this.insertDeviceStmt.run(row);
  }

  findAccountById(accountId: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as AccountRow | undefined;
  }

  findAccountByNationalId(nationalId: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE national_id = ?').get(nationalId) as AccountRow | undefined;
  }

  findDevicesByAccount(accountId: string): DeviceRow[] {
    return this.db.prepare('SELECT * FROM devices WHERE account_id = ? ORDER BY device_id').all(accountId) as DeviceRow[];
  }

  findDeviceByNumber(number: string): DeviceRow | undefined {
    return this.db.prepare('SELECT * FROM devices WHERE number = ?').get(number) as DeviceRow | undefined;
  }

  findDeviceById(deviceId: string): DeviceRow | undefined {
    return this.db.prepare('SELECT * FROM devices WHERE device_id = ?').get(deviceId) as DeviceRow | undefined;
  }

  countAccountsAfter(after: string | undefined): number {
    const row = (
      after === undefined
        ? this.db.prepare('SELECT count(*) AS n FROM accounts').get()
        : this.db.prepare('SELECT count(*) AS n FROM accounts WHERE account_id > ?').get(after)
    ) as { n: number };
    return row.n;
  }

  /** One page of accounts in accountId order, with their devices (keyset pagination). */
  pageAccountsAfter(after: string | undefined, limit: number): { accounts: AccountRow[]; devices: DeviceRow[] } {
    const accounts = (
      after === undefined ? this.pageFromStartStmt.all(limit) : this.pageStmt.all(after, limit)
    ) as AccountRow[];
    if (accounts.length === 0) return { accounts, devices: [] };
    const last = accounts[accounts.length - 1]!.account_id;
    const devices = (
      after === undefined ? this.devicesInRangeFromStartStmt.all(last) : this.devicesInRangeStmt.all(after, last)
    ) as DeviceRow[];
    return { accounts, devices };
  }

  /** Bumps the account version; returns the new version. */
  touchAccount(accountId: string, updatedAt: string): number {
    this.db
      .prepare('UPDATE accounts SET version = version + 1, updated_at = ? WHERE account_id = ?')
      .run(updatedAt, accountId);
    return (this.db.prepare('SELECT version FROM accounts WHERE account_id = ?').get(accountId) as { version: number })
      .version;
  }

  setAccountStatus(accountId: string, status: AccountRow['status']): void {
    this.db.prepare('UPDATE accounts SET status = ? WHERE account_id = ?').run(status, accountId);
  }

  updateSubscription(
    deviceId: string,
    s: Pick<DeviceRow, 'plan_code' | 'expires_at' | 'data_quota_mb' | 'status' | 'status_reason'>,
  ): void {
    this.db
      .prepare(
        `UPDATE devices SET plan_code = @plan_code, expires_at = @expires_at, data_quota_mb = @data_quota_mb,
           status = @status, status_reason = @status_reason WHERE device_id = @device_id`,
      )
      .run({ ...s, device_id: deviceId });
  }

  updateUsage(deviceId: string, dataUsedMb: number, usageAsOf: string): void {
    this.db
      .prepare('UPDATE devices SET data_used_mb = ?, usage_as_of = ? WHERE device_id = ?')
      .run(dataUsedMb, usageAsOf, deviceId);
  }

  countAccounts(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  }
}
