/** Issue 16 item 5: the HQ status page (admin token), /healthz and /readyz. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, TEST_ADMIN_TOKEN, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

const a = DEMO_ACCOUNTS[0]!;

describeEachBackend('HQ status page', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('needs the admin token (header or sign-in cookie); shows terminals, refusals with reasons, the last close with its variance and today’s sales per hour', async () => {
    const anon = await fetch(`${hq.url}/status`);
    expect(anon.status).toBe(401);
    expect(await anon.text()).toContain('name="token"');
    const asTerminal = await fetch(`${hq.url}/status`, { headers: { authorization: `Bearer ${hq.token}` } });
    expect(asTerminal.status).toBe(401);

    const ok = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number }, 1);
    const bad = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, priceFen: 1 }, 2);
    const close = {
      eventId: randomUUID(),
      terminalSeq: 4, // 3 never arrives: one pending
      type: 'day.close',
      createdAt: new Date().toISOString(),
      payload: { businessDate: '2026-11-25', zReport: { cash: { varianceFen: -500 } }, closedAt: '2026-11-25T14:00:00.000Z', pendingOverride: true },
    };
    await hq.post('/v1/events', { events: [ok, bad, close] });

    const page = await fetch(`${hq.url}/status`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('S001-T01');
    expect(html).toMatch(/<td>\d{4}-\d\d-\d\dT[\d:.]+Z<\/td><td class="n">4<\/td>/); // last contact, last seq
    expect(html).toContain('<td class="n bad">1</td><td class="n bad">1</td>'); // one pending, one refused
    expect(html).toContain('PRICE_MISMATCH');
    expect(html).toContain('The price charged does not match the HQ catalog');
    expect(html).toContain('2026-11-25');
    expect(html).toContain('−¥5.00 (override)');
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date(ok.createdAt));
    expect(html).toContain(`<title>${Number(hour)}:00 1</title>`);
    expect(html).toContain('1 sales, ¥29.00');
    expect(html).not.toContain('<script');

    // sign-in form: a wrong token is refused, the right one sets an HttpOnly cookie that opens the page
    const wrong = await fetch(`${hq.url}/status/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${hq.url}/status/login`, { method: 'POST', body: new URLSearchParams({ token: TEST_ADMIN_TOKEN }), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(TEST_ADMIN_TOKEN);
    const withCookie = await fetch(`${hq.url}/status`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    const forged = await fetch(`${hq.url}/status`, { headers: { cookie: 'hq_status=00' } });
    expect(forged.status).toBe(401);
  });

  it('answers /healthz and /readyz without a token, naming the backend', async () => {
    expect(await (await fetch(`${hq.url}/healthz`)).json()).toEqual({ ok: true, backend });
    const ready = await fetch(`${hq.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, backend });
  });
});
