/**
 * Builders for the documents the counter prints: the sale (renewal) receipt, the void receipt and a
 * generic report receipt (Z report and the like). They return a `ReceiptDocument`; lay it out with
 * `layoutReceipt`. Labels come straight from the `receipt` i18n namespace (no i18next here, so this
 * stays pure). Amounts are integer fen, formatted with `formatFen`; dates in the store's time zone.
 */
import { formatFen, type Fen } from '../domain/money';
import { formatLocalDate, formatLocalDateTime } from '../domain/time';
import { receipt as receiptLocales, type ReceiptLabels } from '../i18n/locales/receipt';
import type { LabelValue, ReceiptBlock, ReceiptDocument } from './model';

export type ReceiptLanguage = 'zh-CN' | 'en' | 'bilingual';

export interface ReceiptOptions {
  language: ReceiptLanguage;
  /** 0 or absent for the original print; n >= 1 marks the receipt "重印 / REPRINT #n". */
  reprintCount?: number;
}

export interface ReceiptStore {
  name: string;
  address: string;
  phone: string;
}

/** Payment method code: 'cash' | 'card' | 'alipay' | 'wechat' have labels; any other code prints as is. */
export type ReceiptPaymentMethod = 'cash' | 'card' | 'bankCard' | 'alipay' | 'wechat' | 'wechatPay' | (string & {});

export interface ReceiptPayment {
  method: ReceiptPaymentMethod;
  amountFen: Fen;
  reference?: string | null;
}

export interface SaleReceiptData {
  store: ReceiptStore;
  terminalCode: string;
  clerkName: string;
  receiptNo: string;
  saleId: string;
  /** ISO instant. */
  issuedAt: string;
  /** IANA zone of the store, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  customer: { holderName: string; idMasked: string; deviceMasked: string };
  plan: { code: string; nameZh: string; nameEn: string };
  termMonths: number;
  /** ISO instant or 'YYYY-MM-DD'; null when the device had no expiry. */
  previousExpiry: string | null;
  /** ISO instant or 'YYYY-MM-DD'. */
  newExpiry: string;
  /** Price paid (after promotions). */
  priceFen: Fen;
  /** Catalog price before promotions; omitted or equal to priceFen: no promotion. */
  listPriceFen?: Fen;
  /** Promotions that took something off, in the order applied. */
  discounts?: { nameZh: string; nameEn: string; discountFen: Fen }[];
  payments: ReceiptPayment[];
  cashTenderedFen?: Fen | null;
  changeFen?: Fen | null;
  status: 'pending' | 'confirmed';
  footer: string;
  /**
   * HQ's verify page for this sale, `<HQ>/r/<saleId>?s=<signature>` (issue 15 item 6): the QR then holds it.
   * Absent (a terminal that never reached HQ for its receipt key): the offline payload `CT1|<receiptNo>|<saleId>`.
   */
  verifyUrl?: string | null;
  /** An e-invoice (发票) was requested for this sale (issue 15 item 7): the receipt says so, with the e-mail it goes to. */
  invoice?: { email: string } | null;
}

export interface VoidReceiptData {
  store: ReceiptStore;
  terminalCode: string;
  clerkName: string;
  /** Number of this void receipt, when the terminal numbers voids; otherwise omit. */
  receiptNo?: string | null;
  originalReceiptNo: string;
  saleId: string;
  /** ISO instant of the void. */
  voidedAt: string;
  timeZone: string;
  customer?: { holderName: string; idMasked: string; deviceMasked: string } | null;
  plan?: { code: string; nameZh: string; nameEn: string } | null;
  termMonths?: number | null;
  reason: string;
  /** The supervisor who approved the void. */
  supervisorName?: string | null;
  /** How each payment went back: route (drawer / gateway / card terminal), and whether the refund is still pending. */
  refunds: (ReceiptPayment & { route?: 'drawer' | 'gateway' | 'cardTerminal'; pending?: boolean })[];
  footer?: string;
  /** The sale's verify URL (its page then shows the sale voided); absent: the offline payload. */
  verifyUrl?: string | null;
}

export interface ReportRow {
  label: string;
  value: string;
  emphasis?: boolean;
}
export interface ReportSection {
  heading?: string;
  rows: ReportRow[];
}
export interface ReportReceiptData {
  title: string;
  /** Centered lines under the title (store, terminal, business date...). */
  headerLines?: string[];
  sections: ReportSection[];
  /** A loud mark under the header, e.g. "重印 / REPRINT #2". */
  mark?: string;
  footerLines?: string[];
  qrPayload?: string;
  /** Only the no-sale slip opens the drawer; every other report never does. */
  opensDrawer?: boolean;
}

