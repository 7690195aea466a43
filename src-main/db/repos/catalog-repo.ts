import type { PlanData, StoreKeyData } from '../../../src-shared/hq-protocol/schemas';
import type { Db } from '../../../src-node/db/connection';

interface PlanRow {
  code: string;
  name_zh: string;
  name_en: string;
  data_quota_mb: number;
  device_kind: 'imei' | 'iccid';
  terms: string;
  active: number;
}

function toPlan(r: PlanRow): PlanData {
  return {
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    dataQuotaMb: r.data_quota_mb,
    deviceKind: r.device_kind,
    terms: JSON.parse(r.terms) as PlanData['terms'],
    active: r.active === 1,
  };
}

/** Store keys (for ID hashes) and the plan catalog, as last pulled from HQ. */
export function createCatalogRepo(db: Db) {
  const upsertKey = db.prepare(
    `INSERT INTO store_keys (key_id, key_base64, created_at) VALUES (@keyId, @keyBase64, @createdAt)
     ON CONFLICT(key_id) DO UPDATE SET key_base64 = excluded.key_base64, created_at = excluded.created_at`,
  );
  const keysNewestFirst = db.prepare<[], { key_id: string; key_base64: string; created_at: string }>(
    'SELECT * FROM store_keys ORDER BY created_at DESC, key_id DESC',
  );
  const deleteKey = db.prepare<[string]>('DELETE FROM store_keys WHERE key_id = ?');
  const upsertPlan = db.prepare(
    `INSERT INTO plans (code, name_zh, name_en, data_quota_mb, device_kind, terms, active)
     VALUES (@code, @nameZh, @nameEn, @dataQuotaMb, @deviceKind, @terms, @active)
     ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
       data_quota_mb = excluded.data_quota_mb, device_kind = excluded.device_kind, terms = excluded.terms,
       active = excluded.active`,
  );
  const planByCode = db.prepare<[string], PlanRow>('SELECT * FROM plans WHERE code = ?');
  const allPlans = db.prepare<[], PlanRow>('SELECT * FROM plans ORDER BY active DESC, code');
  return {
    upsertStoreKey: (k: StoreKeyData): void => void upsertKey.run(k),
    deleteStoreKey: (keyId: string): void => void deleteKey.run(keyId),
    storeKeysNewestFirst: (): StoreKeyData[] =>
      keysNewestFirst.all().map((r) => ({ keyId: r.key_id, keyBase64: r.key_base64, createdAt: r.created_at })),
    upsertPlan: (p: PlanData): void =>
      void upsertPlan.run({ ...p, terms: JSON.stringify(p.terms), active: p.active ? 1 : 0 }),
    findPlanByCode: (code: string): PlanData | undefined => {
      const r = planByCode.get(code);
      return r ? toPlan(r) : undefined;
    },
    listPlans: (): PlanData[] => allPlans.all().map(toPlan),
  };
}
export type CatalogRepo = ReturnType<typeof createCatalogRepo>;

/**
 * The catalog as the hot paths read it (every lookup needs the store keys, every card a plan): kept in
 * memory, dropped on every write through this object and after every applied pull (`invalidate`).
 */
export function createCachedCatalog(repo: CatalogRepo): CatalogRepo & { invalidate(): void } {
  let keys: StoreKeyData[] | null = null;
  let plans: Map<string, PlanData> | null = null;
  const invalidate = () => {
    keys = null;
    plans = null;
  };
  const planMap = () => (plans ??= new Map(repo.listPlans().map((p) => [p.code, p])));
  return {
    invalidate,
    upsertStoreKey: (k) => (invalidate(), repo.upsertStoreKey(k)),
    deleteStoreKey: (id) => (invalidate(), repo.deleteStoreKey(id)),
    upsertPlan: (p) => (invalidate(), repo.upsertPlan(p)),
    storeKeysNewestFirst: () => (keys ??= repo.storeKeysNewestFirst()),
    findPlanByCode: (code) => planMap().get(code),
    listPlans: () => [...planMap().values()],
  };
}
