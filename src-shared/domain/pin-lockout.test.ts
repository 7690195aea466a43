import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PIN_LOCKOUT, effectivePolicy, lockoutMinutes, OPEN_GUARD, reserveAttempt, settleAttempt, type PinGuardState } from './pin-lockout';

const T0 = Date.parse('2026-11-25T02:00:00.000Z');

describe('pin lockout rule', () => {
  it('escalates 1 / 5 / 15 minutes and repeats the last step', () => {
    expect([1, 2, 3, 4, 9].map((n) => lockoutMinutes(DEFAULT_PIN_LOCKOUT, n))).toEqual([1, 5, 15, 15, 15]);
  });

  it('falls back to the default for a policy it cannot use', () => {
    expect(effectivePolicy(undefined)).toBe(DEFAULT_PIN_LOCKOUT);
    expect(effectivePolicy({ maxFailures: 0, minutes: [1] })).toBe(DEFAULT_PIN_LOCKOUT);
    expect(effectivePolicy({ maxFailures: 3, minutes: [] })).toBe(DEFAULT_PIN_LOCKOUT);
    expect(effectivePolicy({ maxFailures: 3, minutes: [0.5] })).toBe(DEFAULT_PIN_LOCKOUT);
    expect(effectivePolicy({ maxFailures: 3, minutes: [2, 10] })).toEqual({ maxFailures: 3, minutes: [2, 10] });
  });

  it('whatever the interleaving of reservations and results, at most maxFailures wrong PINs are evaluated before the lock', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (order, max) => {
        const policy = { maxFailures: max, minutes: [1] };
        let state: PinGuardState = OPEN_GUARD;
        let running = 0;
        let evaluated = 0;
        let pending = 0;
        // each step either starts an attempt (even) or finishes one still running (odd), all wrong PINs
        for (const step of order) {
          if (step % 2 === 0 || pending === 0) {
            const r = reserveAttempt(state, policy, T0, running);
            state = r.state;
            if (r.ok) {
              running++;
              pending++;
            }
          } else {
            running--;
            pending--;
            evaluated++;
            state = settleAttempt(state, policy, T0, false, running).state;
          }
        }
        expect(evaluated + pending).toBeLessThanOrEqual(max);
      }),
    );
  });
});
