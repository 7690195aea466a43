import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ChangesResponse,
  ConfigSnapshot,
  SnapshotLine,
  type AccountRecord,
} from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

function hmacHex(keyB64: string, id: string): string {
  return createHmac('sha256', Buffer.from(keyB64, 'base64')).update(id).digest('hex');
}

function ndjson(text: string): ReturnType<typeof SnapshotLine.parse>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => SnapshotLine.parse(JSON.parse(l)));
}

describeEachBackend('HQ protocol over HTTP', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('answers 401 with the error body for a missing or wrong terminal token', async () => {
    const missing = await hq.get('/v1/changes?cursor=0', null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    const wrong = await hq.get('/v1/changes?cursor=0', 'hqt_not-a-real-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect((await hq.get('/v1/changes?cursor=0')).status).toBe(200);
  });

  it('keeps /admin behind the admin token, and the terminal token does not open it', async () => {
    expect((await hq.get('/admin/plans', null)).status).toBe(401);
    expect((await hq.get('/admin/plans')).status).toBe(401); // terminal token
    const ok = await hq.admin('GET', '/admin/plans');
    expect(ok.status).toBe(200);
    expect(ok.body.plans.map((p: { code: string }) => p.code)).toContain('M30G');
  });

  it('refuses a disabled terminal with 403', async () => {
    const r = await hq.admin('POST', '/admin/terminals/S001-T01/disable');
    expect(r.status).toBe(200);
    const res = await hq.get('/v1/changes?cursor=0');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('TERMINAL_DISABLED');
  });

  it('validates query input with 400 INVALID_INPUT', async () => {
    const r = await hq.get('/v1/changes?cursor=-4');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_INPUT');
    expect((await hq.get('/v1/nothing')).status).toBe(404);
  });

  it('pulls changes page by page with a cursor and sees new changes later', async () => {
    const all: ChangesResponse['changes'] = [];
    let cursor = 0;
    for (let i = 0; i < 20; i++) {
      const r = await hq.get(`/v1/changes?cursor=${cursor}&limit=4`);
      expect(r.status).toBe(200);
      const page = ChangesResponse.parse(r.body);
      expect(page.resetRequired).toBe(false);
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const kinds = new Set(all.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['account', 'clerk', 'plan', 'store', 'storeKey', 'terminal']);
    expect(all.filter((c) => c.kind === 'account')).toHaveLength(DEMO_ACCOUNTS.length);
    expect(all.filter((c) => c.kind === 'clerk').map((c) => (c.data as { code: string }).code)).toEqual(['1001', '1002', '9001']);
    const seqs = all.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(JSON.stringify(all)).not.toContain('11010519491231002X');

    // Nothing new: same cursor back, empty page.
    const idle = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${cursor}`)).body);
    expect(idle).toMatchObject({ cursor, hasMore: false, resetRequired: false, changes: [] });

    // An admin change appears as the next change.
    await hq.admin('PATCH', '/admin/plans/C100G', { active: false });
    const next = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${cursor}`)).body);
    expect(next.changes).toHaveLength(1);
    expect(next.changes[0]).toMatchObject({ kind: 'plan', op: 'upsert', data: { code: 'C100G', active: false } });
    expect(next.cursor).toBeGreaterThan(cursor);
  });

  it('answers resetRequired for a cursor older than the retained log, and for one from another database', async () => {
    const head = ChangesResponse.parse((await hq.get('/v1/changes?cursor=0&limit=5000')).body).cursor;
    const pruned = await hq.admin('POST', '/admin/changes/prune', { keep: 2 });
    expect(pruned.status).toBe(200);
    expect(pruned.body.floor).toBe(head - 2);
    const old = ChangesResponse.parse((await hq.get('/v1/changes?cursor=0')).body);
    expect(old).toMatchObject({ resetRequired: true, changes: [], cursor: head });
    const recent = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${head - 2}`)).body);
    expect(recent.resetRequired).toBe(false);
    expect(recent.changes.map((c) => c.seq)).toEqual([head - 1, head]);
    const future = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${head + 50}`)).body);
    expect(future.resetRequired).toBe(true);
  });

  it('sends the config snapshot; a key rotation forces every terminal to re-snapshot', async () => {
    const before = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    expect(before.store).toMatchObject({ code: 'S001', timeZone: 'Asia/Shanghai' });
    expect(before.terminal.code).toBe('T01');
    expect(before.clerks.find((c) => c.code === '9001')?.role).toBe('supervisor');
    expect(before.storeKeys).toHaveLength(1);
    const rotated = await hq.admin('POST', '/admin/store-keys/rotate');
    expect(rotated.status).toBe(201);
    const pull = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${before.snapshotCursor}`)).body);
    expect(pull.resetRequired).toBe(true);
    const after = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    expect(after.storeKeys.map((k) => k.keyId)).toEqual(['k1', rotated.body.key.keyId]);
  });

  it('streams the accounts snapshot as NDJSON with correct hashes and resumes with after', async () => {
    const config = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    const key = config.storeKeys[0]!;
    const r = await hq.get('/v1/snapshot/accounts');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = ndjson(r.text);
    expect(lines[0]).toMatchObject({ type: 'header', keyId: key.keyId, total: DEMO_ACCOUNTS.length });
    expect(lines[lines.length - 1]).toEqual({ type: 'end', count: DEMO_ACCOUNTS.length });
    const accounts = lines.filter((l) => l.type === 'account') as (AccountRecord & { type: 'account' })[];
    expect(accounts.map((a) => a.accountId)).toEqual(DEMO_ACCOUNTS.map((a) => a.accountId));
    for (const a of accounts) {
      const demo = DEMO_ACCOUNTS.find((d) => d.accountId === a.accountId)!;
      expect(a.idHash).toBe(hmacHex(key.keyBase64, demo.nationalId));
      expect(a.idMasked).toBe(`${demo.nationalId.slice(0, 3)}***********${demo.nationalId.slice(-4)}`);
      expect(a.holderName).not.toBe(demo.holderName);
    }
    expect(r.text).not.toContain(DEMO_ACCOUNTS[0]!.nationalId);
    const suspended = accounts.find((a) => a.accountId === 'A000000003')!;
    expect(suspended.devices[0]!.subscription).toMatchObject({ status: 'suspended', statusReason: '挂失', statusReasonCode: 'reported_lost' });
    expect(accounts.find((a) => a.accountId === 'A000000006')!.devices).toHaveLength(2);

    const resumed = ndjson((await hq.get('/v1/snapshot/accounts?after=A000000004')).text);
    expect(resumed[0]).toMatchObject({ type: 'header', total: 3 });
    expect(resumed.filter((l) => l.type === 'account').map((l) => (l as AccountRecord).accountId)).toEqual([
      'A000000005',
      'A000000006',
      'A000000007',
    ]);
    expect((await hq.get('/v1/snapshot/accounts?keyId=nope')).status).toBe(422);
  });

  it('looks an account up live: a hit, and a miss that does not say which number is wrong', async () => {
    const key = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body).storeKeys[0]!;
    const demo = DEMO_ACCOUNTS[0]!;
    const idHash = hmacHex(key.keyBase64, demo.nationalId);
    const hit = await hq.post('/v1/accounts/lookup', { idHash, keyId: key.keyId, deviceNumber: demo.devices[0]!.number });
    expect(hit.status).toBe(200);
    expect(hit.body.account).toMatchObject({ accountId: demo.accountId, idHash, idMasked: '110***********002X' });
    const wrongDevice = await hq.post('/v1/accounts/lookup', {
      idHash,
      keyId: key.keyId,
      deviceNumber: DEMO_ACCOUNTS[1]!.devices[0]!.number,
    });
    const wrongId = await hq.post('/v1/accounts/lookup', {
      idHash: hmacHex(key.keyBase64, DEMO_ACCOUNTS[2]!.nationalId),
      keyId: key.keyId,
      deviceNumber: demo.devices[0]!.number,
    });
    expect(wrongDevice).toMatchObject({ status: 200, body: { account: null } });
    expect(wrongId).toMatchObject({ status: 200, body: { account: null } });
    expect((await hq.post('/v1/accounts/lookup', { idHash: 'zz', keyId: 'k1', deviceNumber: '1' })).status).toBe(400);
  });

  it('injects 503 and 429 with Retry-After for the next N requests, then recovers', async () => {
    const set = await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 2, retryAfterSeconds: 7 });
    expect(set.status).toBe(200);
    const a = await hq.get('/v1/changes?cursor=0');
    const b = await hq.get('/v1/changes?cursor=0');
    expect([a.status, b.status]).toEqual([503, 503]);
    expect(a.headers.get('retry-after')).toBe('7');
    expect(a.body.error.code).toBe('UNAVAILABLE');
    expect((await hq.get('/v1/changes?cursor=0')).status).toBe(200);

    await hq.admin('POST', '/admin/faults', { kind: 'rateLimited', count: 1, retryAfterSeconds: 3 });
    const limited = await hq.get('/v1/changes?cursor=0');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await hq.get('/v1/changes?cursor=0')).status).toBe(200);

    await hq.admin('POST', '/admin/faults', { kind: 'delay', count: 1, delayMs: 300 });
    const t0 = Date.now();
    expect((await hq.get('/v1/changes?cursor=0')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 5 });
    await hq.admin('DELETE', '/admin/faults');
    expect((await hq.get('/v1/changes?cursor=0')).status).toBe(200);
  });

  it('creates accounts, terminals and clerks through the admin API', async () => {
    const bad = await hq.admin('POST', '/admin/accounts', { holderName: '测试', nationalId: '110105194912310021' });
    expect(bad.status).toBe(400);
    const created = await hq.admin('POST', '/admin/accounts', {
      holderName: '孙悦',
      nationalId: '110101199003077774',
      devices: [{ kind: 'imei', number: '356938035643809', planCode: 'M30G', expiresAt: '2027-03-01T15:59:59.000Z' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ holderName: '孙*', idMasked: '110***********7774' });
    const dup = await hq.admin('POST', '/admin/accounts', { holderName: '孙悦', nationalId: '110101199003077774' });
    expect(dup.status).toBe(409);

    const t = await hq.admin('POST', '/admin/terminals', { storeCode: 'S001', code: 'T02' });
    expect(t.status).toBe(201);
    expect(typeof t.body.token).toBe('string');
    const asT02 = await hq.get('/v1/snapshot/config', t.body.token);
    expect(asT02.body.terminal.code).toBe('T02');
    const list = await hq.admin('GET', '/admin/terminals');
    expect(JSON.stringify(list.body)).not.toContain(t.body.token);

    const clerk = await hq.admin('POST', '/admin/clerks', { storeCode: 'S001', code: '1003', name: '孙丽', role: 'clerk', pin: '4321' });
    expect(clerk.status).toBe(201);
    expect(clerk.body.clerk.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(JSON.stringify(clerk.body)).not.toContain('4321');
  });
});
