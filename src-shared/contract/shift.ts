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
  /** What the drawer should hold now (float + cash of the day's sales − change − voided cash ± movements). */
  expectedCashFen: Fen,
});
export type ShiftView = z.infer<typeof ShiftView>;

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
    }),
  ),
  'shift.open': method(z.object({ counts: DenominationCountsInput }).strict(), z.object({ shift: ShiftView })),
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
