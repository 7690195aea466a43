import type { accountMethods, HandlersOf } from '../../src-shared/contract';
import type { AccountService } from '../services/account-service';

export function accountHandlers(service: AccountService): HandlersOf<typeof accountMethods> {
  return {
    'account.serviceRules': async () => ({ needsSupervisor: service.rules() }),
    'account.reportLost': async (input, { clerk }) => service.run('reportLost', clerk.clerkId, input),
    'account.cancelLost': async (input, { clerk }) => service.run('cancelLost', clerk.clerkId, input),
    'account.changePhone': async (input, { clerk }) => service.run('changePhone', clerk.clerkId, input),
    'account.resetApp': async (input, { clerk }) => service.run('resetApp', clerk.clerkId, input),
  };
}
