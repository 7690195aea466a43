import type { Db } from '../../../src-node/db/connection';

export interface BusinessDayRow {
  business_date: string;
  opened_at: string;
  closed_at: string | null;
  closed_by: string | null;
  z_report: string | null;
  pending_override: number;
}

/** Business days of this terminal (store-local dates). */
export function createBusinessDayRepo(db: Db) {
  const byDate = db.prepare<[string], BusinessDayRow>('SELECT * FROM business_days WHERE business_date = ?');
  const lastClosed = db.prepare<[], { d: string | null }>('SELECT max(business_date) AS d FROM business_days WHERE closed_at IS NOT NULL');
  const insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO business_days (business_date, opened_at) VALUES (?, ?)');
  return {
    findBusinessDay: (date: string): BusinessDayRow | undefined => byDate.get(date),
    lastClosedBusinessDate: (): string | null => lastClosed.get()?.d ?? null,
    ensureBusinessDay: (date: string, at: string): void => void insert.run(date, at),
  };
}
export type BusinessDayRepo = ReturnType<typeof createBusinessDayRepo>;
