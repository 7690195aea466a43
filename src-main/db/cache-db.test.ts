import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS, prepareCacheFile } from './cache-db';
import { createCatalogRepo } from './repos/catalog-repo';
import type { PromotionData } from '../../src-shared/hq-protocol/schemas';
import { resolveNativeBinding } from '../../src-node/db/native-binding';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(file: string) {
  const binding = resolveNativeBinding();
  return new Database(file, binding ? { nativeBinding: binding } : {});
}

describe('cache schema v2 (status reason code)', () => {
  it('adds the column and the covering index to a cache written by v1, keeping its rows', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cache-v2-'));
    dirs.push(dir);
    const file = path.join(dir, 'counter.cache.db');
    prepareCacheFile(file);
    // turn the file back into what v1 wrote before the column existed
    const db = open(file);
    db.exec(`DROP INDEX devices_lookup;
      ALTER TABLE devices DROP COLUMN status_reason_code;
      CREATE INDEX devices_lookup ON devices(number, id_hash, account_id, device_id, kind, plan_code, expires_at,
        data_quota_mb, data_used_mb, usage_as_of, status, status_reason);
      INSERT INTO accounts VALUES ('A1', '张*', 'h', 'k', '110***', 'active', 1, '2026-11-01T00:00:00.000Z', 1);
      INSERT INTO devices VALUES ('D1', 'A1', 'h', 'imei', '490154203237518', 'P1', '2027-01-01T00:00:00.000Z', 1000, 10,
        '2026-11-01T00:00:00.000Z', 'suspended', '挂失');`);
    db.pragma('user_version = 1');
    db.close();

    expect(prepareCacheFile(file)).toEqual({ created: false, damaged: null });
    const after = open(file);
    expect(after.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    expect(after.prepare('SELECT status_reason, status_reason_code FROM devices').all()).toEqual([{ status_reason: '挂失', status_reason_code: null }]);
    const indexed = after.prepare<[], { name: string | null }>("SELECT name FROM pragma_index_xinfo('devices_lookup')").all().map((c) => c.name);
    expect(indexed).toContain('status_reason_code');
    after.close();
  });

  it('a fresh cache is created at the newest version with the column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cache-v2-'));
    dirs.push(dir);
    const file = path.join(dir, 'counter.cache.db');
    expect(prepareCacheFile(file).created).toBe(true);
    const db = open(file);
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    expect(db.prepare<[], { name: string }>('PRAGMA table_info(devices)').all().map((c) => c.name)).toContain('status_reason_code');
    db.close();
  });
});

describe('cache schema v3 (devices by ID hash)', () => {
  it('adds the ID-hash index to a cache written by v2, keeping its rows, and the ID-only query uses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cache-v3-'));
    dirs.push(dir);
    const file = path.join(dir, 'counter.cache.db');
    prepareCacheFile(file);
    const db = open(file);
    db.exec(`DROP INDEX devices_by_id_hash;
      INSERT INTO accounts VALUES ('A1', '张*', 'h', 'k', '110***', 'active', 1, '2026-11-01T00:00:00.000Z', 1);
      INSERT INTO devices VALUES ('D1', 'A1', 'h', 'imei', '490154203237518', 'P1', '2027-01-01T00:00:00.000Z', 1000, 10,
        '2026-11-01T00:00:00.000Z', 'active', NULL, NULL);`);
    db.pragma('user_version = 2');
    db.close();

    expect(prepareCacheFile(file)).toEqual({ created: false, damaged: null });
    const after = open(file);
    expect(after.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    expect(after.prepare('SELECT device_id FROM devices WHERE id_hash = ?').all('h')).toEqual([{ device_id: 'D1' }]);
    const plan = after.prepare<[string], { detail: string }>('EXPLAIN QUERY PLAN SELECT device_id FROM devices WHERE id_hash = ?').all('h');
    expect(plan.map((p) => p.detail).join(' ')).toContain('devices_by_id_hash');
    after.close();
  });
});

describe('cache schema v4 (promotions)', () => {
  it('adds the promotions table to a v3 cache, keeping its rows; the catalog keeps promotions and the set version', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cache-v4-'));
    dirs.push(dir);
    const file = path.join(dir, 'counter.cache.db');
    prepareCacheFile(file);
    const db = open(file);
    db.exec(`DROP TABLE promotions;
      INSERT INTO plans VALUES ('M30G', '月享30G', 'Monthly 30 GB', 30720, 'imei', '[{"months":1,"priceFen":2900}]', 1);`);
    db.pragma('user_version = 3');
    db.close();

    expect(prepareCacheFile(file)).toEqual({ created: false, damaged: null });
    const after = open(file);
    expect(after.pragma('user_version', { simple: true })).toBe(4);
    expect(after.prepare('SELECT code FROM plans').all()).toEqual([{ code: 'M30G' }]);
    const catalog = createCatalogRepo(after);
    expect(catalog.promotionSetVersion()).toBe(0);
    const p: PromotionData = {
      promotionId: 'P1', kind: 'percentOff', nameZh: '八折', nameEn: '20% off', planCode: 'M30G', termMonths: null, percentOff: 20,
      startsLocal: '2026-12-01T00:00', endsLocal: '2027-01-01T00:00', storeCodes: null, stackable: false, stackOrder: 0,
    };
    catalog.upsertPromotion(p, 4);
    catalog.upsertPromotion({ ...p, percentOff: 10 }, 3); // an older change arriving late never lowers the version
    expect(catalog.promotionSetVersion()).toBe(4);
    expect(catalog.listPromotions()).toEqual([{ ...p, percentOff: 10 }]);
    catalog.replacePromotions([], 7);
    expect({ list: catalog.listPromotions(), version: catalog.promotionSetVersion() }).toEqual({ list: [], version: 7 });
    after.close();
  });
});
