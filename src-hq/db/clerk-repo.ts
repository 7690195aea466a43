import type { Db } from './hq-database';

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
  constructor(private readonly db: Db) {}

  insert(row: ClerkRow): void {
    this.db
      .prepare(
        `INSERT INTO clerks (clerk_id, store_id, code, name, role, pin_hash, active, updated_at)
         VALUES (@clerk_id, @store_id, @code, @name, @role, @pin_hash, @active, @updated_at)`,
      )
      .run(row);
  }

  update(row: ClerkRow): void {
    this.db
      .prepare(
        `UPDATE clerks SET name = @name, role = @role, pin_hash = @pin_hash, active = @active, updated_at = @updated_at
         WHERE clerk_id = @clerk_id`,
      )
      .run(row);
  }

  /** Records an admin "unlock clerk" (the terminals apply it from the clerk record). */
  markUnlocked(clerkId: string, at: string): void {
    this.db.prepare('UPDATE clerks SET unlocked_at = ?, updated_at = ? WHERE clerk_id = ?').run(at, at, clerkId);
  }

  findById(clerkId: string): ClerkRow | undefined {
    return this.db.prepare('SELECT * FROM clerks WHERE clerk_id = ?').get(clerkId) as ClerkRow | undefined;
  }

  findByStoreAndCode(storeId: string, code: string): ClerkRow | undefined {
    return this.db.prepare('SELECT * FROM clerks WHERE store_id = ? AND code = ?').get(storeId, code) as
      | ClerkRow
      | undefined;
  }

  listByStore(storeId: string): ClerkRow[] {
    return this.db.prepare('SELECT * FROM clerks WHERE store_id = ? ORDER BY code').all(storeId) as ClerkRow[];
  }

  listAll(): ClerkRow[] {
    return this.db.prepare('SELECT * FROM clerks ORDER BY store_id, code').all() as ClerkRow[];
  }
}
