import { PromotionData, type PlanData, type StoreKeyData } from '../../../src-shared/hq-protocol/schemas';
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

/** The cache_meta key of the promotion-set version the terminal holds. */
export const PROMOTION_SET_VERSION_KEY = 'promotion_set_version';

/** Store keys (for ID hashes), the plan catalog and the promotions, as last pulled from HQ. */
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
  const upsertPromo = db.prepare<[string, string, number]>(
    `INSERT INTO promotions (promotion_id, data, set_version) VALUES (?, ?, ?)
     ON CONFLICT(promotion_id) DO UPDATE SET data = excluded.data, set_version = excluded.set_version`,
  );
  const deleteAllPromos = db.prepare('DELETE FROM promotions');
  const allPromos = db.prepare<[], { data: string }>('SELECT data FROM promotions ORDER BY promotion_id');
  const readMeta = db.prepare<[string], { value: string }>('SELECT value FROM cache_meta WHERE key = ?');
  const writeMeta = db.prepare<[string, string]>('INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const setVersion = (): number => Number(readMeta.get(PROMOTION_SET_VERSION_KEY)?.value ?? 0);
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
    /** A promotion change from HQ; the set version only ever moves up. */
    upsertPromotion: (p: PromotionData, version: number): void => {
      upsertPromo.run(p.promotionId, JSON.stringify(p), version);
      if (version > setVersion()) writeMeta.run(PROMOTION_SET_VERSION_KEY, String(version));
    },
    /** HQ's whole promotion set (config snapshot). */
    replacePromotions: (ps: readonly PromotionData[], version: number): void => {
      deleteAllPromos.run();
      for (const p of ps) upsertPromo.run(p.promotionId, JSON.stringify(p), version);
      writeMeta.run(PROMOTION_SET_VERSION_KEY, String(version));
    },
    listPromotions: (): PromotionData[] => allPromos.all().map((r) => PromotionData.parse(JSON.parse(r.data))),
    promotionSetVersion: setVersion,
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
  let promos: { version: number; list: PromotionData[] } | null = null;
  const invalidate = () => {
    keys = null;
    plans = null;
    promos = null;
  };
  const promoSet = () => (promos ??= { version: repo.promotionSetVersion(), list: repo.listPromotions() });
  const planMap = () => (plans ??= new Map(repo.listPlans().map((p) => [p.code, p])));
  return {
    invalidate,
    upsertStoreKey: (k) => (invalidate(), repo.upsertStoreKey(k)),
    deleteStoreKey: (id) => (invalidate(), repo.deleteStoreKey(id)),
    upsertPlan: (p) => (invalidate(), repo.upsertPlan(p)),
    storeKeysNewestFirst: () => (keys ??= repo.storeKeysNewestFirst()),
    findPlanByCode: (code) => planMap().get(code),
    listPlans: () => [...planMap().values()],
    upsertPromotion: (p, v) => (invalidate(), repo.upsertPromotion(p, v)),
    replacePromotions: (ps, v) => (invalidate(), repo.replacePromotions(ps, v)),
    listPromotions: () => promoSet().list,
    promotionSetVersion: () => promoSet().version,
  };
}
