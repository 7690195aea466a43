/**
 * Issue 10, item 1, against the real built web process (dist/main/web.cjs): the three requests that used
 * to end it with exit 1 — GET /%00, GET /%E0%A4%A (no token needed) and POST /api/%E0%A4%A (with the
 * token) — arrive while a sign-in is half-sent. Each gets a 4xx, the sign-in gets its answer, and the
 * process still serves afterwards.
 */
import { DEMO, expect, test } from './fixtures';
import { firstBody, httpRequestBytes, rawRequest, rawRequestInParts } from '../test-support/raw-http';

test('the requests that killed web mode get a 4xx while an in-flight call still gets its answer', async ({ counter }) => {
  const url = new URL(counter.app.url);
  const port = Number(url.port);
  const host = url.host;
  const token = /#token=([^&]+)/.exec(counter.app.launchUrl)![1]!;
  const api = (method: string, body: unknown) =>
    httpRequestBytes({ method: 'POST', path: `/api/${method}`, host, headers: { 'x-counter-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const list = await rawRequest(port, api('auth.listClerks', {}));
  expect(list.statuses).toEqual([200]);
  const listed = JSON.parse(firstBody(list.text)) as { result: { clerks: Array<{ clerkId: string; code: string }> } };
  const clerkId = listed.result.clerks.find((c) => c.code === DEMO.clerk.code)!.clerkId;

  // an in-flight call: the head and half the body now, the rest only after the hostile requests were answered
  const signIn = api('auth.signIn', { clerkId, pin: DEMO.clerk.pin });
  const cut = signIn.length - 8;
  let hostileDone!: () => void;
  const afterHostile = new Promise<void>((resolve) => (hostileDone = resolve));
  const inFlight = rawRequestInParts(port, [signIn.subarray(0, cut), async () => (await afterHostile, signIn.subarray(cut))], { timeoutMs: 15_000 });
  await new Promise((r) => setTimeout(r, 100));

  const hostile = [
    httpRequestBytes({ method: 'GET', path: '/%00', host }),
    httpRequestBytes({ method: 'GET', path: '/%E0%A4%A', host }),
    httpRequestBytes({ method: 'POST', path: '/api/%E0%A4%A', host, headers: { 'x-counter-token': token }, body: '{}' }),
  ];
  for (const bytes of hostile) {
    const a = await rawRequest(port, bytes);
    expect(a.ended, bytes.toString('latin1').split('\r\n')[0]).toBe('closed');
    expect(a.statuses).toHaveLength(1);
    expect(a.statuses[0]).toBeGreaterThanOrEqual(400);
    expect(a.statuses[0]).toBeLessThan(500);
  }
  hostileDone();

  const answered = await inFlight;
  expect(answered.ended).toBe('closed');
  expect(answered.statuses).toEqual([200]);
  expect(answered.text).toContain('"code":"1001"');

  // still alive and answering, page and API
  const ping = await rawRequest(port, api('system.ping', {}));
  expect(ping.statuses).toEqual([200]);
  const page = await rawRequest(port, httpRequestBytes({ method: 'GET', path: '/', host }));
  expect(page.statuses).toEqual([200]);
});
