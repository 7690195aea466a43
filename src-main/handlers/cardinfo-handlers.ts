import type { HandlersOf, cardinfoMethods } from '../../src-shared/contract';
import { AppError } from '../../src-shared/contract/errors';
import { maskNationalId } from '../../src-shared/domain/national-id';
import type { AppContext } from '../app-context';
import type { IdReader } from '../services/id-reader/id-reader';
import type { AdviceService } from '../services/advice';
import type { InvoiceService } from '../services/invoice';

/** Customer service at the counter (issue 15): the ID card reader, the advice on the plan, the renewal history and the e-invoice request. */
export function cardinfoHandlers(ctx: AppContext, reader: IdReader, advice: AdviceService, invoices: InvoiceService): HandlersOf<typeof cardinfoMethods> {
  return {
    'advice.get': async ({ accountId, deviceId }) => await advice.get(accountId, deviceId),
    'sales.requestInvoice': async (input, { clerk }) => invoices.request(clerk.clerkId, input),
    'sales.invoice': async ({ saleId }) => ({ invoice: invoices.get(saleId) }),
    'idCard.status': async () => ({ configured: reader.configured, transport: reader.transport }),
    'idCard.read': async (_input, { clerk }) => {
      try {
        const card = await reader.read();
        // the audit names the read by the masked ID only: never the name, photo or address
        ctx.audit.record('idCard.read', clerk.clerkId, { idMasked: maskNationalId(card.nationalId), result: 'ok' });
        return { card };
      } catch (err) {
        const code = err instanceof AppError ? err.code : undefined;
        if (code === 'ID_CARD_EXPIRED' || code === 'ID_CARD_NOT_YET_VALID') ctx.audit.record('idCard.read', clerk.clerkId, { result: code });
        throw err;
      }
    },
  };
}
