import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseEnrolmentQr } from '../src-shared/domain/enrolment-code';
import { EnrolResponse } from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

/**
 * Issue 17 item 2 (HQ side): one-time enrolment codes over real HTTP on both backends — issued for a store
 * and terminal number, used once for a token, refused when used, expired, withdrawn or unknown (changing
 * nothing), and a re-enrolment of a replaced PC answers the terminal's last receipt and event sequence.
 */
const a = DEMO_ACCOUNTS[0]!;

describeEachBackend('HQ enrolment codes', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  const issue = async (body: Record<string, unknown>) => hq.admin('POST', '/admin/enrolment-codes', body);
  const enrol = async (code: string) => hq.post('/v1/enrol', { code }, null);
  const terminalCount = async () => Number(await hq.scalar('SELECT count(*) AS n FROM terminals'));

  it('issues a code as text and QR for a new terminal; using it creates the terminal and answers its token', async () => {
    const r = await issue({ storeCode: 'S001', terminalCode: 'T02' });
    expect(r.status).toBe(201);
    const e = r.body.enrolment;
    expect(e.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(e).toMatchObject({ storeCode: 'S001', terminalCode: 'T02', terminalId: 'S001-T02', replacesTerminal: false, hqUrl: hq.url });
    expect(Date.parse(e.expiresAt) - hq.clock.now.getTime()).toBe(24 * 3600_000);
    expect(parseEnrolmentQr(e.qr.payload)).toEqual({ code: e.code, hqUrl: hq.url });
    expect(e.qr.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(e.qr.text.split('\n').length).toBeGreaterThan(10);
    // HQ keeps only the hash: the list never shows the code
    const list = await hq.admin('GET', '/admin/enrolment-codes');
    expect(list.body.enrolmentCodes).toEqual([expect.objectContaining({ codeId: e.codeId, terminalCode: 'T02', state: 'unused', usedAt: null })]);
    expect(JSON.stringify(list.body)).not.toContain(e.code);
    expect(await hq.scalar('SELECT count(*) AS n FROM enrolment_codes WHERE code_sha256 LIKE ?', [`%${e.code}%`])).toBe(0);
    expect(await terminalCount()).toBe(1); // not created before the code is used

    const used = await enrol(e.code.toLowerCase().replace(/-/g, ' '));
    expect(used.status).toBe(200);
    const answer = EnrolResponse.parse(used.body);
    expect(answer).toMatchObject({ reenrolled: false, terminal: { terminalId: 'S001-T02', code: 'T02', active: true }, store: { code: 'S001' }, ledger: { lastReceiptSeq: 0, lastEventSeq: 0, epoch: 0 } });
    const health = await hq.get('/v1/health', answer.token);
    expect(health.body).toMatchObject({ ok: true, terminal: 'T02' });
    const after = await hq.admin('GET', '/admin/enrolment-codes');
    expect(after.body.enrolmentCodes[0]).toMatchObject({ state: 'used', usedBy: 'S001-T02' });
  });

  it('a used code is refused and changes nothing: the first token stays the only one', async () => {
    const { code } = (await issue({ storeCode: 'S001', terminalCode: 'T02' })).body.enrolment;
    const first = EnrolResponse.parse((await enrol(code)).body);
    const again = await enrol(code);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ENROL_CODE_USED');
    expect((await hq.get('/v1/health', first.token)).status).toBe(200);
    expect(await terminalCount()).toBe(2);
  });

  it('an expired code is refused, stays unused and creates no terminal; the TTL is configurable per code', async () => {
    const { code, expiresAt } = (await issue({ storeCode: 'S001', terminalCode: 'T02', ttlMinutes: 30 })).body.enrolment;
    expect(Date.parse(expiresAt) - hq.clock.now.getTime()).toBe(30 * 60_000);
    hq.clock.now = new Date(Date.parse(expiresAt));
    const r = await enrol(code);
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('ENROL_CODE_EXPIRED');
    expect(await terminalCount()).toBe(1);
    expect((await hq.admin('GET', '/admin/enrolment-codes')).body.enrolmentCodes[0]).toMatchObject({ state: 'expired', usedAt: null });
  });

  it('unknown, malformed and withdrawn codes are refused as unknown', async () => {
    expect((await enrol('ABCD-EFGH-JKMN-PQRS')).body.error.code).toBe('ENROL_CODE_UNKNOWN');
    expect((await enrol('not a code')).status).toBe(404);
    const { code, codeId } = (await issue({ storeCode: 'S001', terminalCode: 'T03' })).body.enrolment;
    const revoked = await hq.admin('DELETE', `/admin/enrolment-codes/${codeId}`);
    expect(revoked.body.enrolmentCode).toMatchObject({ state: 'revoked' });
    expect((await hq.admin('DELETE', `/admin/enrolment-codes/${codeId}`)).status).toBe(409);
    const r = await enrol(code);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ENROL_CODE_UNKNOWN');
    expect(await terminalCount()).toBe(1);
  });

  it('re-enrolling a replaced PC keeps the sequence: HQ answers the last receipt and event numbers, the old token stops working', async () => {
    await hq.post('/v1/events', { events: [renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000007' }, 3)] });
    const issued = (await issue({ storeCode: 'S001', terminalCode: 'T01' })).body.enrolment;
    expect(issued.replacesTerminal).toBe(true);
    const answer = EnrolResponse.parse((await enrol(issued.code)).body);
    expect(answer).toMatchObject({ reenrolled: true, terminal: { terminalId: 'S001-T01' }, ledger: { lastReceiptSeq: 7, lastEventSeq: 3, epoch: 1 } });
    expect((await hq.get('/v1/health', hq.token)).status).toBe(401); // the old PC's token
    const ledger = await hq.get('/v1/ledger', answer.token);
    expect(ledger.body).toMatchObject({ lastReceiptSeq: 7, lastEventSeq: 3, epoch: 1, auditKey: answer.ledger.auditKey });
    // the new PC continues after them: its next sale is accepted, a reused number is not
    const next = await hq.post('/v1/events', { events: [renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261126-000008' }, 4)] }, answer.token);
    expect(next.body.results[0]).toMatchObject({ status: 'confirmed' });
    const reused = await hq.post('/v1/events', { events: [renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261126-000007' }, 5)] }, answer.token);
    expect(reused.body.results[0]).toMatchObject({ status: 'rejected', code: 'RECEIPT_NUMBER_USED' });
  });

  it('two terminals racing with one code: exactly one gets a token', async () => {
    const { code } = (await issue({ storeCode: 'S001', terminalCode: 'T02' })).body.enrolment;
    const results = await Promise.all([enrol(code), enrol(code), enrol(code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await terminalCount()).toBe(2);
  });

  it('refuses bad requests: unknown store, bad terminal number, disabled terminal, no admin token', async () => {
    expect((await issue({ storeCode: 'S999', terminalCode: 'T02' })).status).toBe(404);
    expect((await issue({ storeCode: 'S001', terminalCode: 'T 2' })).status).toBe(400);
    expect((await issue({ storeCode: 'S001', terminalCode: 'T02', ttlMinutes: 0 })).status).toBe(400);
    await hq.admin('POST', '/admin/terminals/S001-T01/disable');
    expect((await issue({ storeCode: 'S001', terminalCode: 'T01' })).body.error.code).toBe('TERMINAL_DISABLED');
    const r = await fetch(`${hq.url}/admin/enrolment-codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
  });
});