/** The QR payload on a receipt: "CT1|<receiptNo>|<saleId>". */
export function receiptQrPayload(receiptNo: string, saleId: string): string {
  return `CT1|${receiptNo}|${saleId}`;
}

/** HQ's receipt verify URL: `<base>/r/<saleId>?s=<signature>` (the signature is made in src-node/crypto/receipt-signature.ts). */
export function receiptVerifyUrl(baseUrl: string, saleId: string, signature: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${encodeURIComponent(saleId)}?s=${encodeURIComponent(signature)}`;
}

type LabelKey = Exclude<keyof ReceiptLabels, 'methods'>;

function interpolate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Label lookup for one receipt language; bilingual gives "中文 / English". */
export function receiptLabeler(language: ReceiptLanguage) {
  const zh = receiptLocales['zh-CN'].labels;
  const en = receiptLocales.en.labels;
  const pick = (zhText: string, enText: string) =>
    language === 'zh-CN' ? zhText : language === 'en' ? enText : zhText === enText ? zhText : `${zhText} / ${enText}`;
  return {
    label: (key: LabelKey, params: Record<string, string | number> = {}) =>
      pick(interpolate(zh[key], params), interpolate(en[key], params)),
    method: (method: string) => {
      const zhText = (zh.methods as Record<string, string>)[method];
      const enText = (en.methods as Record<string, string>)[method];
      return zhText && enText ? pick(zhText, enText) : method;
    },
    pick,
  };
}

function formatDateValue(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return formatLocalDate(instant, timeZone);
}

function formatDateTimeValue(value: string, timeZone: string): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return formatLocalDateTime(instant, timeZone);
}

function reprintMark(language: ReceiptLanguage, reprintCount: number | undefined): ReceiptBlock[] {
  if (!reprintCount || reprintCount < 1) return [];
  const l = receiptLabeler(language);
  return [{ kind: 'mark', text: `${l.label('reprintMark')} #${Math.floor(reprintCount)}` }];
}

function storeHeader(store: ReceiptStore): ReceiptBlock[] {
  const lines = [store.address, store.phone].filter((line) => line.trim() !== '');
  return [{ kind: 'title', text: store.name }, ...(lines.length ? [{ kind: 'header', lines } as ReceiptBlock] : [])];
}

function documentTitle(language: ReceiptLanguage, key: 'saleTitle' | 'voidTitle'): ReceiptBlock[] {
  const zh = receiptLocales['zh-CN'].labels[key];
  const en = receiptLocales.en.labels[key];
  if (language === 'zh-CN') return [{ kind: 'text', text: zh, align: 'center', bold: true }];
  if (language === 'en') return [{ kind: 'text', text: en, align: 'center', bold: true }];
  return [
    { kind: 'text', text: zh, align: 'center', bold: true },
    { kind: 'text', text: en, align: 'center', bold: true },
  ];
}

function planName(language: ReceiptLanguage, plan: { nameZh: string; nameEn: string }): string {
  if (language === 'zh-CN') return plan.nameZh;
  if (language === 'en') return plan.nameEn;
  return plan.nameZh === plan.nameEn ? plan.nameZh : `${plan.nameZh} / ${plan.nameEn}`;
}

function paymentRows(language: ReceiptLanguage, payments: ReceiptPayment[]): (LabelValue & { reference?: string })[] {
  const l = receiptLabeler(language);
  return payments.map((payment) => {
    const row: LabelValue & { reference?: string } = { label: l.method(payment.method), value: formatFen(payment.amountFen) };
    if (payment.reference) row.reference = `${l.label('reference')}: ${payment.reference}`;
    return row;
  });
}

