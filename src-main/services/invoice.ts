/**
 * E-invoice (发票) request on a sale (issue 15 item 7). The request is recorded in
 * sale_invoice_requests with its outbox event (sale.invoiceRequest) and an audit entry in one SQLite
 * transaction; the event goes to HQ after the sale's own event (the outbox sends in order). One
 * request per sale: a repeat with the same data answers the recorded one, other data is refused.
 */
import { randomUUID } from 'node:crypto';
import type { InvoiceView } from '../../src-shared/contract/cardinfo';
import { AppError } from '../../src-shared/contract/errors';
import { validateCreditCode } from '../../src-shared/domain/credit-code';
import type { InvoiceRequestPayload } from '../../src-shared/hq-protocol/schemas';
import type { AppContext } from '../app-context';
import { createInvoiceRepo, type InvoiceRequestRow } from '../db/repos/invoice-repo';
import type { SaleRepo } from '../db/repos/sale-repo';

export interface InvoiceRequestInput {
  saleId: string;
  buyerType: 'company' | 'personal';
  title: string;
  taxNumber?: string | undefined;
  email: string;
}

export function toInvoiceView(r: InvoiceRequestRow): InvoiceView {
  return { saleId: r.sale_id, buyerType: r.buyer_type, title: r.title, taxNumber: r.tax_number, email: r.email, requestedAt: r.requested_at };
}

export function createInvoiceService(ctx: AppContext, sales: SaleRepo, afterCommit?: () => void) {
  const repo = createInvoiceRepo(ctx.db);

  /** The typed data, normalised: a company needs a valid credit code, a person has none. */
  function normalise(input: InvoiceRequestInput): { buyerType: 'company' | 'personal'; title: string; taxNumber: string | null; email: string } {
    const title = input.title.trim();
    const email = input.email.trim();
    if (input.buyerType === 'personal') {
      if (input.taxNumber && input.taxNumber.trim() !== '') {
        // a tax number typed for a person is checked too: a mistyped company request is caught
        const c = validateCreditCode(input.taxNumber);
        if (!c.ok) throw new AppError(c.error);
        return { buyerType: 'personal', title, taxNumber: c.value, email };
      }
      return { buyerType: 'personal', title, taxNumber: null, email };
    }
    const c = validateCreditCode(input.taxNumber ?? '');
    if (!c.ok) throw new AppError(c.error);
    return { buyerType: 'company', title, taxNumber: c.value, email };
  }

  const record = ctx.db.transaction((row: InvoiceRequestRow, payload: InvoiceRequestPayload) => {
    repo.insert(row);
    ctx.repos.outbox.enqueueEvent({ eventId: row.event_id, type: 'sale.invoiceRequest', payload, createdAt: row.requested_at });
    ctx.audit.record('sale.invoiceRequest', row.clerk_id, { saleId: row.sale_id, buyerType: row.buyer_type, hasTaxNumber: row.tax_number !== null, eventId: row.event_id });
  });

  return {
    get(saleId: string): InvoiceView | null {
      const r = repo.ofSale(saleId);
      return r ? toInvoiceView(r) : null;
    },
    /** The e-mail a sale's receipt names as where its invoice goes; null when none was requested. */
    emailOf(saleId: string): string | null {
      return repo.ofSale(saleId)?.email ?? null;
    },
    request(clerkId: string, input: InvoiceRequestInput): { invoice: InvoiceView; created: boolean } {
      const sale = sales.findSaleById(input.saleId);
      if (!sale) throw new AppError({ code: 'NOT_FOUND', messageKey: 'cardinfo:errors.saleUnknown', field: 'saleId' });
      if (sale.voided_at) throw new AppError({ code: 'CONFLICT', messageKey: 'cardinfo:errors.invoiceVoided' });
      const data = normalise(input);
      const held = repo.ofSale(input.saleId);
      if (held) {
        const same = held.buyer_type === data.buyerType && held.title === data.title && held.tax_number === data.taxNumber && held.email === data.email;
        if (same) return { invoice: toInvoiceView(held), created: false };
        throw new AppError({ code: 'CONFLICT', messageKey: 'cardinfo:errors.invoiceExists', params: { email: held.email } });
      }
      const row: InvoiceRequestRow = {
        sale_id: input.saleId,
        event_id: randomUUID(),
        buyer_type: data.buyerType,
        title: data.title,
        tax_number: data.taxNumber,
        email: data.email,
        clerk_id: clerkId,
        requested_at: ctx.now().toISOString(),
      };
      record(row, { saleId: row.sale_id, buyerType: row.buyer_type, title: row.title, taxNumber: row.tax_number, email: row.email, clerkId, requestedAt: row.requested_at });
      afterCommit?.();
      return { invoice: toInvoiceView(row), created: true };
    },
  };
}
export type InvoiceService = ReturnType<typeof createInvoiceService>;
