import { CACHE_ID_KEY, CACHE_SCHEMA } from '../cache-db';
import type { Migration } from '../../../src-node/db/connection';

/**
 * Issue 12 item 1: the account cache (accounts, devices, plans, store keys) moves out of the ledger into
 * its own file, ATTACHed as `cache` before migrations run (cache-db.ts). Rows in place are copied into an
 * empty cache (the device rows gain their account's ID hash), then the ledger's tables are dropped; the
 * ledger's kv remembers which cache file holds them, so the import is not repeated.
 */
export const migration: Migration = {
  version: 9,
  name: '0009-cache-file',
  up(db) {
    const attached = db.prepare<[string], { name: string }>('SELECT name FROM pragma_database_list WHERE name = ?').get(CACHE_SCHEMA);
    if (!attached) throw new Error('migration 0009 needs the account cache attached (openDatabase with cacheAttachment)');
    const inLedger = (table: string): boolean =>
      !!db.prepare<[string], { name: string }>("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = ?").get(table);
    const cacheEmpty = (table: string): boolean => !db.prepare(`SELECT 1 FROM ${CACHE_SCHEMA}.${table} LIMIT 1`).get();
    let moved = false;
    if (inLedger('store_keys')) {
      if (cacheEmpty('store_keys')) moved = db.prepare(`INSERT INTO ${CACHE_SCHEMA}.store_keys SELECT key_id, key_base64, created_at FROM main.store_keys`).run().changes > 0 || moved;
      db.exec('DROP TABLE main.store_keys');
    }
    if (inLedger('plans')) {
      if (cacheEmpty('plans')) {
        moved = db.prepare(`INSERT INTO ${CACHE_SCHEMA}.plans SELECT code, name_zh, name_en, data_quota_mb, device_kind, terms, active FROM main.plans`).run().changes > 0 || moved;
      }
      db.exec('DROP TABLE main.plans');
    }
    if (inLedger('accounts')) {
      if (cacheEmpty('accounts')) {
        const n = db
          .prepare(
            `INSERT INTO ${CACHE_SCHEMA}.accounts (account_id, holder_name, id_hash, key_id, id_masked, status, version, updated_at, device_count)
             SELECT account_id, holder_name, id_hash, key_id, id_masked, status, version, updated_at, device_count FROM main.accounts ORDER BY account_id`,
          )
          .run().changes;
        db.exec(
          `INSERT INTO ${CACHE_SCHEMA}.devices (device_id, account_id, id_hash, kind, number, plan_code, expires_at, data_quota_mb,
             data_used_mb, usage_as_of, status, status_reason)
           SELECT d.device_id, d.account_id, a.id_hash, d.kind, d.number, d.plan_code, d.expires_at, d.data_quota_mb,
             d.data_used_mb, d.usage_as_of, d.status, d.status_reason
             FROM main.devices d JOIN main.accounts a ON a.account_id = d.account_id`,
        );
        moved = n > 0 || moved;
      }
      db.exec('DROP TABLE main.devices; DROP TABLE main.accounts;');
    }
    if (moved) {
      // the rows (and the sync cursor and import progress that describe them) belong to this cache file
      db.prepare(
        `INSERT INTO main.kv (key, value) SELECT ?, json_quote(value) FROM ${CACHE_SCHEMA}.cache_meta WHERE key = ?
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ).run(CACHE_ID_KEY, CACHE_ID_KEY);
    }
  },
};
