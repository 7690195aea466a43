import type { Db } from './hq-database';

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
  constructor(private readonly db: Db) {}

  insert(row: PlanRow): void {
    this.db
      .prepare(
        `INSERT INTO plans (code, name_zh, name_en, data_quota_mb, device_kind, terms_json, active, updated_at)
         VALUES (@code, @name_zh, @name_en, @data_quota_mb, @device_kind, @terms_json, @active, @updated_at)`,
      )
      .run(row);
  }

  update(row: PlanRow): void {
    this.db
      .prepare(
        `UPDATE plans SET name_zh = @name_zh, name_en = @name_en, data_quota_mb = @data_quota_mb,
           device_kind = @device_kind, terms_json = @terms_json, active = @active, updated_at = @updated_at
         WHERE code = @code`,
      )
      .run(row);
  }

  findByCode(code: string): PlanRow | undefined {
    return this.db.prepare('SELECT * FROM plans WHERE code = ?').get(code) as PlanRow | undefined;
  }

  listAll(): PlanRow[] {
    return this.db.prepare('SELECT * FROM plans ORDER BY code').all() as PlanRow[];
  }
}
