/**
 * The ID-only lookup (issue 15 item 1): POST /v1/accounts/by-id finds the holder's account from the ID
 * hash a terminal sends, through the hash index of schema v13 — for seeded accounts, accounts created
 * later, after a key rotation, and in a database whose index is empty (filled at start-up).
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigSnapshot, type AccountRecord } from '../src-shared/hq-protocol/schemas';
import { makeImei, makeNationalId } from '../src-shared/domain';
import { DEMO_ACCOUNTS } from './demo-data';
import { startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

function hmacHex(keyB64: string, id: string): string {
  return createHmac('sha256', Buffer.from(keyB64, 'base64')).update(id).digest('hex');
}

describeEachBackend('ID-only account lookup', (backend) => {
  let hq: TestHq;
  let closed = false;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
    closed = false;
  });
  afterEach(async () => {
    if (closed) fs.rmSync(hq.dir, { recursive: true, force: true });
    else await hq.stop();
  });

  async function currentKey(h = hq) {
    const keys = ConfigSnapshot.parse((await h.get('/v1/snapshot/config')).body).storeKeys;
    return keys[keys.length - 1]!;
  }

  it('answers the holder’s account with every device; an unknown ID answers no account', async () => {
    const key = await currentKey();
    const two = DEMO_ACCOUNTS.find((a) => a.devices.length === 2)!;
    const hit = await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, two.nationalId), keyId: key.keyId });
    expect(hit.status).toBe(200);
    expect(hit.body.accounts).toHaveLength(1);
    const account = hit.body.accounts[0] as AccountRecord;
    expect(account.accountId).toBe(two.accountId);
    expect(account.devices.map((d) => d.number).sort()).toEqual(two.devices.map((d) => d.number).sort());
    expect(JSON.stringify(hit.body)).not.toContain(two.nationalId);

    const unknown = makeNationalId('110101', '19800101', '123');
    expect(await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, unknown), keyId: key.keyId })).toMatchObject({
      status: 200,
      body: { accounts: [] },
    });
    // a hash under another key does not match
    expect((await hq.post('/v1/accounts/by-id', { idHash: hmacHex(Buffer.alloc(32, 1).toString('base64'), two.nationalId), keyId: key.keyId })).body).toEqual({ accounts: [] });
    expect((await hq.post('/v1/accounts/by-id', { idHash: 'zz', keyId: key.keyId })).status).toBe(400);
    expect((await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, two.nationalId), keyId: 'nope' })).status).toBe(422);
    expect((await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, two.nationalId), keyId: key.keyId }, null)).status).toBe(401);
  });

  it('finds an account created later, and every account under a newly rotated key', async () => {
    const nationalId = makeNationalId('440305', '19920202', '045');
    const created = await hq.admin('POST', '/admin/accounts', {
      holderName: '测试人',
      nationalId,
      devices: [{ kind: 'imei', number: makeImei('86073104999999'), planCode: 'M30G', expiresAt: '2027-06-01T00:00:00Z' }],
    });
    expect(created.status).toBe(201);
    let key = await currentKey();
    const found = await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, nationalId), keyId: key.keyId });
    expect(found.body.accounts.map((a: AccountRecord) => a.accountId)).toEqual([created.body.account.accountId]);

    expect((await hq.admin('POST', '/admin/store-keys/rotate')).status).toBe(201);
    key = await currentKey();
    for (const id of [nationalId, DEMO_ACCOUNTS[0]!.nationalId]) {
      const r = await hq.post('/v1/accounts/by-id', { idHash: hmacHex(key.keyBase64, id), keyId: key.keyId });
      expect(r.body.accounts).toHaveLength(1);
    }
  });

  it('fills an empty hash index at start-up (a database from before schema v13)', async () => {
    const key = await currentKey();
    await hq.store.run('DELETE FROM account_id_hashes');
    const idHash = hmacHex(key.keyBase64, DEMO_ACCOUNTS[0]!.nationalId);
    expect((await hq.post('/v1/accounts/by-id', { idHash, keyId: key.keyId })).body).toEqual({ accounts: [] });
    await hq.close();
    closed = true;
    const again = await startTestHq({ backend, dataDir: hq.dir, databaseUrl: hq.databaseUrl });
    try {
      expect(await again.scalar('SELECT count(*) AS n FROM account_id_hashes')).toBe(DEMO_ACCOUNTS.length);
      const r = await again.post('/v1/accounts/by-id', { idHash, keyId: key.keyId }, hq.token);
      expect(r.body.accounts.map((a: AccountRecord) => a.accountId)).toEqual([DEMO_ACCOUNTS[0]!.accountId]);
    } finally {
      await again.stop();
    }
  });
});
