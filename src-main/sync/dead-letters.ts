/** The reasons an outbox event waits in the dead letters for a person: a code, then the detail. */
/** Dead-letter reasons start with one of these codes; the rest of the text is the detail. */
export const DEAD_LETTER_CODES = [
  'UNREADABLE_EVENT',
  'UNREADABLE_RESULT',
  'IDEMPOTENCY_CONFLICT',
  'HQ_REFUSED',
  'RETRY_WINDOW_EXPIRED',
  /** Written by versions before issue 10 item 6 (a cap on tries); kept so old rows still read. */
  'TOO_MANY_ATTEMPTS',
  'REJECTED',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

export function deadLetterReason(code: DeadLetterCode, detail: string): string {
  return `${code}: ${detail}`;
}

/** Splits a stored dead-letter reason into its code and detail (older or foreign text keeps code UNKNOWN). */
export function parseDeadLetterReason(text: string | null): { code: string; detail: string } {
  if (!text) return { code: 'UNKNOWN', detail: '' };
  const m = /^([A-Z_]+): ?([\s\S]*)$/.exec(text);
  return m ? { code: m[1]!, detail: m[2]! } : { code: 'UNKNOWN', detail: text };
}
