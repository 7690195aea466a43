import { z } from 'zod';
import { method } from './define';
import { SupervisorOverride } from './lookup';

const Fen = z.number().int();
const ClerkId = z.string().min(1).max(64);
const Pin = z.string().regex(/^\d{4,8}$/, 'errors:pinFormat');

/** Pieces counted per denomination (keys are the denomination in fen: "10000", "5000" … "10"). */
export const DenominationCountsInput = z.record(
  z.string().regex(/^\d{1,5}$/, 'shift:errors.denomination'),
  z.number({ message: 'shift:errors.countWhole' }).int('shift:errors.countWhole').min(0, 'shift:errors.countWhole').max(100_000, 'shift:errors.countTooLarge'),
);

const ClerkRef = z.object({ clerkId: z.string(), code: z.string(), name: z.string(), role: z.enum(['clerk', 'supervisor']) });

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

const CountAmount = { count: z.number().int(), amountFen: Fen };

export const ZReportView = z.object({
  businessDate: z.string(),
  timeZone: z.string(),
  generatedAt: z.string(),
  salesCount: z.number().int(),
  grossFen: Fen,
  voidCount: z.number().int(),
  voidFen: Fen,
  netCount: z.number().int(),
  netFen: Fen,
  pendingCount: z.number().int(),
  pendingFen: Fen,
  rejectedCount: z.number().int(),
  rejectedFen: Fen,
  firstReceiptNo: z.string().nullable(),
  lastReceiptNo: z.string().nullable(),
  receiptGaps: z.array(z.number().int()),
  byMethod: z.array(z.object({ method: z.string(), ...CountAmount })),
  byPlan: z.array(z.object({ planCode: z.string(), nameZh: z.string(), nameEn: z.string(), ...CountAmount })),
  byClerk: z.array(z.object({ clerkId: z.string(), name: z.string(), ...CountAmount })),
  byHour: z.array(z.object({ hour: z.number().int(), ...CountAmount })),
  cash: z.object({
    floatFen: Fen,
    cashTakenFen: Fen,
    changeGivenFen: Fen,
    voidedCashFen: Fen,
    paidInFen: Fen,
    paidOutFen: Fen,
    expectedFen: Fen,
    countedFen: Fen.nullable(),
    varianceFen: Fen.nullable(),
    counts: z.record(z.string(), z.number().int()).nullable(),
    reason: z.string().nullable(),
    needsReason: z.boolean(),
  }),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  pendingOverride: z.boolean(),
  pendingEvents: z.number().int(),
});

const Reason = z.string().trim().min(1, 'shift:errors.reasonRequired').max(200, 'shift:errors.reasonTooLong');

/** Clerk unlock and the idle lock; shifts, paid-in/out, the drawer count, the Z report and day close. */
export const shiftMethods = {
  'auth.unlockClerk': method(
    z.object({ clerkId: ClerkId, supervisorId: ClerkId, pin: Pin }).strict(),
    z.object({ clerk: ClerkRef }),
    { public: true },
  ),
  /** The idle lock: the clerk stays the owner of the screen; only their PIN (or another clerk's sign-in) opens it. */
  'auth.lock': method(z.object({}).strict(), z.object({ ok: z.literal(true) })),
  'auth.lockState': method(
    z.object({}).strict(),
    z.object({ idleLockMinutes: z.number().int().positive(), lockedClerk: ClerkRef.nullable() }),
    { public: true },
  ),
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
  /** Save the drawer count of the open shift's business day; returns the Z report with it. */
  'day.count': method(
    z.object({ counts: DenominationCountsInput, reason: z.string().trim().max(200, 'shift:errors.reasonTooLong').optional() }).strict(),
    z.object({ report: ZReportView }),
  ),
  /** The Z report of a business day (default: the open shift's day, else the last closed one). */
  'day.zReport': method(
    z.object({ businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    z.object({ report: ZReportView.nullable(), closed: z.boolean() }),
  ),
  'day.close': method(
    z.object({ override: SupervisorOverride.strict().optional() }).strict(),
    z.object({ report: ZReportView, jobId: z.number().int() }),
  ),
  /** X report: print a reading of the day so far (no close), any time. */
  'day.printX': method(z.object({}).strict(), z.object({ jobId: z.number().int(), report: ZReportView })),
  /** Open the cash drawer without a sale: a reason is required; audited and a slip printed. */
  'shift.noSale': method(z.object({ reason: Reason }).strict(), z.object({ jobId: z.number().int() })),
  'day.reprintZ': method(
    z.object({ businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
    z.object({ jobId: z.number().int(), reprintCount: z.number().int() }),
  ),
} as const;