/** The receipt the customer keeps for a renewal. */
export function buildSaleReceipt(data: SaleReceiptData, opts: ReceiptOptions): ReceiptDocument {
  const { language } = opts;
  const l = receiptLabeler(language);
  const tz = data.timeZone;
  const isReprint = (opts.reprintCount ?? 0) >= 1;
  const hasCash = data.payments.some((p) => p.method === 'cash' && p.amountFen > 0);

  const cashRows: LabelValue[] = [];
  if (data.cashTenderedFen !== undefined && data.cashTenderedFen !== null) {
    cashRows.push({ label: l.label('cashTendered'), value: formatFen(data.cashTenderedFen) });
  }
  if (data.changeFen !== undefined && data.changeFen !== null) {
    cashRows.push({ label: l.label('change'), value: formatFen(data.changeFen) });
  }
  const paidFen = data.payments.reduce((sum, p) => sum + p.amountFen, 0);

  const statusBlocks: ReceiptBlock[] =
    data.status === 'pending'
      ? [
          // calm, not a banner: accepted here, and when it takes effect
          { kind: 'keyValue', rows: [{ label: l.label('status'), value: l.label('statusAccepted') }] },
          { kind: 'text', text: l.label('pendingNote'), align: 'center' },
        ]
      : [{ kind: 'keyValue', rows: [{ label: l.label('status'), value: l.label('statusConfirmed') }] }];

  const discounts = data.discounts ?? [];
  const blocks: ReceiptBlock[] = [
    ...reprintMark(language, opts.reprintCount),
    ...storeHeader(data.store),
    { kind: 'separator', char: '=' },
    ...documentTitle(language, 'saleTitle'),
    {
      kind: 'keyValue',
      rows: [
        { label: l.label('receiptNo'), value: data.receiptNo },
        { label: l.label('saleId'), value: data.saleId },
        { label: l.label('issuedAt'), value: formatDateTimeValue(data.issuedAt, tz) },
        { label: l.label('terminal'), value: data.terminalCode },
        { label: l.label('clerk'), value: data.clerkName },
      ],
    },
    { kind: 'separator' },
    {
      kind: 'keyValue',
      rows: [
        { label: l.label('customer'), value: data.customer.holderName },
        { label: l.label('idNumber'), value: data.customer.idMasked },
        { label: l.label('device'), value: data.customer.deviceMasked },
      ],
    },
    { kind: 'separator' },
    {
      kind: 'items',
      items: [
        {
          name: planName(language, data.plan),
          detail: `${data.plan.code}  ${l.label('term')}: ${l.label('termMonths', { n: data.termMonths })}`,
          amount: formatFen(discounts.length ? (data.listPriceFen ?? data.priceFen) : data.priceFen),
        },
      ],
    },
    {
      kind: 'keyValue',
      rows: [
        {
          label: l.label('previousExpiry'),
          value: data.previousExpiry ? formatDateValue(data.previousExpiry, tz) : l.label('noPreviousExpiry'),
        },
        { label: l.label('newExpiry'), value: formatDateValue(data.newExpiry, tz) },
      ],
    },
    { kind: 'separator' },
    ...(discounts.length
      ? [
          {
            kind: 'totals',
            rows: [
              { label: l.label('listPrice'), value: formatFen(data.listPriceFen ?? data.priceFen) },
              ...discounts.map((d) => ({ label: `${l.label('discount')} ${planName(language, { nameZh: d.nameZh, nameEn: d.nameEn })}`, value: `-${formatFen(d.discountFen)}` })),
            ],
          } as ReceiptBlock,
        ]
      : []),
    { kind: 'totals', rows: [{ label: l.label('total'), value: formatFen(data.priceFen), emphasis: true }] },
    { kind: 'payments', rows: paymentRows(language, data.payments) },
    {
      kind: 'totals',
      rows: [{ label: l.label('paid'), value: formatFen(paidFen) }, ...cashRows],
    },
    { kind: 'separator' },
    ...statusBlocks,
    ...(data.invoice
      ? ([
          { kind: 'keyValue', rows: [{ label: l.label('invoiceRequested'), value: data.invoice.email }] },
          { kind: 'text', text: l.label('invoiceNote'), align: 'center' },
        ] as ReceiptBlock[])
      : []),
    { kind: 'qr', payload: data.verifyUrl || receiptQrPayload(data.receiptNo, data.saleId), caption: l.label('scanToVerify') },
    ...(data.footer.trim() ? [{ kind: 'footer', lines: data.footer.split('\n') } as ReceiptBlock] : []),
  ];
  return { blocks, openDrawer: hasCash && !isReprint, cut: true };
}

