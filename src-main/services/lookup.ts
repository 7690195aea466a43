import { AppError } from '../../src-shared/contract/errors';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { daysLeft, DEFAULT_TIME_ZONE, maskDeviceNumber, validateDeviceNumber, validateNationalId } from '../../src-shared/domain';
import type { AccountRecord, StoreData } from '../../src-shared/hq-protocol/schemas';
import type { KeyObject } from 'node:crypto';
import { nationalIdHash, nationalIdKey } from '../../src-node/crypto/national-id-hmac';
import type { Db } from '../../src-node/db/connection';
import type { AccountDeviceRow, AccountRepo } from '../db/repos/account-repo';
import type { CatalogRepo } from '../db/repos/catalog-repo';
import type { LookupGuardRepo } from '../db/repos/lookup-guard-repo';
import { HqError, type HqClient } from '../sync/hq-client';
import type { AuditLog } from './audit';

import { LOOKUP_FAILURE_WINDOW_MS, LOOKUP_MAX_FAILURES } from '../../src-shared/domain/lookup-policy';
export { LOOKUP_FAILURE_WINDOW_MS, LOOKUP_MAX_FAILURES };

export interface LookupDeps {
  db: Db;
  accounts: AccountRepo;
  catalog: CatalogRepo;
  guard: LookupGuardRepo;
  /** The store record as last pulled (time zone). */
  store: () => StoreData | undefined;
  hq: HqClient;
  audit: AuditLog;
  onHqResult(ok: boolean, err?: unknown): void;
  now?: () => Date;
}

/**
 * Customer lookup by national ID + device number: local cache first (one indexed query per store key),
 * then HQ live when the cache misses. The raw ID never leaves this function: only its HMAC is used.
 */
