import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/errors';
import type { ShiftView } from '../../src-shared/contract/shift';
import { businessDate as localBusinessDate, resolveBusinessDate } from '../../src-shared/domain';
import { countTotalFen, expectedCashFen, type DenominationCounts } from '../../src-shared/domain/reconciliation';
import type { AppContext } from '../app-context';
import type { BusinessDayRepo } from '../db/repos/business-day-repo';
import type { ShiftRepo, ShiftRow } from '../db/repos/shift-repo';
import type { ZReportService } from './z-report';

export const NO_OPEN_SHIFT = { code: 'NO_OPEN_SHIFT', messageKey: 'shift:noOpenShift' } as const;

/** Shifts: open with a counted float, paid-in / paid-out with a reason, one open shift per terminal. */
export function createShiftService(deps: { ctx: AppContext; shifts: ShiftRepo; days: BusinessDayRepo; zReports: ZReportService }) {
  const { ctx, shifts, days, zReports } = deps;

  /** The business date a sale made now belongs to (the day after the last closed one at the earliest). */
  function businessDateNow(): string {
    return resolveBusinessDate(localBusinessDate(ctx.now(), zReports.timeZone()), days.lastClosedBusinessDate());
  }

  function toView(row: ShiftRow): ShiftView {
    const movements = shifts.listCashMovements(row.shift_id);
    const cash = zReports.live(row.business_date).cash;
    return {
      shiftId: row.shift_id,
      clerkId: row.clerk_id,
      clerkName: ctx.repos.clerks.findClerkById(row.clerk_id)?.name ?? row.clerk_id,
      businessDate: row.business_date,
      openedAt: row.opened_at,
      floatFen: row.float_fen,
      floatCounts: JSON.parse(row.float_counts) as Record<string, number>,
      paidInFen: movements.filter((m) => m.kind === 'paidIn').reduce((s, m) => s + m.amount_fen, 0),
      paidOutFen: movements.filter((m) => m.kind === 'paidOut').reduce((s, m) => s + m.amount_fen, 0),
      movements: movements.map((m) => ({ kind: m.kind, amountFen: m.amount_fen, reason: m.reason, clerkId: m.clerk_id, at: m.at })),
      expectedCashFen: expectedCashFen(cash),
    };
  }

  function requireOpenShift(): ShiftRow {
    const row = shifts.findOpenShift();
    if (!row) throw new AppError(NO_OPEN_SHIFT);
    return row;
  }

  const insertShift = ctx.db.transaction((row: Omit<ShiftRow, 'closed_at' | 'closed_by'>) => {
    if (shifts.findOpenShift()) throw new AppError({ code: 'CONFLICT', messageKey: 'shift:alreadyOpen' });
    days.ensureBusinessDay(row.business_date, row.opened_at);
    shifts.insertShift(row);
    ctx.audit.record('shift.open', row.clerk_id, { shiftId: row.shift_id, businessDate: row.business_date, floatFen: row.float_fen });
  });

  return {
    businessDateNow,
    requireOpenShift,
    /** Cheap (no cash figures): for the status poll. */
    hasOpenShift: (): boolean => shifts.findOpenShift() !== undefined,
    current: (): ShiftView | null => {
      const row = shifts.findOpenShift();
      return row ? toView(row) : null;
    },
    open(counts: DenominationCounts): ShiftView {
      const clerk = ctx.auth.requireSignedIn();
      const total = countTotalFen(counts);
      if (!total.ok) throw new AppError(total.error);
      const shiftId = randomUUID();
      insertShift({
        shift_id: shiftId,
        clerk_id: clerk.clerkId,
        business_date: businessDateNow(),
        opened_at: ctx.now().toISOString(),
        float_fen: total.totalFen,
        float_counts: JSON.stringify(counts),
      });
      return toView(shifts.findShiftById(shiftId)!);
    },
    cashMovement(kind: 'paidIn' | 'paidOut', amountFen: number, reason: string): ShiftView {
      const clerk = ctx.auth.requireSignedIn();
      const trimmed = reason.trim();
      if (!trimmed) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.reasonRequired', field: 'reason' });
      ctx.db.transaction(() => {
        const row = requireOpenShift();
        if (kind === 'paidOut') {
          const inDrawer = expectedCashFen(zReports.live(row.business_date).cash);
          if (amountFen > inDrawer) {
            throw new AppError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.paidOutTooLarge', field: 'amountFen', params: { max: (inDrawer / 100).toFixed(2) } });
          }
        }
        const at = ctx.now().toISOString();
        shifts.insertCashMovement({ shift_id: row.shift_id, kind, amount_fen: amountFen, reason: trimmed, clerk_id: clerk.clerkId, at });
        ctx.audit.record(`shift.${kind}`, clerk.clerkId, { shiftId: row.shift_id, amountFen, reason: trimmed });
      })();
      return toView(requireOpenShift());
    },
  };
}
export type ShiftService = ReturnType<typeof createShiftService>;
