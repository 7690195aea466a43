import type { authMethods, HandlersOf } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export function authHandlers(ctx: AppContext): Omit<HandlersOf<typeof authMethods>, 'auth.unlockClerk' | 'auth.lock' | 'auth.lockState'> {
  return {
    'auth.listClerks': async () => ({ clerks: ctx.auth.listClerks() }),
    'auth.signIn': async ({ clerkId, pin }, call) => ({ clerk: await ctx.auth.signIn(clerkId, pin, call.session) }),
    'auth.signOut': async (_input, call) => {
      ctx.auth.signOut(call.session);
      return { ok: true };
    },
    'auth.session': async (_input, call) => ({ clerk: ctx.auth.sessionClerk(call.session) }),
  };
}
