/**
 * sale.invoiceRequest (issue 15 item 7): HQ keeps the first e-invoice request of a sale of this
 * terminal's store in invoice_requests. Idempotent by event id (events.ts answers a repeat from the
 * stored result); the same data under another event id is confirmed again, other data is refused.
 */
import type { EventResult, OutboxEvent, RejectionCode } from '../../src-shared/hq-protocol/schemas';
import type { HqContext } from './context';
import type { PushScope } from './sale-apply';
import { REJECTION_MESSAGES } from './rejections';

type InvoiceEvent = Extract<OutboxEvent, { type: 'sale.invoiceRequest' }>;

export async function applyInvoiceRequest(ctx: HqContext, scope: PushScope, event: InvoiceEvent): Promise<EventResult> {
  const processedAt = ctx.now().toISOString();
  const no = (code: RejectionCode): EventResult => ({
    eventId: event.eventId,
    status: 'rejected',
    duplicate: false,
    processedAt,
    code,
    messageZh: REJECTION_MESSAGES[code].zh,
    messageEn: REJECTION_MESSAGES[code].en,
  });
  const p = event.payload;
  const sale = await ctx.repos.sales.findById(p.saleId);
  if (!sale) return no('SALE_NOT_FOUND');
  const saleTerminal = await ctx.repos.terminals.findById(sale.terminal_id);
  if (!saleTerminal || saleTerminal.store_id !== scope.terminal.store_id) return no('SALE_NOT_FOUND');
  if (sale.status === 'voided') return no('SALE_VOIDED');
  const row = {
    sale_id: p.saleId,
    event_id: event.eventId,
    terminal_id: scope.terminal.terminal_id,
    buyer_type: p.buyerType,
    title: p.title,
    tax_number: p.taxNumber,
    email: p.email,
    requested_at: p.requestedAt,
    received_at: processedAt,
  };
  if (!(await ctx.repos.service.insertInvoiceRequest(row))) {
    const held = await ctx.repos.service.findInvoiceRequest(p.saleId);
    const same = held && held.buyer_type === p.buyerType && held.title === p.title && held.tax_number === p.taxNumber && held.email === p.email;
    if (!same) return no('INVOICE_EXISTS');
  }
  return { eventId: event.eventId, status: 'confirmed', duplicate: false, processedAt };
}
