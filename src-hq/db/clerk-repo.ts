import type { HqStore } from './store';

export interface ClerkRow {
  clerk_id: string;
  store_id: string;
  code: string;
  name: string;
  role: 'clerk' | 'supervisor';
  pin_hash: string;
  active: number;
  updated_at: string;
  /** When an admin last cleared the clerk's PIN lockout (schema v3), or null. */
  unlocked_at?: string | null;
}

/** Store staff who sign in at the counter. */
export class ClerkRepo {
  constructor(private readonly db: HqStore) {}

  async insert(row: ClerkRow): Promise<void> {
    await this.db.run(
      `INSERT INTO clerks (clerk_id, store_id, code, name, role, pin_hash, active, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.clerk_id, row.store_id, row.code, row.name, row.role, row.pin_hash, row.active, row.updated_at],
    );
  }

  async update(row: ClerkRow): Promise<void> {
    await this.db.run('UPDATE clerks SET name = ?, role = ?, pin_hash = ?, active = ?, updated_at = ? WHERE clerk_id = ?', [
      row.name, row.role, row.pin_hash, row.active, row.updated_at, row.clerk_id,
    ]);
  }

  /** Records an admin "unlock clerk" (the terminals apply it from the clerk record). */
  async markUnlocked(clerkId: string, at: string): Promise<void> {
    await this.db.run('UPDATE clerks SET unlocked_at = ?, updated_at = ? WHERE clerk_id = ?', [at, at, clerkId]);
  }

  findById(clerkId: string): Promise<ClerkRow | undefined> {
    return this.db.get<ClerkRow>('SELECT * FROM clerks WHERE clerk_id = ?', [clerkId]);
  }

  findByStoreAndCode(storeId: string, code: string): Promise<ClerkRow | undefined> {
    return this.db.get<ClerkRow>('SELECT * FROM clerks WHERE store_id = ? AND code = ?', [storeId, code]);
  }

  listByStore(storeId: string): Promise<ClerkRow[]> {
    return this.db.all<ClerkRow>('SELECT * FROM clerks WHERE store_id = ? ORDER BY code', [storeId]);
  }

  listAll(): Promise<ClerkRow[]> {
    return this.db.all<ClerkRow>('SELECT * FROM clerks ORDER BY store_id, code');
  }
}
