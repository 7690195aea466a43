import type { HqStore } from './store';

export interface StoreRow {
  store_id: string;
  code: string;
  name: string;
  address: string;
  phone: string;
  time_zone: string;
  settings_json: string;
  updated_at: string;
  /** The store's group (schema v5), or null. */
  group_id?: string | null;
}

export interface StoreGroupRow {
  group_id: string;
  name: string;
  updated_at: string;
}

export interface StoreKeyRow {
  key_id: string;
  key_b64: string;
  created_at: string;
}

/** Stores and the national-ID HMAC key ring. */
export class StoreRepo {
  constructor(private readonly db: HqStore) {}

  async insertStore(row: StoreRow): Promise<void> {
    await this.db.run(
      `INSERT INTO stores (store_id, code, name, address, phone, time_zone, settings_json, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.store_id, row.code, row.name, row.address, row.phone, row.time_zone, row.settings_json, row.updated_at],
    );
  }

  async updateStore(row: StoreRow): Promise<void> {
    await this.db.run(
      'UPDATE stores SET name = ?, address = ?, phone = ?, time_zone = ?, settings_json = ?, updated_at = ?, group_id = ? WHERE store_id = ?',
      [row.name, row.address, row.phone, row.time_zone, row.settings_json, row.updated_at, row.group_id ?? null, row.store_id],
    );
  }

  /** Stores of one group. */
  listStoresInGroup(groupId: string): Promise<StoreRow[]> {
    return this.db.all<StoreRow>('SELECT * FROM stores WHERE group_id = ? ORDER BY code', [groupId]);
  }

  async insertGroup(row: StoreGroupRow): Promise<void> {
    await this.db.run('INSERT INTO store_groups (group_id, name, updated_at) VALUES (?, ?, ?)', [row.group_id, row.name, row.updated_at]);
  }

  findGroup(groupId: string): Promise<StoreGroupRow | undefined> {
    return this.db.get<StoreGroupRow>('SELECT * FROM store_groups WHERE group_id = ?', [groupId]);
  }

  listGroups(): Promise<StoreGroupRow[]> {
    return this.db.all<StoreGroupRow>('SELECT * FROM store_groups ORDER BY group_id');
  }

  findStoreById(storeId: string): Promise<StoreRow | undefined> {
    return this.db.get<StoreRow>('SELECT * FROM stores WHERE store_id = ?', [storeId]);
  }

  findStoreByCode(code: string): Promise<StoreRow | undefined> {
    return this.db.get<StoreRow>('SELECT * FROM stores WHERE code = ?', [code]);
  }

  listStores(): Promise<StoreRow[]> {
    return this.db.all<StoreRow>('SELECT * FROM stores ORDER BY code');
  }

  async insertKey(row: StoreKeyRow): Promise<void> {
    await this.db.run('INSERT INTO store_keys (key_id, key_b64, created_at) VALUES (?, ?, ?)', [row.key_id, row.key_b64, row.created_at]);
  }

  /** Oldest first; the last one is the current key. */
  listKeys(): Promise<StoreKeyRow[]> {
    return this.db.all<StoreKeyRow>('SELECT * FROM store_keys ORDER BY created_at, key_id');
  }

  findKey(keyId: string): Promise<StoreKeyRow | undefined> {
    return this.db.get<StoreKeyRow>('SELECT * FROM store_keys WHERE key_id = ?', [keyId]);
  }
}
