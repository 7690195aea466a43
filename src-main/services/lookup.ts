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
    if (!d) return undefined;
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

  return {
    lockState,

    async find(clerkId: string, rawId: string, rawDevice: string): Promise<AccountCard> {
      const id = validateNationalId(rawId);
      if (!id.ok) throw new AppError({ ...id.error, field: 'nationalId' });
      const device = validateDeviceNumber(rawDevice);
      if (!device.ok) throw new AppError({ ...device.error, field: 'deviceNumber' });
      if (isLocked(clerkId)) throw new AppError({ code: 'LOCKED', messageKey: 'lookup:locked' });

      const keys = deps.catalog.storeKeysNewestFirst();
      if (keys.length === 0) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:noStoreKey' });
      const hashes = keys.map((k) => ({ keyId: k.keyId, hash: idHash(k, id.value) }));

      const cached = findCached(hashes, device.value);
      if (cached) {
        deps.audit.recordSoon('lookup.found', clerkId, { idHash: cached.id_hash, source: 'cache' });
        return toCard(cached, 'cache', cached.device_count - 1);
      }

      let record: AccountRecord | null;
      try {
        const current = hashes[0]!;
        record = (await deps.hq.lookupAccount({ idHash: current.hash, keyId: current.keyId, deviceNumber: device.value })).account;
        deps.onHqResult(true);
      } catch (err) {
        deps.onHqResult(false, err);
        if (err instanceof HqError && err.retryable) {
          throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:notCachedHqOffline' });
        }
        throw new AppError({ code: 'UNAVAILABLE', messageKey: 'lookup:hqError', params: { code: err instanceof HqError ? err.code : 'UNKNOWN' } });
      }
      const row = record ? rowFromRecord(record, device.value) : undefined;
      if (!record || !row) {
        recordFailure(clerkId);
        const locked = isLocked(clerkId);
        throw new AppError({ code: 'NOT_FOUND', messageKey: locked ? 'lookup:locked' : 'lookup:noMatch' });
      }
      deps.db.transaction(() => {
        deps.accounts.saveAccount(record);
        deps.audit.record('lookup.found', clerkId, { idHash: record.idHash, source: 'hq' });
      })();
      return toCard(row, 'hq', record.devices.length - 1);
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
