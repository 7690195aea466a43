import type { Handlers } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export function lookupHandlers(ctx: AppContext): Pick<Handlers, 'lookup.find' | 'lookup.findById' | 'lookup.state' | 'lookup.unlock'> {
  return {
    'lookup.find': async ({ nationalId, deviceNumber }) => ctx.lookup.findPair(ctx.auth.requireSignedIn().clerkId, nationalId, deviceNumber),
    'lookup.findById': async ({ nationalId }) => ({ devices: await ctx.lookup.findById(ctx.auth.requireSignedIn().clerkId, nationalId) }),
    'lookup.state': async () => ctx.lookup.lockState(ctx.auth.requireSignedIn().clerkId),
    'lookup.unlock': async ({ supervisorId, pin }) => {
      const clerk = ctx.auth.requireSignedIn();
      await ctx.auth.verifySupervisor(supervisorId, pin, 'lookup.unlock');
      ctx.lookup.unlock(clerk.clerkId, supervisorId);
      return { ok: true };
    },
  };
}
