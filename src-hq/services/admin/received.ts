/** HQ back-office (/admin): What terminals sent: events, sales, day closes. Every change is logged for terminals in the same transaction. */
import type { SaleRow } from '../../db';
import type { HqContext } from '../context';

/** The terminalSeq an event refused as SEQUENCE_USED carried (the stored row leaves it to the event holding it). */
function seqInBody(bodyJson: string): number | null {
  const s = (JSON.parse(bodyJson) as { terminalSeq?: unknown }).terminalSeq;
  return typeof s === 'number' ? s : null;
}

export async function listEvents(ctx: HqContext, filter: { terminalId?: string; type?: string; limit: number }) {
  return (await ctx.repos.events.list(filter)).map((e) => ({
    eventId: e.event_id,
    terminalId: e.terminal_id,
    terminalSeq: e.terminal_seq ?? seqInBody(e.body_json),
    type: e.type,
    status: e.status,
    receivedAt: e.received_at,
    body: JSON.parse(e.body_json) as unknown,
    result: JSON.parse(e.result_json) as unknown,
  }));
}

export async function listSales(ctx: HqContext, filter: { terminalId?: string; limit: number }) {
  return (await ctx.repos.sales.list(filter)).map((s) => ({
    saleId: s.sale_id,
    eventId: s.event_id,
    terminalId: s.terminal_id,
    receiptNo: s.receipt_no,
    businessDate: s.business_date,
    clerkId: s.clerk_id,
    accountId: s.account_id,
    deviceNumber: s.device_number,
    planCode: s.plan_code,
    termMonths: s.term_months,
    priceFen: s.price_fen,
    payments: JSON.parse(s.payments_json) as unknown,
    changeFen: s.change_fen,
    soldAt: s.sold_at,
    status: s.status,
    rejectCode: s.reject_code,
    hqPreviousExpiry: s.hq_previous_expiry,
    hqNewExpiry: s.hq_new_expiry,
    terminalNewExpiry: s.terminal_new_expiry,
    voidedAt: s.voided_at,
    voidReason: s.void_reason,
    /** The void's refunds per payment line (method, route, amount, reference, state); [] when none were sent. */
    voidRefunds: s.void_refunds_json ? (JSON.parse(s.void_refunds_json) as unknown[]) : [],
    receivedAt: s.received_at,
    ...promotionFields(s),
  }));
}

function promotionFields(s: SaleRow) {
  return {
    listPriceFen: s.list_price_fen ?? s.price_fen,
    promotions: s.promotions_json ? (JSON.parse(s.promotions_json) as { promotionId: string; discountFen: number }[]) : [],
    promotionSetVersion: s.promotion_set_version,
    promotionCheck: s.promotion_check,
    promotionFlag: s.promotion_flag,
  };
}

/** Sales whose promotions HQ flagged at the re-check (docs/payments.md#promotions). */
export async function listPromotionFlags(ctx: HqContext, limit: number) {
  return (await ctx.repos.sales.listPromotionFlagged(limit)).map((s) => ({
    saleId: s.sale_id,
    terminalId: s.terminal_id,
    receiptNo: s.receipt_no,
    soldAt: s.sold_at,
    receivedAt: s.received_at,
    priceFen: s.price_fen,
    status: s.status,
    ...promotionFields(s),
  }));
}

export async function listDayCloses(ctx: HqContext, limit: number) {
  return (await ctx.repos.sales.listDayCloses(limit)).map((d) => ({
    terminalId: d.terminal_id,
    businessDate: d.business_date,
    eventId: d.event_id,
    zReport: JSON.parse(d.z_report_json) as unknown,
    closedAt: d.closed_at,
    pendingOverride: d.pending_override === 1,
    receivedAt: d.received_at,
  }));
}

/** Reprint requests customers made on the receipt verify page (issue 15 item 6), newest first. */
export async function listReprintRequests(ctx: HqContext, filter: { saleId?: string; limit: number }) {
  return (await ctx.repos.service.listReprintRequests(filter)).map((r) => ({
    requestId: r.request_id,
    saleId: r.sale_id,
    terminalId: r.terminal_id,
    requestedAt: r.requested_at,
  }));
}

/** E-invoice (发票) requests terminals sent with sales (issue 15 item 7), newest first. */
export async function listInvoiceRequests(ctx: HqContext, limit: number) {
  return (await ctx.repos.service.listInvoiceRequests(limit)).map((r) => ({
    saleId: r.sale_id,
    eventId: r.event_id,
    terminalId: r.terminal_id,
    buyerType: r.buyer_type,
    title: r.title,
    taxNumber: r.tax_number,
    email: r.email,
    requestedAt: r.requested_at,
    receivedAt: r.received_at,
  }));
}
