/**
 * GET /status: the read-only status page for HQ staff, rendered on the server (no script). It needs
 * the admin token: as "Authorization: Bearer <token>", or through the sign-in form, which sets an
 * HttpOnly cookie holding an HMAC of the token (not the token; rotating the token ends every session).
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatusView } from '../services/status';
import { equalHex } from '../crypto';

const COOKIE = 'hq_status';

export function statusSession(adminToken: string): string {
  return createHmac('sha256', adminToken).update('hq-status-session').digest('hex');
}

export function hasStatusSession(req: IncomingMessage, session: string): boolean {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  const mine = cookies.find((c) => c.startsWith(`${COOKIE}=`));
  return mine !== undefined && equalHex(mine.slice(COOKIE.length + 1), session);
}

export function sessionCookie(session: string, secure: boolean): string {
  return `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/status${secure ? '; Secure' : ''}; Max-Age=43200`;
}

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function yuan(fen: number | null): string {
  if (fen === null) return '—';
  const sign = fen < 0 ? '−' : '';
  return `${sign}¥${(Math.abs(fen) / 100).toFixed(2)}`;
}

const STYLE = `body{font:14px/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}td.n{text-align:right}.bad{color:#a00;font-weight:600}.muted{color:#666}h2{margin-top:1.5rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

export function sendSignIn(res: ServerResponse, wrong: boolean): void {
  send(
    res,
    401,
    page(
      'HQ status — sign in',
      `<h1>HQ status</h1>${wrong ? '<p class="bad">That is not the admin token.</p>' : ''}
<form method="post" action="/status/login"><label>Admin token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>`,
    ),
  );
}

/** 24 bars (local hours 0–23) of one store's confirmed sales today. */
function hourChart(counts: number[]): string {
  const max = Math.max(1, ...counts);
  const w = 14;
  const h = 60;
  const bars = counts
    .map((c, i) => {
      const bh = Math.round((c / max) * h);
      return `<rect x="${i * w + 1}" y="${h - bh}" width="${w - 2}" height="${bh}" fill="#2b6cb0"><title>${i}:00 ${c}</title></rect>`;
    })
    .join('');
  const labels = [0, 6, 12, 18, 23].map((i) => `<text x="${i * w + w / 2}" y="${h + 12}" font-size="9" text-anchor="middle">${i}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${24 * w}" height="${h + 16}" role="img" aria-label="sales per hour">${bars}${labels}</svg>`;
}

export function renderStatus(v: StatusView): string {
  const terminals = v.terminals
    .map(
      (t) => `<tr><td>${esc(t.terminalId)}</td><td>${esc(t.storeCode)}</td><td>${esc(t.name)}</td><td>${t.active ? 'yes' : '<span class="bad">disabled</span>'}</td>
<td>${t.lastContact ? esc(t.lastContact) : '<span class="muted">never</span>'}</td><td class="n">${t.lastSeq}</td>
<td class="n${t.missing ? ' bad' : ''}">${t.missing}</td><td class="n${t.refused ? ' bad' : ''}">${t.refused}</td>
<td>${t.lastClose ? `${esc(t.lastClose.businessDate)} <span class="muted">${esc(t.lastClose.closedAt)}</span>` : '<span class="muted">none</span>'}</td>
<td class="n${t.lastClose?.varianceFen ? ' bad' : ''}">${t.lastClose ? yuan(t.lastClose.varianceFen) : ''}${t.lastClose?.pendingOverride ? ' (override)' : ''}</td></tr>`,
    )
    .join('');
  const rejections = v.rejections.length
    ? `<table><tr><th>received</th><th>terminal</th><th>event</th><th>code</th><th>reason</th></tr>${v.rejections
        .map((r) => `<tr><td>${esc(r.receivedAt)}</td><td>${esc(r.terminalId)}</td><td>${esc(r.type)}</td><td>${esc(r.code)}</td><td>${esc(r.message)}</td></tr>`)
        .join('')}</table>`
    : '<p class="muted">No refused events.</p>';
  const flags = v.promotionFlags.length
    ? `<table><tr><th>received</th><th>sold (terminal clock)</th><th>terminal</th><th>receipt</th><th>flag</th></tr>${v.promotionFlags
        .map((f) => `<tr><td>${esc(f.receivedAt)}</td><td>${esc(f.soldAt)}</td><td>${esc(f.terminalId)}</td><td>${esc(f.receiptNo)}</td><td class="bad">${esc(f.flag)}</td></tr>`)
        .join('')}</table>`
    : '<p class="muted">No flagged promotions.</p>';
  const charts = v.hourly
    .map((h) => {
      const total = h.counts.reduce((a, b) => a + b, 0);
      const fen = h.amountsFen.reduce((a, b) => a + b, 0);
      return `<h3>${esc(h.storeCode)} — ${esc(h.date)}: ${total} sales, ${yuan(fen)}</h3>${hourChart(h.counts)}`;
    })
    .join('');
  return page(
    'HQ status',
    `<h1>HQ status</h1><p class="muted">Generated ${esc(v.generatedAt)} · database ${esc(v.backend)} · read-only</p>
<h2>Stores</h2><table><tr><th>code</th><th>name</th><th>group</th><th>time zone</th></tr>${v.stores
      .map((s) => `<tr><td>${esc(s.code)}</td><td>${esc(s.name)}</td><td>${esc(s.groupId ?? '')}</td><td>${esc(s.timeZone)}</td></tr>`)
      .join('')}</table>
<h2>Terminals</h2><table><tr><th>terminal</th><th>store</th><th>name</th><th>active</th><th>last contact</th><th>last seq</th>
<th title="sequence numbers below the last one HQ has not received: still pending at the terminal">pending (not received)</th>
<th title="events HQ refused or found in conflict: the terminal keeps them as dead letters">dead-lettered (refused)</th><th>last day close</th><th>variance</th></tr>${terminals}</table>
<h2>Recent refusals</h2>${rejections}
<h2>Promotions flagged at the re-check</h2>${flags}
<h2>Sales per hour today (store time)</h2>${charts}`,
  );
}

export { send as sendHtml };