/** The slip printed when a sale is voided (same-day, supervisor approved). */
export function buildVoidReceipt(data: VoidReceiptData, opts: ReceiptOptions): ReceiptDocument {
  const { language } = opts;
  const l = receiptLabeler(language);
  const tz = data.timeZone;
  const isReprint = (opts.reprintCount ?? 0) >= 1;
  const refundTotal = data.refunds.reduce((sum, p) => sum + p.amountFen, 0);
  const hasCashRefund = data.refunds.some((p) => p.method === 'cash' && p.amountFen > 0);

  const idRows: LabelValue[] = [];
  if (data.receiptNo) idRows.push({ label: l.label('receiptNo'), value: data.receiptNo });
  idRows.push(
    { label: l.label('originalReceiptNo'), value: data.originalReceiptNo },
    { label: l.label('saleId'), value: data.saleId },
    { label: l.label('voidedAt'), value: formatDateTimeValue(data.voidedAt, tz) },
    { label: l.label('terminal'), value: data.terminalCode },
    { label: l.label('clerk'), value: data.clerkName },
  );
  if (data.supervisorName) idRows.push({ label: l.label('approvedBy'), value: data.supervisorName });

  const saleBlocks: ReceiptBlock[] = [];
  if (data.customer) {
    saleBlocks.push({
      kind: 'keyValue',
      rows: [
        { label: l.label('customer'), value: data.customer.holderName },
        { label: l.label('idNumber'), value: data.customer.idMasked },
        { label: l.label('device'), value: data.customer.deviceMasked },
      ],
    });
  }
  if (data.plan) {
    const term = data.termMonths ? `  ${l.label('term')}: ${l.label('termMonths', { n: data.termMonths })}` : '';
    saleBlocks.push({ kind: 'text', text: `${planName(language, data.plan)} (${data.plan.code})${term}` });
  }

  const blocks: ReceiptBlock[] = [
    ...reprintMark(language, opts.reprintCount),
    ...storeHeader(data.store),
    { kind: 'separator', char: '=' },
    { kind: 'mark', text: l.label('voidMark') },
    ...documentTitle(language, 'voidTitle'),
    { kind: 'keyValue', rows: idRows },
    { kind: 'separator' },
    ...saleBlocks,
    { kind: 'keyValue', rows: [{ label: l.label('reason'), value: data.reason }] },
    { kind: 'separator' },
    {
      kind: 'payments',
      rows: paymentRows(
        language,
        data.refunds.map((r) => ({ method: r.method, amountFen: r.amountFen, reference: r.pending ? null : (r.reference ?? null) })),
      ).map((row, i) => {
        const r = data.refunds[i]!;
        const route = r.route ? ` (${l.label(r.route === 'drawer' ? 'refundRouteDrawer' : r.route === 'gateway' ? 'refundRouteGateway' : 'refundRouteCardTerminal')})` : '';
        const out = { ...row, label: `${l.label('refund')} ${row.label}${route}` };
        if (r.pending) out.reference = l.label('refundPendingNote');
        else if (r.route === 'gateway' && r.reference) out.reference = `${l.label('refundNo')}: ${r.reference}`;
        return out;
      }),
    },
    { kind: 'totals', rows: [{ label: l.label('refundTotal'), value: formatFen(refundTotal), emphasis: true }] },
    { kind: 'separator' },
    ...(data.supervisorName
      ? ([
          { kind: 'text', text: `${l.label('supervisorSign')}: ____________` },
          { kind: 'text', text: `${l.label('clerkSign')}: ____________` },
          { kind: 'separator' },
        ] as ReceiptBlock[])
      : []),
    { kind: 'qr', payload: data.verifyUrl || receiptQrPayload(data.receiptNo || data.originalReceiptNo, data.saleId) },
    ...(data.footer && data.footer.trim() ? [{ kind: 'footer', lines: data.footer.split('\n') } as ReceiptBlock] : []),
  ];
  return { blocks, openDrawer: hasCashRefund && !isReprint, cut: true };
}

/** A generic report (Z report, shift summary): title, header lines, sections of label/value rows. */
export function buildReportReceipt(report: ReportReceiptData): ReceiptDocument {
  const blocks: ReceiptBlock[] = [];
  if (report.mark) blocks.push({ kind: 'mark', text: report.mark });
  blocks.push({ kind: 'title', text: report.title });
  if (report.headerLines?.length) blocks.push({ kind: 'header', lines: report.headerLines });
  for (const section of report.sections) {
    blocks.push({ kind: 'separator' });
    if (section.heading) blocks.push({ kind: 'text', text: section.heading, bold: true });
    blocks.push({
      kind: 'totals',
      rows: section.rows.map((row) => ({ label: row.label, value: row.value, emphasis: row.emphasis ?? false })),
    });
  }
  blocks.push({ kind: 'separator', char: '=' });
  if (report.qrPayload) blocks.push({ kind: 'qr', payload: report.qrPayload });
  if (report.footerLines?.length) blocks.push({ kind: 'footer', lines: report.footerLines });
  return { blocks, openDrawer: report.opensDrawer === true, cut: true };
}
