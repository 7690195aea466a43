import { z } from 'zod';
import { method } from './define';
import { SupervisorOverride } from './lookup';

/**
 * Account services at the counter (issue 15 item 3), reached from the account card. Each writes an
 * outbox event (exactly once, like a renewal) and waits a moment for HQ's answer; `supervisor` is asked
 * for when the store's HQ setting says the service needs one (`account.serviceRules`).
 */
const target = { accountId: z.string().min(1).max(64), supervisor: SupervisorOverride.strict().optional() };

export const AccountServiceOutcome = z.object({
  serviceId: z.string(),
  /**
   * confirmed / rejected: HQ's answer. queued: HQ did not answer in time; the event waits in the outbox and
   * HQ applies it once (not for the app reset, which needs HQ's code: `noAnswer`).
   */
  status: z.enum(['confirmed', 'rejected', 'queued', 'noAnswer']),
  /** HQ's refusal: its code and its reason in both languages (the screen shows the clerk's). */
  code: z.string().nullable(),
  messageZh: z.string().nullable(),
  messageEn: z.string().nullable(),
  /** 挂失 / 解挂: the device's status at HQ now. */
  subscriptionStatus: z.enum(['active', 'expired', 'suspended', 'cancelled']).nullable(),
  /** Phone change: the new number, masked. */
  phoneMasked: z.string().nullable(),
  /** Whether the service slip went to the printer (queued, or — the app reset code — printed at once). */
  slipPrinted: z.boolean(),
  /** App reset: when the printed code expires (the code itself is only on the paper). */
  resetCodeExpiresAt: z.string().nullable(),
});
export type AccountServiceOutcome = z.infer<typeof AccountServiceOutcome>;

export const accountMethods = {
  /** Which services need a supervisor at this store (the HQ setting, pulled with the store). */
  'account.serviceRules': method(
    z.object({}).strict(),
    z.object({ needsSupervisor: z.object({ reportLost: z.boolean(), cancelLost: z.boolean(), changePhone: z.boolean(), resetApp: z.boolean() }) }),
  ),
  'account.reportLost': method(z.object({ ...target, deviceId: z.string().min(1).max(64) }).strict(), AccountServiceOutcome),
  'account.cancelLost': method(z.object({ ...target, deviceId: z.string().min(1).max(64) }).strict(), AccountServiceOutcome),
  'account.changePhone': method(z.object({ ...target, deviceId: z.string().min(1).max(64), phone: z.string().max(20) }).strict(), AccountServiceOutcome),
  'account.resetApp': method(z.object({ ...target, deviceId: z.string().min(1).max(64) }).strict(), AccountServiceOutcome),
} as const;
