import type { dayMethods, Handlers, HandlersOf, shiftMethods } from '../../src-shared/contract';
import { DENOMINATIONS_FEN } from '../../src-shared/domain/reconciliation';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../src-shared/domain/pin-lockout';
import type { AppContext } from '../app-context';
import type { DayCloseService } from '../services/day-close';
import type { ShiftService } from '../services/shift';

/** The lock and clerk unlock live in the auth slice but are served here, with the shift they belong to. */
type LockMethods = 'auth.unlockClerk' | 'auth.lock' | 'auth.lockState';

export { DEFAULT_IDLE_LOCK_MINUTES };

export function shiftHandlers(ctx: AppContext, shift: ShiftService, dayClose: DayCloseService): HandlersOf<typeof shiftMethods> & HandlersOf<typeof dayMethods> & Pick<Handlers, LockMethods> {
  return {
    'auth.unlockClerk': async ({ clerkId, supervisorId, pin }, call) => ({ clerk: await ctx.auth.unlockClerk(clerkId, supervisorId, pin, call.session) }),
    'auth.lock': async () => {
      ctx.auth.lock();
      return { ok: true };
    },
    'auth.lockState': async () => ({
      idleLockMinutes: ctx.store()?.settings.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
      lockedClerk: ctx.auth.lockedClerk(),
    }),
    'shift.current': async () => {
      const open = shift.current();
      return {
        shift: open,
        denominationsFen: [...DENOMINATIONS_FEN],
        varianceThresholdFen: ctx.store()?.settings.varianceThresholdFen ?? 0,
        businessDate: shift.businessDateNow(),
        blindCount: shift.blindCount(),
        handover: open ? null : shift.handover(),
      };
    },
    'shift.open': async ({ counts, floatReason }, { clerk }) => ({ shift: shift.open(clerk, counts, floatReason) }),
    'shift.close': async ({ counts, reason }, { clerk }) => shift.close(clerk, counts, reason),
    'shift.cashMovement': async ({ kind, amountFen, reason }, { clerk }) => ({ shift: shift.cashMovement(clerk, kind, amountFen, reason) }),
    'day.count': async ({ counts, reason }, { clerk }) => ({ report: dayClose.count(clerk, counts, reason) }),
    'day.zReport': async ({ businessDate }) => dayClose.zReport(businessDate),
    'day.close': async ({ override }, { clerk }) => dayClose.close(clerk, override),
    'day.reprintZ': async ({ businessDate }, { clerk }) => dayClose.reprint(clerk, businessDate),
    'day.printX': async (_input, { clerk }) => dayClose.printX(clerk),
    'shift.noSale': async ({ reason }, { clerk }) => dayClose.noSale(clerk, reason),
  };
}
