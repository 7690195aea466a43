import { z } from 'zod';
import { OFFLINE_REASONS } from '../domain/hq-retry-policy';
import { method } from './define';
import { SupervisorOverride } from './lookup';

/** The oldest pending event older than this turns the status bar's sync item into a warning. */
export const SYNC_WARN_AFTER_MINUTES = 30;

/** Whether the oldest pending event is old enough to warn about (pure: the status bar and main agree). */
export function pendingTooOld(oldestPendingAt: string | null, nowIso: string, warnAfterMinutes = SYNC_WARN_AFTER_MINUTES): boolean {
  if (!oldestPendingAt) return false;
  const age = Date.parse(nowIso) - Date.parse(oldestPendingAt);
  return Number.isFinite(age) && age >= warnAfterMinutes * 60_000;
}

export const DeadLetterView = z.object({
  seq: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  createdAt: z.string(),
  attempts: z.number().int(),
  /** UNREADABLE_EVENT, IDEMPOTENCY_CONFLICT, HQ_REFUSED, RETRY_WINDOW_EXPIRED, REJECTED (older rows: UNREADABLE_RESULT, TOO_MANY_ATTEMPTS; or UNKNOWN). */
  code: z.string(),
  detail: z.string(),
  saleId: z.string().nullable(),
  receiptNo: z.string().nullable(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const SyncDetails = z.object({
  online: z.boolean(),
  offlineReason: z.enum(OFFLINE_REASONS).nullable(),
  pendingCount: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  oldestPendingAgeSeconds: z.number().int().nullable(),
  /** The oldest pending event is older than `warnAfterMinutes`. */
  warning: z.boolean(),
  warnAfterMinutes: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** When the outbox worker will try again by itself (after a failure), or null. */
  nextAttemptAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  deadCount: z.number().int(),
  deadLetters: z.array(DeadLetterView),
  now: z.string(),
});
export type SyncDetails = z.infer<typeof SyncDetails>;

export const PushReportView = z.object({
  sent: z.number().int(),
  confirmed: z.number().int(),
  rejected: z.number().int(),
  deadLettered: z.number().int(),
  remaining: z.number().int(),
  error: z.string().nullable(),
});

export const syncMethods = {
  /** Push the outbox and pull changes now (the "sync now" button); never throws for an unreachable HQ. */
  'sync.now': method(
    z.object({}).strict(),
    z.object({ push: PushReportView, pulled: z.number().int().nullable(), pullError: z.string().nullable(), details: SyncDetails }),
  ),
  'sync.details': method(z.object({}).strict(), SyncDetails),
  /** Put dead-lettered events back in the queue (one by seq, or all); a supervisor approves. */
  'sync.requeueDead': method(
    SupervisorOverride.extend({ seq: z.number().int().positive().optional() }).strict(),
    z.object({ requeued: z.number().int() }),
  ),
} as const;
