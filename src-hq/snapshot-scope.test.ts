/**
 * Issue 16 item 4: scoped, gzip-compressed accounts snapshots with resume. Accounts outside a
 * terminal's scope are not in its snapshot and are still found by the online lookup.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SnapshotLine, type ConfigSnapshot } from '../src-shared/hq-protocol/schemas';
import { startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';
import { acceptsGzip } from './http/v1-routes';
import { makeNationalId } from '../src-shared/domain/national-id';
import { makeImei } from '../src-shared/domain/device-number';

const ID2 = makeNationalId('450102', '19791231', '002');
const ID3 = makeNationalId('450102', '19791231', '003');
const IMEI2 = makeImei('99000012000001');
const IMEI3 = makeImei('99000012000002');

function raw(url: string, path: string, token: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url + path, { headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

const lines = (text: string) => text.split('\n').filter(Boolean).map((l) => SnapshotLine.parse(JSON.parse(l)));
const accountIds = (text: string) => lines(text).flatMap((l) => (l.type === 'account' ? [l.accountId] : []));

it('acceptsGzip reads Accept-Encoding with q-values', () => {
  expect(acceptsGzip('gzip, deflate')).toBe(true);
  expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
  expect(acceptsGzip('gzip;q=0')).toBe(false);
  expect(acceptsGzip('identity')).toBe(false);
  expect(acceptsGzip(undefined)).toBe(false);
});

describeEachBackend('scoped gzip snapshots', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend, syntheticAccounts: 1_500 });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('gzip on the wire when accepted (same NDJSON as identity, much smaller), identity otherwise; resume with after', async () => {
    const plain = await raw(hq.url, '/v1/snapshot/accounts', hq.token, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await raw(hq.url, '/v1/snapshot/accounts', hq.token, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    const ids = accountIds(plain.body.toString('utf8'));
    expect(ids).toHaveLength(1_507);
    // a download broken after the 700th account resumes there
    const rest = await raw(hq.url, `/v1/snapshot/accounts?after=${ids[699]}`, hq.token, { 'accept-encoding': 'gzip' });
    expect(accountIds(gunzipSync(rest.body).toString('utf8'))).toEqual(ids.slice(700));
  });

  it('store scope: a terminal gets its store’s accounts and the unhomed ones; the group scope adds its group’s stores; lookup finds the rest', async () => {
    expect((await hq.admin('POST', '/admin/store-groups', { groupId: 'north', name: '北区' })).status).toBe(201);
    expect((await hq.admin('POST', '/admin/stores', { code: 'S002', name: '二店', groupId: 'north' })).status).toBe(201);
    expect((await hq.admin('POST', '/admin/stores', { code: 'S003', name: '三店' })).status).toBe(201);
    expect((await hq.admin('PATCH', '/admin/stores/S001', { groupId: 'north' })).body.store).toMatchObject({ code: 'S001' });
    const t3 = (await hq.admin('POST', '/admin/terminals', { storeCode: 'S003', code: 'T01' })).body.token as string;
    const mk = async (storeCode: string, nationalId: string, imei: string) => {
      const r = await hq.admin('POST', '/admin/accounts', {
        holderName: '测试',
        nationalId,
        homeStoreCode: storeCode,
        devices: [{ kind: 'imei', number: imei, planCode: 'M30G', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }],
      });
      expect(r.status).toBe(201);
      return r.body.account as { accountId: string };
    };
    const in2 = await mk('S002', ID2, IMEI2);
    const in3 = await mk('S003', ID3, IMEI3);
    await hq.store.run("UPDATE accounts SET home_store_id = 'store-S001' WHERE account_id IN (SELECT account_id FROM accounts ORDER BY account_id LIMIT 500 OFFSET 100)");

    expect((await hq.admin('PUT', '/admin/settings/snapshot-scope', { scope: 'store' })).body).toEqual({ snapshotScope: 'store' });
    const s1 = accountIds((await hq.get('/v1/snapshot/accounts')).text);
    const s3 = accountIds((await hq.get('/v1/snapshot/accounts', t3)).text);
    expect(s1).toHaveLength(1_507); // 500 homed at S001 + 1,007 unhomed
    expect(s1).not.toContain(in2.accountId);
    expect(s3).toHaveLength(1_007 + 1);
    expect(s3).toContain(in3.accountId);
    expect(s3).not.toContain(in2.accountId);

    await hq.admin('PUT', '/admin/settings/snapshot-scope', { scope: 'group' });
    const g1 = accountIds((await hq.get('/v1/snapshot/accounts')).text);
    expect(g1).toContain(in2.accountId);
    expect(g1).not.toContain(in3.accountId);
    const header = lines((await hq.get('/v1/snapshot/accounts')).text)[0]!;
    expect(header).toMatchObject({ type: 'header', total: 1_507 + 1 });

    // out of scope: not in S003's snapshot, found by the online lookup
    const config = (await hq.get('/v1/snapshot/config', t3)).body as ConfigSnapshot;
    const key = config.storeKeys.at(-1)!;
    const idHash = createHmac('sha256', Buffer.from(key.keyBase64, 'base64')).update(ID2).digest('hex');
    const found = await hq.post('/v1/accounts/lookup', { keyId: key.keyId, idHash, deviceNumber: IMEI2 }, t3);
    expect(found.body.account).toMatchObject({ accountId: in2.accountId });

    expect((await hq.admin('PUT', '/admin/settings/snapshot-scope', { scope: 'planet' })).status).toBe(400);
    expect((await hq.admin('PATCH', '/admin/stores/S003', { groupId: 'nowhere' })).status).toBe(404);
  });
});