export function createLookupService(deps: LookupDeps) {
  const now = deps.now ?? (() => new Date());

  /** HMAC keys decoded once per store key (the hash is HMAC-SHA256(key, normalised ID), lowercase hex). */
  const keyObjects = new Map<string, KeyObject>();
  function idHash(key: { keyId: string; keyBase64: string }, normalisedId: string): string {
    const cacheKey = `${key.keyId}:${key.keyBase64}`;
    let ko = keyObjects.get(cacheKey);
    if (!ko) keyObjects.set(cacheKey, (ko = nationalIdKey(key.keyBase64)));
    return nationalIdHash(ko, normalisedId);
  }

  function timeZone(): string {
    return deps.store()?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** Whether lookup is locked for a clerk: read from the database once, then kept by this service (its only writer). */
  const lockedByClerk = new Map<string, boolean>();
  function isLocked(clerkId: string): boolean {
    let locked = lockedByClerk.get(clerkId);
    if (locked === undefined) {
      const lock = deps.guard.findLookupLock(clerkId);
      locked = !!lock && lock.unlocked_at === null;
      lockedByClerk.set(clerkId, locked);
    }
    return locked;
  }

  function lockState(clerkId: string): { locked: boolean; failures: number } {
    const lock = deps.guard.findLookupLock(clerkId);
    const locked = !!lock && lock.unlocked_at === null;
    const windowStart = new Date(now().getTime() - LOOKUP_FAILURE_WINDOW_MS).toISOString();
    const since = lock?.unlocked_at && lock.unlocked_at > windowStart ? lock.unlocked_at : windowStart;
    return { locked, failures: deps.guard.countLookupFailuresSince(clerkId, since) };
  }

  const recordFailure = deps.db.transaction((clerkId: string) => {
    const at = now().toISOString();
    deps.guard.recordLookupFailure(clerkId, at);
    const { failures } = lockState(clerkId);
    deps.audit.record('lookup.noMatch', clerkId, { failures });
    if (failures >= LOOKUP_MAX_FAILURES) {
      deps.guard.lockLookup(clerkId, at);
      lockedByClerk.set(clerkId, true);
      deps.audit.record('lookup.locked', clerkId, { failures });
    }
  });

  function toCard(row: AccountDeviceRow, source: 'cache' | 'hq', otherDevices: number): AccountCard {
    const plan = deps.catalog.findPlanByCode(row.plan_code);
    const expiry = new Date(row.expires_at);
    const at = now();
    const status = row.status === 'active' && expiry.getTime() <= at.getTime() ? 'expired' : row.status;
    return {
      accountId: row.account_id,
      holderName: row.holder_name,
      idMasked: row.id_masked,
      device: { deviceId: row.device_id, kind: row.kind, numberMasked: maskDeviceNumber(row.number) },
      plan: plan ? { code: plan.code, nameZh: plan.nameZh, nameEn: plan.nameEn } : { code: row.plan_code, nameZh: row.plan_code, nameEn: row.plan_code },
      expiresAt: row.expires_at,
      daysLeft: daysLeft(expiry, at, timeZone()),
      dataQuotaMb: row.data_quota_mb,
      dataUsedMb: row.data_used_mb,
      usageAsOf: row.usage_as_of,
      status,
      statusReason: row.status_reason,
      statusReasonCode: row.status_reason_code,
      renewable: status === 'active' || status === 'expired',
      source,
      otherDevices,
      timeZone: timeZone(),
    };
  }

  function findCached(idHashes: { keyId: string; hash: string }[], deviceNumber: string): AccountDeviceRow | undefined {
    for (const { hash } of idHashes) {
      const row = deps.accounts.findAccountByIdHashAndDevice(hash, deviceNumber);
      if (row) return row;
    }
    return undefined;
  }

  function rowFromRecord(a: AccountRecord, deviceNumber: string): AccountDeviceRow | undefined {
    const d = a.devices.find((x) => x.number === deviceNumber);
    return d ? rowFromDevice(a, d) : undefined;
  }

  function rowFromDevice(a: AccountRecord, d: AccountRecord['devices'][number]): AccountDeviceRow {
    return {
      account_id: a.accountId,
      holder_name: a.holderName,
      id_hash: a.idHash,
      key_id: a.keyId,
      id_masked: a.idMasked,
      account_status: a.status ?? null,
      version: a.version,
      updated_at: a.updatedAt,
      device_id: d.deviceId,
      kind: d.kind,
      number: d.number,
      plan_code: d.subscription.planCode,
      expires_at: d.subscription.expiresAt,
      data_quota_mb: d.subscription.dataQuotaMb,
      data_used_mb: d.subscription.dataUsedMb,
      usage_as_of: d.subscription.usageAsOf,
      status: d.subscription.status,
      status_reason: d.subscription.statusReason ?? null,
      status_reason_code: d.subscription.statusReasonCode ?? null,
      device_count: a.devices.length,
    };
  }

  /** The checks both lookups start with: a valid ID, lookup not locked, the store keys' hashes of the ID. */
  function begin(clerkId: string, rawId: string, rawDevice: string | null): { hashes: { keyId: string; hash: string }[]; device: string | null } {
    const id = validateNationalId(rawId);
    if (!id.ok) throw new AppError({ ...id.error, field: 'nationalId' });
    let deviceNumber: string | null = null;
    if (rawDevice !== null) {
      const device = validateDeviceNumber(rawDevice);
      if (!device.ok) throw new AppError({ ...device.error, field: 'deviceNumber' });
      deviceNumber = device.value;
    }
    if (isLocked(clerkId)) throw new AppError({ code: 'LOCKED', messageKey: 'lookup:locked' });
    const keys = deps.catalog.storeKeysNewestFirst();
    if (keys.length === 0) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:noStoreKey' });
    return { hashes: keys.map((k) => ({ keyId: k.keyId, hash: idHash(k, id.value) })), device: deviceNumber };
  }

  /** A call to HQ's live lookup, its failures as the clerk's errors. */
  async function askHq<T>(call: () => Promise<T>): Promise<T> {
    try {
      const answer = await call();
      deps.onHqResult(true);
      return answer;
    } catch (err) {
      deps.onHqResult(false, err);
      if (err instanceof HqError && err.retryable) {
        throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:notCachedHqOffline' });
      }
      throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:hqError', params: { code: err instanceof HqError ? err.code : 'UNKNOWN' } });
    }
  }

  /** A lookup that matched nothing: counted (the lock), and the same answer whichever number is unknown. */
  function noMatch(clerkId: string, messageKey: string): never {
    recordFailure(clerkId);
    throw new AppError({ code: 'NOT_FOUND', messageKey: isLocked(clerkId) ? 'lookup:locked' : messageKey });
  }

  /** Cached rows -> cards, each counting the other devices of its own account. */
  function cardsOf(rows: AccountDeviceRow[], source: 'cache' | 'hq'): AccountCard[] {
    const perAccount = new Map<string, number>();
    for (const r of rows) perAccount.set(r.account_id, (perAccount.get(r.account_id) ?? 0) + 1);
    return rows.map((r) => toCard(r, source, perAccount.get(r.account_id)! - 1));
  }

  async function findPair(clerkId: string, rawId: string, rawDevice: string): Promise<{ account: AccountCard; devices: AccountCard[] }> {
    const { hashes, device } = begin(clerkId, rawId, rawDevice);
    const deviceNumber = device!;

    const cached = findCached(hashes, deviceNumber);
    if (cached) {
      deps.audit.recordSoon('lookup.found', clerkId, { idHash: cached.id_hash, source: 'cache' });
      const account = toCard(cached, 'cache', cached.device_count - 1);
      // one device (the common case) needs no second query
      const devices =
        cached.device_count > 1
          ? cardsOf(deps.accounts.findDevicesByIdHash(cached.id_hash).filter((r) => r.account_id === cached.account_id), 'cache')
          : [account];
      return { account, devices };
    }

    const current = hashes[0]!;
    const record = (await askHq(() => deps.hq.lookupAccount({ idHash: current.hash, keyId: current.keyId, deviceNumber }))).account;
    const row = record ? rowFromRecord(record, deviceNumber) : undefined;
    if (!record || !row) noMatch(clerkId, 'lookup:noMatch');
    deps.db.transaction(() => {
      deps.accounts.saveAccount(record);
      deps.audit.record('lookup.found', clerkId, { idHash: record.idHash, source: 'hq' });
    })();
    return { account: toCard(row, 'hq', record.devices.length - 1), devices: cardsOf(record.devices.map((d) => rowFromDevice(record, d)), 'hq') };
  }

  return {
    lockState,

    /** ID + device number -> the card. */
    async find(clerkId: string, rawId: string, rawDevice: string): Promise<AccountCard> {
      return (await findPair(clerkId, rawId, rawDevice)).account;
    },

    /** ID + device number -> the card and every device of the account (the card's list of the others). */
    findPair,

    /**
     * ID only (the customer forgot the device number) -> every device of the holder, cache first, then HQ's
     * live lookup by ID. A miss counts towards the lock like a pair that does not match.
     */
    async findById(clerkId: string, rawId: string): Promise<AccountCard[]> {
      const { hashes } = begin(clerkId, rawId, null);
      for (const { hash } of hashes) {
        const rows = deps.accounts.findDevicesByIdHash(hash);
        if (rows.length > 0) {
          deps.audit.recordSoon('lookup.found', clerkId, { idHash: hash, source: 'cache', by: 'id' });
          return cardsOf(rows, 'cache');
        }
      }
      const current = hashes[0]!;
      const accounts = (await askHq(() => deps.hq.lookupAccountsById({ idHash: current.hash, keyId: current.keyId }))).accounts.filter(
        (a) => a.devices.length > 0,
      );
      if (accounts.length === 0) noMatch(clerkId, 'lookup:noMatchId');
      deps.db.transaction(() => {
        for (const a of accounts) deps.accounts.saveAccount(a);
        deps.audit.record('lookup.found', clerkId, { idHash: current.hash, source: 'hq', by: 'id' });
      })();
      return cardsOf(
        accounts.flatMap((a) => a.devices.map((d) => rowFromDevice(a, d))),
        'hq',
      );
    },

    unlock(clerkId: string, supervisorId: string): void {
      deps.db.transaction(() => {
        lockedByClerk.delete(clerkId);
        if (deps.guard.unlockLookup(clerkId, now().toISOString(), supervisorId)) {
          deps.audit.record('lookup.unlocked', supervisorId, { clerkId });
        }
      })();
    },
  };
}
export type LookupService = ReturnType<typeof createLookupService>;
