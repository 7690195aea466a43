import type { HqStore } from './store';

export interface PlanRow {
  code: string;
  name_zh: string;
  name_en: string;
  data_quota_mb: number;
  device_kind: 'imei' | 'iccid';
  terms_json: string;
  active: number;
  updated_at: string;
}

/** The plan catalog. */
export class PlanRepo {
  constructor(private readonly db: HqStore) {}

  async insert(row: PlanRow): Promise<void> {
    await this.db.run(
      `INSERT INTO plans (code, name_zh, name_en, data_quota_mb, device_kind, terms_json, active, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.code, row.name_zh, row.name_en, row.data_quota_mb, row.device_kind, row.terms_json, row.active, row.updated_at],
    );
  }

  async update(row: PlanRow): Promise<void> {
    await this.db.run(
      `UPDATE plans SET name_zh = ?, name_en = ?, data_quota_mb = ?, device_kind = ?, terms_json = ?, active = ?, updated_at = ?
       WHERE code = ?`,
      [row.name_zh, row.name_en, row.data_quota_mb, row.device_kind, row.terms_json, row.active, row.updated_at, row.code],
    );
  }

  findByCode(code: string): Promise<PlanRow | undefined> {
    return this.db.get<PlanRow>('SELECT * FROM plans WHERE code = ?', [code]);
  }

  listAll(): Promise<PlanRow[]> {
    return this.db.all<PlanRow>('SELECT * FROM plans ORDER BY code');
  }
}
