import { z } from 'zod';
import { method } from './define';
import { SupervisorOverride } from './lookup';
import { DenominationCountsInput, drawerCloseFields } from './shift';

const Fen = z.number().int();

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
  /** Discounts per promotion: count of sales, amountFen = total taken off. */
  byPromotion: z.array(z.object({ promotionId: z.string(), nameZh: z.string(), nameEn: z.string(), ...CountAmount })).default([]),
  byHour: z.array(z.object({ hour: z.number().int(), ...CountAmount })),
  /** The day's shifts (optional: reports stored before shift handover have none). */
  shifts: z
    .array(
      z.object({
        shiftId: z.string(),
        clerkId: z.string(),
        clerkName: z.string(),
        openedAt: z.string(),
        closedAt: z.string().nullable(),
        floatFen: Fen,
        floatReason: z.string().nullable(),
        floatChangeFen: Fen,
        cashTakenFen: Fen,
        changeGivenFen: Fen,
        voidedCashFen: Fen,
        ...drawerCloseFields,
      }),
    )
    .optional(),
  cash: z.object({
    floatFen: Fen,
    floatChangeFen: Fen.optional(),
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

/** day.*: the drawer count, the Z report, day close and its reprint. */
export const dayMethods = {
  /** The last shift's count at day end: closes the open shift with this count (shift.close) and returns the Z report. */
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
  'day.reprintZ': method(
    z.object({ businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
    z.object({ jobId: z.number().int(), reprintCount: z.number().int() }),
  ),
} as const;
