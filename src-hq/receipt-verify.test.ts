import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventsResponse, LedgerState } from '../src-shared/hq-protocol/schemas';
import { receiptVerifyUrl } from '../src-shared/receipt/sale-receipt';
import { receiptSignature } from '../src-node/crypto/receipt-signature';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, voidEvent, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

/**
 * Issue 15 item 6 (HQ side): the terminal's receipt key comes with GET /v1/ledger; a receipt URL signed
 * with it opens HQ's verify page (status, masked customer, plan, amount, new expiry; no raw ID); a wrong
 * signature, another terminal's signature or an unknown id get the same 404; the page records reprint
 * requests. Real HQ over real HTTP on both backends.
 */
const a = DEMO_ACCOUNTS[0]!;

async function page(url: string, init?: RequestInit): Promise<{ status: number; text: string; location: string | null }> {
  const r = await fetch(url, { redirect: 'manual', ...init });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

describeEachBackend('receipt verify page', (backend) => {
  let hq: TestHq;
  let key: NonNullable<LedgerState['receiptKey']>;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
    const ledger = LedgerState.parse((await hq.get('/v1/ledger')).body);
    key = ledger.receiptKey!;
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('GET /v1/ledger gives the terminal a stable receipt key and HQ’s verify base URL', async () => {
    expect(key).toMatchObject({ keyId: 'rk1', verifyBaseUrl: hq.url });
    expect(Buffer.from(key.keyBase64, 'base64')).toHaveLength(32);
    const again = LedgerState.parse((await hq.get('/v1/ledger')).body);
    expect(again.receiptKey).toEqual(key);
  });

  it('a signed receipt shows status, masked customer, plan, amount and new expiry — and no raw ID', async () => {
    const ev = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000001' }, 1);
    const r = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body);
    expect(r.results[0]).toMatchObject({ status: 'confirmed' });
    const saleId = ev.type === 'sale.renewal' ? ev.payload.saleId : '';
    const url = receiptVerifyUrl(key.verifyBaseUrl, saleId, receiptSignature(key.keyBase64, saleId));
    const zh = await page(url);
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('有效（总部已确认）');
    expect(zh.text).toContain('张*英');
    expect(zh.text).toContain('月享30G (M30G)');
    expect(zh.text).toContain('¥29.00');
    expect(zh.text).toContain('S001-T01-20261125-000001');
    expect(zh.text).toMatch(/data-testid="verify-new-expiry">\d{4}-\d{2}-\d{2}</);
    expect(zh.text).toContain(a.devices[0]!.number.slice(-6));
    for (const raw of [a.nationalId, a.devices[0]!.number, a.holderName]) expect(zh.text).not.toContain(raw);
    const en = await page(`${url}&lang=en`);
    expect(en.text).toContain('Valid (confirmed by HQ)');
    expect(en.text).toContain('Amount');
    // a voided sale says so
    await hq.post('/v1/events', { events: [voidEvent(saleId, 2)] });
    expect((await page(url)).text).toContain('已作废');
  });

  it('a wrong, shortened, another sale’s or missing signature, and an unknown id, all get the same 404', async () => {
    const ev = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000001' }, 1);
    await hq.post('/v1/events', { events: [ev] });
    const saleId = ev.type === 'sale.renewal' ? ev.payload.saleId : '';
    const good = receiptSignature(key.keyBase64, saleId);
    const flipped = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    const bad = [
      `${hq.url}/r/${saleId}?s=${flipped}`,
      `${hq.url}/r/${saleId}?s=${good.slice(0, 21)}`,
      `${hq.url}/r/${saleId}?s=${receiptSignature(key.keyBase64, randomUUID())}`,
      `${hq.url}/r/${saleId}?s=${receiptSignature(otherKey, saleId)}`,
      `${hq.url}/r/${saleId}`,
      `${hq.url}/r/${randomUUID()}?s=${good}`,
      `${hq.url}/r/not-a-uuid?s=${good}`,
    ];
    const answers = await Promise.all(bad.map((u) => page(u)));
    for (const p of answers) {
      expect(p.status).toBe(404);
      expect(p.text).toContain('data-testid="verify-not-found"');
      expect(p.text).not.toContain('S001-T01-20261125-000001');
    }
    // nothing tells the unknown id from the bad signature
    expect(new Set(answers.map((p) => p.text.replace(/href="[^"]*"/, ''))).size).toBe(1);
    // a bad signature cannot record a reprint
    const post = await page(`${hq.url}/r/${saleId}/reprint`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `s=${flipped}` });
    expect(post.status).toBe(404);
    expect(Number(await hq.scalar('SELECT count(*) AS n FROM receipt_reprint_requests'))).toBe(0);
  });

  it('a receipt signed offline whose sale HQ has not received yet says so', async () => {
    const saleId = randomUUID();
    const p = await page(receiptVerifyUrl(key.verifyBaseUrl, saleId, receiptSignature(key.keyBase64, saleId)));
    expect(p.status).toBe(200);
    expect(p.text).toContain('总部尚未收到');
  });

  it('the page records reprint requests at HQ, up to the limit', async () => {
    const ev = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000001' }, 1);
    await hq.post('/v1/events', { events: [ev] });
    const saleId = ev.type === 'sale.renewal' ? ev.payload.saleId : '';
    const s = receiptSignature(key.keyBase64, saleId);
    const post = () => page(`${hq.url}/r/${saleId}/reprint?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `s=${s}` });
    const first = await post();
    expect(first.status).toBe(303);
    expect(first.location).toContain('reprint=done');
    const shown = await page(hq.url + first.location!);
    expect(shown.text).toContain('Your reprint request is recorded.');
    expect(shown.text).toContain('Reprint requested 1 time(s)');
    const listed = (await hq.admin('GET', `/admin/reprint-requests?saleId=${saleId}`)).body.reprintRequests;
    expect(listed).toEqual([expect.objectContaining({ saleId, terminalId: 'S001-T01' })]);
    for (let i = 0; i < 4; i++) expect((await post()).location).toContain('reprint=done');
    expect((await post()).location).toContain('reprint=full');
    expect(Number(await hq.scalar('SELECT count(*) AS n FROM receipt_reprint_requests'))).toBe(5);
  });
});
