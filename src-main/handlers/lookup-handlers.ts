import type { HandlersOf, lookupMethods } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export function lookupHandlers(ctx: AppContext): HandlersOf<typeof lookupMethods> {
  return {
    'lookup.find': async ({ nationalId, deviceNumber }, { clerk }) => ({
      account: await ctx.lookup.find(clerk.clerkId, nationalId, deviceNumber),
    }),
    'lookup.state': async (_input, { clerk }) => ctx.lookup.lockState(clerk.clerkId),
    'lookup.unlock': async ({ supervisorId, pin }, { clerk }) => {
      await ctx.auth.verifySupervisor(supervisorId, pin, 'lookup.unlock');
      ctx.lookup.unlock(clerk.clerkId, supervisorId);
      return { ok: true };
    },
  };
}
