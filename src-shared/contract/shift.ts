import { z } from 'zod';
import { method } from './define';

const Fen = z.number().int();

/** Pieces counted per denomination (keys are the denomination in fen: "10000", "5000" … "10"). */
export const DenominationCountsInput = z.record(
  z.string().regex(/^\d{1,5}$/, 'shift:errors.denomination'),
  z.number({ message: 'shift:errors.countWhole' }).int('shift:errors.countWhole').min(0, 'shift:errors.countWhole').max(100_000, 'shift:errors.countTooLarge'),
);

export const CashMovementView = z.object({
  kind: z.enum(['paidIn', 'paidOut']),
  amountFen: Fen,
  reason: z.string(),
  clerkId: z.string(),
  at: z.string(),
});

export const ShiftView = z.object({
  shiftId: z.string(),
  clerkId: z.string(),
  clerkName: z.string(),
  businessDate: z.string(),
  openedAt: z.string(),
  floatFen: Fen,
  floatCounts: z.record(z.string(), z.number().int()),
  paidInFen: Fen,
  paidOutFen: Fen,
  movements: z.array(CashMovementView),
  /**
   * What this shift's drawer should hold now (its float + cash of its sales − change − cash paid back
   * for voids ± movements). Null when the store counts blind: shown only after the closing count.
   */
  expectedCashFen: Fen.nullable(),
  noSaleCount: z.number().int(),
  /** The shift this one took the drawer over from, and the reason its float differs from that count. */
  handoverFrom: z.string().nullable(),
  floatReason: z.string().nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

/** A drawer's movements and its closing count: the same fields in a shift report and in the Z report's shift lines. */
export const drawerCloseFields = {
  paidInFen: Fen,
  paidOutFen: Fen,
  noSaleCount: z.number().int(),
  expectedFen: Fen,
  countedFen: Fen.nullable(),
  varianceFen: Fen.nullable(),
  counts: z.record(z.string(), z.number().int()).nullable(),
  reason: z.string().nullable(),
};

/** The shift report printed when a shift closes (a handover): one drawer, one clerk. */
export const ShiftReportView = z.object({
  shiftId: z.string(),
  clerkId: z.string(),
  clerkName: z.string(),
  businessDate: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  floatFen: Fen,
  floatReason: z.string().nullable(),
  /** Cash customers paid on this shift's sales (handed over minus change). */
  cashSalesFen: Fen,
  /** Cash paid back from this drawer for voided sales. */
  cashRefundsFen: Fen,
  ...drawerCloseFields,
});
export type ShiftReportView = z.infer<typeof ShiftReportView>;

/** The drawer the next shift takes over: the last closed shift of the business day and its count. */
export const HandoverView = z.object({
  shiftId: z.string(),
  clerkName: z.string(),
  closedAt: z.string(),
  countedFen: Fen,
  counts: z.record(z.string(), z.number().int()),
});

const Reason = z.string().trim().min(1, 'shift:errors.reasonRequired').max(200, 'shift:errors.reasonTooLong');

/** Shifts and paid-in/out (the idle lock is in auth.ts, the drawer count, Z report and day close in day.ts). */
export const shiftMethods = {
  'shift.current': method(
    z.object({}).strict(),
    z.object({
      shift: ShiftView.nullable(),
      denominationsFen: z.array(z.number().int()),
      varianceThresholdFen: Fen,
      /** The business date a sale made now would belong to. */
      businessDate: z.string(),
      /** Store setting: the closing count is blind (expected cash shown only after the count). */
      blindCount: z.boolean(),
      /** With no open shift: the drawer the last shift of the day handed over (the next float, pre-filled). */
      handover: HandoverView.nullable(),
    }),
  ),
  /** Open a shift on a counted float; a float other than the last shift's count needs `floatReason` (audited). */
  'shift.open': method(
    z.object({ counts: DenominationCountsInput, floatReason: z.string().trim().max(200, 'shift:errors.reasonTooLong').optional() }).strict(),
    z.object({ shift: ShiftView }),
  ),
  /**
   * Close the open shift with the counted drawer (handover): over/short worked out, a reason needed
   * above the store's threshold, the shift report printed. Blind: the refusal for a missing reason is
   * the first time the expected cash is shown (the blind count is audited).
   */
  'shift.close': method(
    z.object({ counts: DenominationCountsInput, reason: z.string().trim().max(200, 'shift:errors.reasonTooLong').optional() }).strict(),
    z.object({ report: ShiftReportView, jobId: z.number().int() }),
  ),
  'shift.cashMovement': method(
    z
      .object({
        kind: z.enum(['paidIn', 'paidOut']),
        amountFen: z.number({ message: 'shift:errors.amountFen' }).int('shift:errors.amountFen').positive('shift:errors.amountPositive').max(100_000_000, 'shift:errors.amountTooLarge'),
        reason: Reason,
      })
      .strict(),
    z.object({ shift: ShiftView }),
  ),
  /** Open the cash drawer without a sale: a reason is required; audited and a slip printed. */
  'shift.noSale': method(z.object({ reason: Reason }).strict(), z.object({ jobId: z.number().int() })),
} as const;
