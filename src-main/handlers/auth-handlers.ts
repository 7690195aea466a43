import type { Handlers } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export function authHandlers(ctx: AppContext): Pick<Handlers, 'auth.listClerks' | 'auth.signIn' | 'auth.signOut' | 'auth.session'> {
  return {
    'auth.listClerks': async () => ({ clerks: ctx.auth.listClerks() }),
    'auth.signIn': async ({ clerkId, pin }) => ({ clerk: await ctx.auth.signIn(clerkId, pin) }),
    'auth.signOut': async () => {
      ctx.auth.signOut();
      return { ok: true };
    },
    'auth.session': async () => ({ clerk: ctx.auth.current() }),
  };
}
