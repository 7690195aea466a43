/**
 * The receipt verify page (issue 15 item 6): `GET /r/<saleId>?s=<signature>` shows what HQ holds of the
 * sale — status, masked customer, plan, amount, new expiry — in Chinese or English (`?lang=en`, else the
 * browser's Accept-Language, else Chinese); `POST /r/<saleId>/reprint` (form field `s`) records a reprint
 * request. A wrong or missing signature gets the same 404 page as an unknown id. No raw national ID or
 * full device number is ever on the page. Server-rendered, no script.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskDeviceNumber } from '../../src-shared/domain/device-number';
import { formatFen } from '../../src-shared/domain/money';
import { formatLocalDate, formatLocalDateTime } from '../../src-shared/domain/time';
import { maskHolderName } from '../../src-shared/hq-protocol/holder-name';
import type { HqContext } from '../services/context';
import { findSignedReceipt, requestReprint, type SignedReceipt } from '../services/receipts';
import { readText } from './respond';
import { sendHtml } from './status-page';

type Lang = 'zh' | 'en';

const L = {
  zh: {
    title: '电子小票验证',
    notFound: '未找到这张小票',
    notFoundBody: '链接不完整或不正确。请扫描小票上的二维码。',
    status: '状态',
    confirmed: '有效（总部已确认）',
    voided: '已作废',
    rejected: '总部已拒绝',
    notReceived: '门店已收款，总部尚未收到（门店终端联网后自动上传，请稍后再查）',
    store: '门店',
    receiptNo: '小票号',
    soldAt: '时间',
    customer: '客户',
    device: '设备',
    plan: '套餐',
    term: '期限',
    months: '{{n}} 个月',
    amount: '金额',
    newExpiry: '新到期日',
    reprint: '申请补打小票',
    reprintNote: '到门店出示本页即可领取补打的小票。',
    reprintDone: '补打申请已记录。',
    reprintFull: '这张小票的补打申请已达上限，请到门店办理。',
    reprints: '已申请补打 {{n}} 次',
    otherLang: 'English',
  },
  en: {
    title: 'Receipt verification',
    notFound: 'Receipt not found',
    notFoundBody: 'The link is incomplete or wrong. Scan the QR code on the receipt.',
    status: 'Status',
    confirmed: 'Valid (confirmed by HQ)',
    voided: 'Voided',
    rejected: 'Refused by HQ',
    notReceived: 'Paid at the store; HQ has not received it yet (the store terminal sends it when online; check again later)',
    store: 'Store',
    receiptNo: 'Receipt no.',
    soldAt: 'Time',
    customer: 'Customer',
    device: 'Device',
    plan: 'Plan',
    term: 'Term',
    months: '{{n}} month(s)',
    amount: 'Amount',
    newExpiry: 'New expiry',
    reprint: 'Request a reprint',
    reprintNote: 'Show this page at the store to collect the reprinted receipt.',
    reprintDone: 'Your reprint request is recorded.',
    reprintFull: 'This receipt has the most reprint requests allowed; please ask at the store.',
    reprints: 'Reprint requested {{n}} time(s)',
    otherLang: '中文',
  },
} as const;

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pickLang(req: IncomingMessage, url: URL): Lang {
  const q = url.searchParams.get('lang');
  if (q === 'en' || q === 'zh') return q;
  return /^\s*en/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

const STYLE = `body{font:16px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#111;background:#f5f6f8}
main{max-width:32rem;margin:1rem auto;background:#fff;padding:1.25rem;border-radius:8px}h1{font-size:1.3rem;margin:0 0 .75rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0 0 1rem}dt{color:#555}dd{margin:0;word-break:break-all}
.ok{color:#17653a;font-weight:600}.bad{color:#a00;font-weight:600}.warn{color:#8a5a00;font-weight:600}.muted{color:#666;font-size:.9rem}
button{font-size:1rem;padding:.5rem 1rem}nav{text-align:right}`;

function page(lang: Lang, title: string, body: string, langHref: string): string {
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>
<nav><a href="${esc(langHref)}" data-testid="verify-lang">${esc(L[lang].otherLang)}</a></nav>${body}</main></body></html>`;
}

function sendNotFound(res: ServerResponse, lang: Lang, url: URL): void {
  const t = L[lang];
  const other = new URL(url.pathname, 'http://x');
  other.searchParams.set('lang', lang === 'zh' ? 'en' : 'zh');
  sendHtml(res, 404, page(lang, t.notFound, `<h1 data-testid="verify-not-found">${esc(t.notFound)}</h1><p>${esc(t.notFoundBody)}</p>`, other.pathname + other.search));
}

async function renderReceipt(ctx: HqContext, lang: Lang, found: SignedReceipt, saleId: string, signature: string, notice: 'done' | 'full' | null): Promise<string> {
  const t = L[lang];
  const store = await ctx.repos.stores.findStoreById(found.terminal.store_id);
  const tz = store?.time_zone ?? 'Asia/Shanghai';
  const rows: [string, string, string?][] = [];
  let statusHtml: string;
  if (found.kind === 'sale') {
    const s = found.sale;
    const account = await ctx.repos.accounts.findAccountById(s.account_id);
    const plan = await ctx.repos.plans.findByCode(s.plan_code);
    statusHtml =
      s.status === 'confirmed' ? `<span class="ok">${esc(t.confirmed)}</span>` : s.status === 'voided' ? `<span class="bad">${esc(t.voided)}</span>` : `<span class="bad">${esc(t.rejected)}</span>`;
    rows.push(
      [t.receiptNo, s.receipt_no, 'verify-receipt-no'],
      [t.soldAt, formatLocalDateTime(new Date(s.sold_at), tz)],
      [t.customer, account ? maskHolderName(account.holder_name) : '—', 'verify-customer'],
      [t.device, maskDeviceNumber(s.device_number), 'verify-device'],
      [t.plan, `${plan ? (lang === 'zh' ? plan.name_zh : plan.name_en) : ''} (${s.plan_code})`, 'verify-plan'],
      [t.term, t.months.replace('{{n}}', String(s.term_months))],
      [t.amount, formatFen(s.price_fen), 'verify-amount'],
    );
    if (s.status === 'confirmed') rows.push([t.newExpiry, formatLocalDate(new Date(s.hq_new_expiry ?? s.terminal_new_expiry), tz), 'verify-new-expiry']);
  } else {
    statusHtml = `<span class="warn">${esc(t.notReceived)}</span>`;
  }
  const reprints = await ctx.repos.service.countReprintRequests(saleId);

  const other = `/r/${encodeURIComponent(saleId)}?s=${encodeURIComponent(signature)}&lang=${lang === 'zh' ? 'en' : 'zh'}`;
  const body = `<h1>${esc(t.title)}</h1>
<p data-testid="verify-status">${esc(t.status)}: ${statusHtml}</p>
<dl><dt>${esc(t.store)}</dt><dd data-testid="verify-store">${esc(store?.name ?? '')} · ${esc(found.terminal.code)}</dd>
${rows.map(([k, v, id]) => `<dt>${esc(k)}</dt><dd${id ? ` data-testid="${id}"` : ''}>${esc(v)}</dd>`).join('\n')}</dl>
${notice === 'done' ? `<p class="ok" data-testid="verify-reprint-done">${esc(t.reprintDone)}</p>` : ''}${notice === 'full' ? `<p class="bad" data-testid="verify-reprint-full">${esc(t.reprintFull)}</p>` : ''}
${reprints > 0 ? `<p class="muted" data-testid="verify-reprints">${esc(t.reprints.replace('{{n}}', String(reprints)))}</p>` : ''}
<form method="post" action="/r/${esc(encodeURIComponent(saleId))}/reprint?lang=${lang}"><input type="hidden" name="s" value="${esc(signature)}">
<button type="submit" data-testid="verify-reprint">${esc(t.reprint)}</button></form><p class="muted">${esc(t.reprintNote)}</p>`;

  return page(lang, t.title, body, other);
}

/** Handles `/r/...`; returns false for any other path. */
export async function handleReceiptPage(ctx: HqContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const view = /^\/r\/([^/]+)$/.exec(url.pathname);
  const reprint = /^\/r\/([^/]+)\/reprint$/.exec(url.pathname);
  if (!view && !reprint) return false;
  const lang = pickLang(req, url);
  const saleId = decodeURIComponent((view ?? reprint)![1]!);
  if (view && req.method === 'GET') {
    const signature = url.searchParams.get('s') ?? '';
    const found = await findSignedReceipt(ctx, saleId, signature);
    if (!found) {
      sendNotFound(res, lang, url);
      return true;
    }
    const notice = url.searchParams.get('reprint');
    sendHtml(res, 200, await renderReceipt(ctx, lang, found, saleId, signature, notice === 'done' || notice === 'full' ? notice : null));
    return true;
  }
  if (reprint && req.method === 'POST') {
    const signature = new URLSearchParams(await readText(req, 4096)).get('s') ?? '';
    const found = await findSignedReceipt(ctx, saleId, signature);
    if (!found) {
      sendNotFound(res, lang, url);
      return true;
    }
    const recorded = await requestReprint(ctx, saleId, found.terminal.terminal_id);
    const to = `/r/${encodeURIComponent(saleId)}?s=${encodeURIComponent(signature)}&lang=${lang}&reprint=${recorded ? 'done' : 'full'}`;
    res.writeHead(303, { location: to, 'cache-control': 'no-store' });
    res.end();
    return true;
  }
  sendNotFound(res, lang, url);
  return true;
}
