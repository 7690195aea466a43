import type { EventResult } from '../../src-shared/hq-protocol/schemas';

/**
 * HQ's answers to account service events, handed to the call that is waiting for them (issue 15 item 3).
 * The outbox worker delivers each answer as it applies it, whoever pushed the event; an app reset code
 * passes through here to the waiting call only and is stored nowhere.
 */
export function createServiceAnswers() {
  const waiting = new Map<string, (r: EventResult) => void>();
  return {
    /** Resolves with HQ's answer to `eventId`, or null after `timeoutMs`. */
    wait(eventId: string, timeoutMs: number): Promise<EventResult | null> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(eventId);
          resolve(null);
        }, timeoutMs);
        waiting.set(eventId, (r) => {
          clearTimeout(timer);
          waiting.delete(eventId);
          resolve(r);
        });
      });
    },
    /** Gives HQ's answer to the waiting call; false when nobody waits (pushed later, from the queue). */
    deliver(eventId: string, result: EventResult): boolean {
      const w = waiting.get(eventId);
      if (!w) return false;
      w(result);
      return true;
    },
  };
}
export type ServiceAnswers = ReturnType<typeof createServiceAnswers>;

/** The answer as the outbox keeps it: never an app reset code. */
export function withoutResetCode(result: EventResult): EventResult {
  if (result.status !== 'confirmed' || result.resetCode === undefined) return result;
  const { resetCode: _code, ...rest } = result;
  void _code;
  return rest;
}
