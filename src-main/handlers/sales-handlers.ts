import type { HandlersOf, salesMethods } from '../../src-shared/contract';
import type { RenewalService } from '../services/sales';

export function salesHandlers(
  renewal: RenewalService,
): Omit<HandlersOf<typeof salesMethods>, 'sales.reprint'> {
  return {
    'sales.plans': async ({ accountId, deviceId }) => ({ plans: renewal.plansFor(accountId, deviceId) }),
    'sales.quote': async (input) => ({ quote: renewal.quote(input) }),
    'sales.confirm': async (input, { clerk }) => renewal.confirm(clerk, input),
    'sales.list': async (q) => renewal.list(q),
    'sales.get': async ({ saleId }) => ({ sale: renewal.get(saleId) }),
    'sales.void': async (input, { clerk }) => ({ sale: await renewal.voidSale(clerk, input) }),
    'sales.retryRefund': async ({ saleId }) => ({ sale: await renewal.retryRefund(saleId) }),
  };
}
