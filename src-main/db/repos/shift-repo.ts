import type { Db } from '../../../src-node/db/connection';

export interface ShiftRow {
  shift_id: string;
  clerk_id: string;
  business_date: string;
  opened_at: string;
  float_fen: number;
  float_counts: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface CashMovementRow {
  id: number;
  shift_id: string;
  kind: 'paidIn' | 'paidOut';
  amount_fen: number;
  reason: string;
  clerk_id: string;
  at: string;
}

export interface CashCountRow {
  business_date: string;
  shift_id: string;
  counts: string;
  counted_fen: number;
  expected_fen: number;
  variance_fen: number;
  reason: string | null;
  clerk_id: string;
  at: string;
}

/** Shifts, their paid-in / paid-out movements, the drawer count and the closing of a business day. */
export function createShiftRepo(db: Db) {
  const open = db.prepare<[], ShiftRow>('SELECT * FROM shifts WHERE closed_at IS NULL');
  const byId = db.prepare<[string], ShiftRow>('SELECT * FROM shifts WHERE shift_id = ?');
  const insert = db.prepare(
    `INSERT INTO shifts (shift_id, clerk_id, business_date, opened_at, float_fen, float_counts)
     VALUES (@shift_id, @clerk_id, @business_date, @opened_at, @float_fen, @float_counts)`,
  );
  const close = db.prepare<[string, string, string]>('UPDATE shifts SET closed_at = ?, closed_by = ? WHERE shift_id = ? AND closed_at IS NULL');
  const insertMovement = db.prepare(
    `INSERT INTO cash_movements (shift_id, kind, amount_fen, reason, clerk_id, at)
     VALUES (@shift_id, @kind, @amount_fen, @reason, @clerk_id, @at)`,
  );
  const movements = db.prepare<[string], CashMovementRow>('SELECT * FROM cash_movements WHERE shift_id = ? ORDER BY id');
  const upsertCount = db.prepare(
    `INSERT INTO cash_counts (business_date, shift_id, counts, counted_fen, expected_fen, variance_fen, reason, clerk_id, at)
     VALUES (@business_date, @shift_id, @counts, @counted_fen, @expected_fen, @variance_fen, @reason, @clerk_id, @at)
     ON CONFLICT(business_date) DO UPDATE SET shift_id = excluded.shift_id, counts = excluded.counts,
       counted_fen = excluded.counted_fen, expected_fen = excluded.expected_fen, variance_fen = excluded.variance_fen,
       reason = excluded.reason, clerk_id = excluded.clerk_id, at = excluded.at`,
  );
  const countOf = db.prepare<[string], CashCountRow>('SELECT * FROM cash_counts WHERE business_date = ?');
  const closeDay = db.prepare<[string, string, string, number, string]>(
    'UPDATE business_days SET closed_at = ?, closed_by = ?, z_report = ?, pending_override = ? WHERE business_date = ? AND closed_at IS NULL',
  );
  const zOf = db.prepare<[string], { z_report: string | null; closed_at: string | null; pending_override: number }>(
    'SELECT z_report, closed_at, pending_override FROM business_days WHERE business_date = ?',
  );
  const latestClosed = db.prepare<[], { business_date: string }>(
    'SELECT business_date FROM business_days WHERE closed_at IS NOT NULL ORDER BY business_date DESC LIMIT 1',
  );
  return {
    findOpenShift: (): ShiftRow | undefined => open.get(),
    findShiftById: (shiftId: string): ShiftRow | undefined => byId.get(shiftId),
    insertShift: (row: Omit<ShiftRow, 'closed_at' | 'closed_by'>): void => void insert.run(row),
    closeShift: (shiftId: string, at: string, clerkId: string): boolean => close.run(at, clerkId, shiftId).changes > 0,
    insertCashMovement: (row: Omit<CashMovementRow, 'id'>): number => Number(insertMovement.run(row).lastInsertRowid),
    listCashMovements: (shiftId: string): CashMovementRow[] => movements.all(shiftId),
    saveCashCount: (row: CashCountRow): void => void upsertCount.run(row),
    findCashCount: (businessDate: string): CashCountRow | undefined => countOf.get(businessDate),
    /** Closes the day once; false when it was already closed. */
    closeBusinessDay: (businessDate: string, at: string, clerkId: string, zReportJson: string, pendingOverride: boolean): boolean =>
      closeDay.run(at, clerkId, zReportJson, pendingOverride ? 1 : 0, businessDate).changes > 0,
    findClosedZReport: (businessDate: string) => zOf.get(businessDate),
    latestClosedBusinessDate: (): string | null => latestClosed.get()?.business_date ?? null,
  };
}
export type ShiftRepo = ReturnType<typeof createShiftRepo>;
