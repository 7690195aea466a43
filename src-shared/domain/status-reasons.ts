/**
 * Why HQ suspended or cancelled a subscription, as a code (issue 13 item 5). HQ sends the code with its
 * staff's text; the terminal shows the code's translation in the clerk's language and HQ's text only for a
 * code it does not know (a newer HQ) or when HQ sent no code.
 */
import { z } from 'zod';

export const STATUS_REASON_CODES = [
  'reported_lost',
  'customer_request',
  'unpaid',
  'identity_check',
  'fraud_suspected',
  'device_faulty',
  'other',
] as const;

export const StatusReasonCode = z.enum(STATUS_REASON_CODES);
export type StatusReasonCode = z.infer<typeof StatusReasonCode>;

export function isKnownStatusReasonCode(code: string | null | undefined): code is StatusReasonCode {
  return typeof code === 'string' && (STATUS_REASON_CODES as readonly string[]).includes(code);
}
