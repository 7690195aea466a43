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
  /** The closing count (migration 0012); null while open, or for a shift the day close closed before 0012. */
  close_counts: string | null;
  counted_fen: number | null;
  expected_fen: number | null;
  variance_fen: number | null;
  close_reason: string | null;
  /** The shift this one took the drawer over from, and why its float differs from that count. */
  handover_from: string | null;
  float_reason: string | null;
}

export type NewShift = Pick<ShiftRow, 'shift_id' | 'clerk_id' | 'business_date' | 'opened_at' | 'float_fen' | 'float_counts'> &
  Partial<Pick<ShiftRow, 'handover_from' | 'float_reason'>>;

export interface ShiftCloseRow {
  shift_id: string;
  closed_at: string;
  closed_by: string;
  close_counts: string;
  counted_fen: number;
  expected_fen: number;
  variance_fen: number;
  close_reason: string | null;
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
    `INSERT INTO shifts (shift_id, clerk_id, business_date, opened_at, float_fen, float_counts, handover_from, float_reason)
     VALUES (@shift_id, @clerk_id, @business_date, @opened_at, @float_fen, @float_counts, @handover_from, @float_reason)`,
  );
  const closeWithCount = db.prepare(
    `UPDATE shifts SET closed_at = @closed_at, closed_by = @closed_by, close_counts = @close_counts, counted_fen = @counted_fen,
            expected_fen = @expected_fen, variance_fen = @variance_fen, close_reason = @close_reason
      WHERE shift_id = @shift_id AND closed_at IS NULL`,
  );
  const ofDay = db.prepare<[string], ShiftRow>('SELECT * FROM shifts WHERE business_date = ? ORDER BY opened_at, rowid');
  const insertNoSale = db.prepare('INSERT INTO no_sales (shift_id, reason, clerk_id, at) VALUES (@shift_id, @reason, @clerk_id, @at)');
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
  const oldestOpenDay = db.prepare<[], { business_date: string }>(
    'SELECT business_date FROM business_days WHERE closed_at IS NULL ORDER BY business_date LIMIT 1',
  );
  const latestClosed = db.prepare<[], { business_date: string }>(
    'SELECT business_date FROM business_days WHERE closed_at IS NOT NULL ORDER BY business_date DESC LIMIT 1',
  );
  return {
    findOpenShift: (): ShiftRow | undefined => open.get(),
    findShiftById: (shiftId: string): ShiftRow | undefined => byId.get(shiftId),
    insertShift: (row: NewShift): void => void insert.run({ handover_from: null, float_reason: null, ...row }),
    /** Closes an open shift with its drawer count; false when it was not open. */
    closeShiftWithCount: (row: ShiftCloseRow): boolean => closeWithCount.run(row).changes > 0,
    /** The shifts of a business day in the order they were opened. */
    shiftsOfDay: (businessDate: string): ShiftRow[] => ofDay.all(businessDate),
    insertNoSale: (row: { shift_id: string; reason: string; clerk_id: string; at: string }): void => void insertNoSale.run(row),
    closeShift: (shiftId: string, at: string, clerkId: string): boolean => close.run(at, clerkId, shiftId).changes > 0,
    insertCashMovement: (row: Omit<CashMovementRow, 'id'>): number => Number(insertMovement.run(row).lastInsertRowid),
    listCashMovements: (shiftId: string): CashMovementRow[] => movements.all(shiftId),
    saveCashCount: (row: CashCountRow): void => void upsertCount.run(row),
    findCashCount: (businessDate: string): CashCountRow | undefined => countOf.get(businessDate),
    /** Closes the day once; false when it was already closed. */
    closeBusinessDay: (businessDate: string, at: string, clerkId: string, zReportJson: string, pendingOverride: boolean): boolean =>
      closeDay.run(at, clerkId, zReportJson, pendingOverride ? 1 : 0, businessDate).changes > 0,
    findClosedZReport: (businessDate: string) => zOf.get(businessDate),
    /** The oldest business day not closed yet (a day opens with its first shift). */
    oldestOpenBusinessDate: (): string | null => oldestOpenDay.get()?.business_date ?? null,
    latestClosedBusinessDate: (): string | null => latestClosed.get()?.business_date ?? null,
  };
}
export type ShiftRepo = ReturnType<typeof createShiftRepo>;
