import type { HqStore } from './store';

export interface PromotionRow {
  promotion_id: string;
  kind: 'percentOff' | 'fixedPrice' | 'spendSave';
  /** The promotion as the protocol's PromotionData. */
  data_json: string;
  set_version: number;
  created_at: string;
  updated_at: string;
}

/** Promotions HQ defines (admin API); terminals get them with the catalog. */
export class PromotionRepo {
  constructor(private readonly db: HqStore) {}

  async insert(row: PromotionRow): Promise<void> {
    await this.db.run(
      `INSERT INTO promotions (promotion_id, kind, data_json, set_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [row.promotion_id, row.kind, row.data_json, row.set_version, row.created_at, row.updated_at],
    );
  }

  async update(row: Omit<PromotionRow, 'created_at' | 'kind'>): Promise<void> {
    await this.db.run('UPDATE promotions SET data_json = ?, set_version = ?, updated_at = ? WHERE promotion_id = ?', [row.data_json, row.set_version, row.updated_at, row.promotion_id]);
  }

  findById(promotionId: string): Promise<PromotionRow | undefined> {
    return this.db.get<PromotionRow>(`SELECT * FROM promotions WHERE promotion_id = ?${this.db.forUpdate}`, [promotionId]);
  }

  listAll(): Promise<PromotionRow[]> {
    return this.db.all<PromotionRow>('SELECT * FROM promotions ORDER BY promotion_id');
  }
}
