import type { HandlersOf, lookupMethods } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export function lookupHandlers(ctx: AppContext): HandlersOf<typeof lookupMethods> {
  return {
    'lookup.find': async ({ nationalId, deviceNumber }, { clerk }) => ctx.lookup.findPair(clerk.clerkId, nationalId, deviceNumber),
    'lookup.findById': async ({ nationalId }, { clerk }) => ({ devices: await ctx.lookup.findById(clerk.clerkId, nationalId) }),
    'lookup.state': async (_input, { clerk }) => ctx.lookup.lockState(clerk.clerkId),
    'lookup.unlock': async ({ supervisorId, pin }, { clerk }) => {
      await ctx.auth.verifySupervisor(supervisorId, pin, 'lookup.unlock');
      ctx.lookup.unlock(clerk.clerkId, supervisorId);
      return { ok: true };
    },
  };
}
