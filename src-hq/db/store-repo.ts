import type { Db } from './hq-database';

export interface StoreRow {
  store_id: string;
  code: string;
  name: string;
  address: string;
  phone: string;
  time_zone: string;
  settings_json: string;
  updated_at: string;
}

export interface StoreKeyRow {
  key_id: string;
  key_b64: string;
  created_at: string;
}

/** Stores and the national-ID HMAC key ring. */
export class StoreRepo {
  constructor(private readonly db: Db) {}

  insertStore(row: StoreRow): void {
    this.db
      .prepare(
        `INSERT INTO stores (store_id, code, name, address, phone, time_zone, settings_json, updated_at)
         VALUES (@store_id, @code, @name, @address, @phone, @time_zone, @settings_json, @updated_at)`,
      )
      .run(row);
  }

  updateStore(row: StoreRow): void {
    this.db
      .prepare(
        `UPDATE stores SET name = @name, address = @address, phone = @phone, time_zone = @time_zone,
           settings_json = @settings_json, updated_at = @updated_at WHERE store_id = @store_id`,
      )
      .run(row);
  }

  findStoreById(storeId: string): StoreRow | undefined {
    return this.db.prepare('SELECT * FROM stores WHERE store_id = ?').get(storeId) as StoreRow | undefined;
  }

  findStoreByCode(code: string): StoreRow | undefined {
    return this.db.prepare('SELECT * FROM stores WHERE code = ?').get(code) as StoreRow | undefined;
  }

  listStores(): StoreRow[] {
    return this.db.prepare('SELECT * FROM stores ORDER BY code').all() as StoreRow[];
  }

  insertKey(row: StoreKeyRow): void {
    this.db.prepare('INSERT INTO store_keys (key_id, key_b64, created_at) VALUES (@key_id, @key_b64, @created_at)').run(row);
  }

  /** Oldest first; the last one is the current key. */
  listKeys(): StoreKeyRow[] {
    return this.db.prepare('SELECT * FROM store_keys ORDER BY created_at, key_id').all() as StoreKeyRow[];
  }

  findKey(keyId: string): StoreKeyRow | undefined {
    return this.db.prepare('SELECT * FROM store_keys WHERE key_id = ?').get(keyId) as StoreKeyRow | undefined;
  }
}
