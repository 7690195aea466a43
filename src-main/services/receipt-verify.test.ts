import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Issue 15 item 6, terminal side: the terminal takes its receipt key from HQ once (GET /v1/ledger) and then
 * signs every receipt QR offline; the printed URL opens HQ's verify page showing the confirmed sale. Real HQ over HTTP, real terminal on real SQLite.
 */
const clerk = DEMO_CLERKS[0];
let hq: TestHq;
let t: TestTerminal;

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await t.ctx.ledger.checkWithHq();
  await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
});
afterAll(async () => {
  await t.close();
  await hq.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('the receipt QR is a signed URL to HQ’s verify page', () => {
  it('prints the URL, signed offline; the page answers before and after HQ has the sale', async () => {
    expect(t.ctx.ledger.receiptKey()).toMatchObject({ keyId: 'rk1', verifyBaseUrl: hq.url });
    const a = DEMO_ACCOUNTS[0]!;
    const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
    const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
    const sale = (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
    const preview = await t.call('printer.preview', { saleId: sale.saleId });
    const qr = preview.lines.filter((l) => l.kind === 'qr').map((l) => (l.kind === 'qr' ? l.payload : ''));
    expect(qr).toHaveLength(1);
    const url = qr[0]!;
    expect(url).toMatch(new RegExp(`^${hq.url.replace(/[.:/]/g, '\\$&')}/r/${sale.saleId}\\?s=[A-Za-z0-9_-]{22}$`));
    expect(url).not.toContain(a.nationalId);

    // (the page before HQ has the sale — "not yet received" — is in src-hq/receipt-verify.test.ts: here the outbox pushes at once)
    await t.call('sync.now', {});
    const after = await (await fetch(`${url}&lang=en`)).text();
    expect(after).toContain('Valid (confirmed by HQ)');
    expect(after).toContain(sale.receiptNo);
    expect(after).toContain('¥29.00');
    // the same id with the signature of another id is refused
    const tampered = url.replace(/s=.*/, `s=${'A'.repeat(22)}`);
    expect((await fetch(tampered)).status).toBe(404);
  });
});
