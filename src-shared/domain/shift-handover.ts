/**
 * Shift handover: a clerk closes a shift with a counted drawer, the next clerk opens on that count.
 * The day's cash is the chain of its shifts: the first shift's float, every shift's cash flows, and
 * any difference a later shift opened with against the count it took over (e.g. notes moved to the
 * safe, with a reason). Pure: the database sums the flows per shift (report-repo), this file does the
 * maths that must agree on screen, on the shift report, in the Z report and at HQ.
 */
import { domainError } from './domain-errors';
import type { AppErrorShape } from '../contract/errors';
import { assertFen, formatFen, type Fen } from './money';
import { expectedCashFen } from './reconciliation';

/** Cash that moved through one shift's drawer (each a non-negative sum). */
export interface ShiftCashFlows {
  /** Cash customers handed over on the shift's sales (before change). */
  cashTakenFen: Fen;
  changeGivenFen: Fen;
  /** Cash paid back from this drawer for voided sales. */
  voidedCashFen: Fen;
  paidInFen: Fen;
  paidOutFen: Fen;
}

export const NO_FLOWS: ShiftCashFlows = { cashTakenFen: 0, changeGivenFen: 0, voidedCashFen: 0, paidInFen: 0, paidOutFen: 0 };

export interface ShiftCashInput extends ShiftCashFlows {
  shiftId: string;
  floatFen: Fen;
  /** The closing count; null while the shift is open (or for a shift closed without one). */
  countedFen: Fen | null;
}

export interface ShiftCashLine {
  shiftId: string;
  floatFen: Fen;
  /** This shift's float minus what the previous shift counted (0 for the first shift or a same-float handover). */
  floatChangeFen: Fen;
  expectedFen: Fen;
  countedFen: Fen | null;
  /** counted − expected: positive = over, negative = short; null before the count. */
  varianceFen: Fen | null;
}

export interface DayCash extends ShiftCashFlows {
  /** The float the day started with (its first shift's). */
  floatFen: Fen;
  /** Sum of the floats' changes at handovers (signed). */
  floatChangeFen: Fen;
  /** What the drawer should hold at the end of the last shift. */
  expectedFen: Fen;
  /** The last shift's count, once every shift is counted; else null. */
  countedFen: Fen | null;
  /** counted − expected (= the sum of the shifts' variances); null until every shift is counted. */
  varianceFen: Fen | null;
  shifts: ShiftCashLine[];
}

const addFlows = (a: ShiftCashFlows, b: ShiftCashFlows): ShiftCashFlows => ({
  cashTakenFen: a.cashTakenFen + b.cashTakenFen,
  changeGivenFen: a.changeGivenFen + b.changeGivenFen,
  voidedCashFen: a.voidedCashFen + b.voidedCashFen,
  paidInFen: a.paidInFen + b.paidInFen,
  paidOutFen: a.paidOutFen + b.paidOutFen,
});

/** What one shift's drawer should hold: its float plus its own cash flows. */
export function shiftExpectedFen(s: ShiftCashFlows & { floatFen: Fen }): Fen {
  return expectedCashFen(s);
}

/**
 * The day's cash from its shifts in the order they were opened. `unassigned` is cash of sales that
 * belong to no shift (only test harnesses sell without one); it counts in the day's expected cash.
 */
export function dayCash(shifts: readonly ShiftCashInput[], unassigned: ShiftCashFlows = NO_FLOWS): DayCash {
  let flows = unassigned;
  let floatChangeFen = 0;
  let previous: ShiftCashLine | null = null;
  const lines: ShiftCashLine[] = [];
  for (const s of shifts) {
    assertFen(s.floatFen, { field: 'floatFen' });
    if (s.countedFen !== null) assertFen(s.countedFen, { field: 'countedFen' });
    const expectedFen = shiftExpectedFen(s);
    // a shift closed without a count hands over what it should have held
    const handedOver: Fen | null = previous ? (previous.countedFen ?? previous.expectedFen) : null;
    const change = handedOver === null ? 0 : s.floatFen - handedOver;
    floatChangeFen += change;
    flows = addFlows(flows, s);
    const line: ShiftCashLine = {
      shiftId: s.shiftId,
      floatFen: s.floatFen,
      floatChangeFen: change,
      expectedFen,
      countedFen: s.countedFen,
      varianceFen: s.countedFen === null ? null : s.countedFen - expectedFen,
    };
    lines.push(line);
    previous = line;
  }
  const floatFen = shifts[0]?.floatFen ?? 0;
  const expectedFen = expectedCashFen({ floatFen, ...flows }) + floatChangeFen;
  const allCounted = lines.length > 0 && lines.every((l) => l.countedFen !== null);
  const countedFen = allCounted ? lines[lines.length - 1]!.countedFen : null;
  return {
    floatFen,
    ...flows,
    floatChangeFen,
    expectedFen,
    countedFen,
    varianceFen: countedFen === null ? null : countedFen - expectedFen,
    shifts: lines,
  };
}

export type HandoverFloatResult = { ok: true; differenceFen: Fen } | { ok: false; error: AppErrorShape };

/**
 * The next clerk opens on the count the last shift closed with. Another float is allowed with a
 * written reason (it is audited); without a previous count any float is fine.
 */
export function checkHandoverFloat(input: { previousCountedFen: Fen | null; floatFen: Fen; reason?: string | null | undefined }): HandoverFloatResult {
  assertFen(input.floatFen, { field: 'floatFen' });
  if (input.previousCountedFen === null) return { ok: true, differenceFen: 0 };
  assertFen(input.previousCountedFen, { field: 'previousCountedFen' });
  const differenceFen = input.floatFen - input.previousCountedFen;
  if (differenceFen !== 0 && !(typeof input.reason === 'string' && input.reason.trim() !== '')) {
    return {
      ok: false,
      error: domainError('handoverFloatReasonRequired', {
        field: 'floatReason',
        params: { counted: formatFen(input.previousCountedFen), float: formatFen(input.floatFen) },
      }),
    };
  }
  return { ok: true, differenceFen };
}
