import { z } from 'zod';
import { method } from './define';

export const AccountCard = z.object({
  accountId: z.string(),
  holderName: z.string(),
  idMasked: z.string(),
  device: z.object({ deviceId: z.string(), kind: z.enum(['imei', 'iccid']), numberMasked: z.string() }),
  plan: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  expiresAt: z.string(),
  daysLeft: z.number().int(),
  dataQuotaMb: z.number().int(),
  dataUsedMb: z.number().int(),
  usageAsOf: z.string(),
  status: z.enum(['active', 'expired', 'suspended', 'cancelled']),
  /** HQ staff's text: shown only when the code is absent or unknown to this terminal. */
  statusReason: z.string().nullable(),
  /** HQ's reason code, translated as counter:hqReasonCode.<code> (src-shared/domain/status-reasons). */
  statusReasonCode: z.string().nullable(),
  renewable: z.boolean(),
  source: z.enum(['cache', 'hq']),
  otherDevices: z.number().int(),
  timeZone: z.string(),
});
export type AccountCard = z.infer<typeof AccountCard>;

export const SupervisorOverride = z.object({
  supervisorId: z.string().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/, 'errors:pinFormat'),
});

/** Raw numbers travel only in these inputs (memory, never stored or logged); the main process hashes the ID. */
export const lookupMethods = {
  'lookup.find': method(
    z
      .object({
        nationalId: z.string().max(32),
        deviceNumber: z.string().max(32),
      })
      .strict(),
    /** `devices`: every device of the account (the found one included), for the clerk to switch to. */
    z.object({ account: AccountCard, devices: z.array(AccountCard) }),
  ),
  /**
   * The ID-only lookup (a customer who forgot the device number): every device of the holder's account(s),
   * masked, to pick from. Counted, throttled and locked with `lookup.find`.
   */
  'lookup.findById': method(z.object({ nationalId: z.string().max(32) }).strict(), z.object({ devices: z.array(AccountCard).min(1) })),
  'lookup.state': method(z.object({}).strict(), z.object({ locked: z.boolean(), failures: z.number().int() })),
  'lookup.unlock': method(SupervisorOverride.strict(), z.object({ ok: z.literal(true) })),
} as const;
