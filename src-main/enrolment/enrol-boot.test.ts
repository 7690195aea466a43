import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { bootCounter, type RunningCounter } from '../runtime';
import { DEMO_ACCOUNTS, renewalEvent, startTestHq, type TestHq } from '../../test-support/hq';
import { createLedgerRepo } from '../db/repos/ledger-repo';

/**
 * Issue 17 items 1 and 2 in the main process: a store start (no HQ configured, no demo services) serves the
 * enrolment app; a code from a real HQ over real HTTP enrols it, the token lands in the 0600 file, restart
 * keeps it, and a replaced PC's ledger continues after HQ's last numbers.
 */
const logger = createLogger({ name: 'test', level: 'silent', stdout: false });
const call = (r: RunningCounter, name: string, input: unknown = {}) => r.dispatch(name, input, { transport: 'test' });
/** Closing while the first accounts snapshot imports races its bookkeeping (accounts-import.ts): let it settle. */
async function settle(r: RunningCounter): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const s = await call(r, 'system.status');
    if (s.ok && (s.result as { sync: { snapshot: { state: string } } }).sync.snapshot.state === 'done') return;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('store start and enrolment', () => {
  let hq: TestHq;
  let dir: string;
  const running: RunningCounter[] = [];
  const boot = async (dataDir = path.join(dir, 'terminal')) => {
    const r = await bootCounter(loadConfig({ COUNTER_DATA_DIR: dataDir, COUNTER_PRINTER: 'tcp://127.0.0.1:9' }), logger);
    running.push(r);
    return r;
  };
  const issue = async (terminalCode = 'T02') => (await hq.admin('POST', '/admin/enrolment-codes', { storeCode: 'S001', terminalCode })).body.enrolment as { code: string };

  beforeEach(async () => {
    hq = await startTestHq();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enrol-boot-'));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await hq.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('not enrolled: status says so, everything else is refused, no HQ was started', async () => {
    const r = await boot();
    expect(r.hqUrl).toBeNull();
    expect(r.embedded.hq).toBe(false);
    const status = await call(r, 'system.status');
    expect(status).toMatchObject({ ok: true, result: { enrolled: false, enrolment: null, terminal: null } });
    expect(await call(r, 'auth.listClerks')).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED', messageKey: 'enrol:notEnrolled' } });
    expect(await call(r, 'system.health')).toMatchObject({ ok: true, result: { ok: true } });
  });

  it('refusals name the problem and change nothing: bad address, bad code, unknown, used, unreachable HQ', async () => {
    const r = await boot();
    const file = path.join(dir, 'terminal', 'enrolment.json');
    const { code } = await issue();
    expect(await call(r, 'enrol.submit', { hqUrl: 'hq.example', code })).toMatchObject({ ok: false, error: { messageKey: 'enrol:hqUrlInvalid', field: 'hqUrl' } });
    expect(await call(r, 'enrol.submit', { hqUrl: hq.url, code: 'ABC' })).toMatchObject({ ok: false, error: { messageKey: 'enrol:codeFormat', field: 'code' } });
    expect(await call(r, 'enrol.submit', { hqUrl: hq.url, code: 'ABCD-EFGH-JKMN-PQRS' })).toMatchObject({ ok: false, error: { code: 'ENROL_CODE_UNKNOWN', messageKey: 'enrol:codeUnknown' } });
    expect(await call(r, 'enrol.submit', { hqUrl: 'http://127.0.0.1:9', code })).toMatchObject({ ok: false, error: { messageKey: 'enrol:hqUnreachable', params: { hqUrl: 'http://127.0.0.1:9' } } });
    expect(fs.existsSync(file)).toBe(false);
    // the code was not used by any of those: another terminal uses it; then this one is told it is used
    expect((await hq.post('/v1/enrol', { code }, null)).status).toBe(200);
    expect(await call(r, 'enrol.submit', { hqUrl: hq.url, code })).toMatchObject({ ok: false, error: { code: 'ENROL_CODE_USED', messageKey: 'enrol:codeUsed' } });
    expect(fs.existsSync(file)).toBe(false);
    expect(await call(r, 'system.status')).toMatchObject({ ok: true, result: { enrolled: false } });
  });

  it('enrols with a code (or its scanned QR payload), keeps the token 0600, and a restart keeps the enrolment', async () => {
    const r = await boot();
    const { code } = await issue();
    const qr = `counter-enrol:?${new URLSearchParams({ code, hq: hq.url })}`;
    // an empty address with the QR in the code field: the contract asks for the address first
    expect(await call(r, 'enrol.submit', { hqUrl: '', code: qr })).toMatchObject({ ok: false, error: { messageKey: 'enrol:hqUrlRequired' } });
    const ok = await call(r, 'enrol.submit', { hqUrl: hq.url, code: qr });
    expect(ok).toMatchObject({ ok: true, result: { storeCode: 'S001', terminalCode: 'T02', reenrolled: false, lastReceiptSeq: 0, protection: 'file0600' } });
    const file = path.join(dir, 'terminal', 'enrolment.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = (JSON.parse(fs.readFileSync(file, 'utf8')) as { token: string }).token;
    expect((await hq.get('/v1/health', token)).body).toMatchObject({ ok: true, terminal: 'T02' });
    expect(await call(r, 'system.status')).toMatchObject({ ok: true, result: { enrolled: true, enrolment: { via: 'code', hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T02', protection: 'file0600' } } });
    expect(await call(r, 'enrol.submit', { hqUrl: hq.url, code })).toMatchObject({ ok: false, error: { messageKey: 'enrol:alreadyEnrolled' } });
    await settle(r);
    await r.close();
    running.splice(0);

    const again = await boot();
    await settle(again);
    expect(again.hqUrl).toBe(hq.url);
    expect(await call(again, 'system.status')).toMatchObject({ ok: true, result: { enrolled: true, enrolment: { via: 'code', terminalCode: 'T02' } } });
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { token: string }).token).toBe(token);
  });

  it('a replaced PC continues after HQ’s last receipt and event numbers, once (a restart does not move them)', async () => {
    const a = DEMO_ACCOUNTS[0]!;
    await hq.post('/v1/events', { events: [renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000041' }, 57)] });
    const r = await boot();
    const { code } = await issue('T01');
    expect(await call(r, 'enrol.submit', { hqUrl: hq.url, code })).toMatchObject({ ok: true, result: { terminalCode: 'T01', reenrolled: true, lastReceiptSeq: 41 } });
    const facts = () => createLedgerRepo(r.app.ctx!.db).facts();
    expect(facts()).toMatchObject({ lastReceiptSeq: 41, lastEventSeq: 57 });
    expect(facts().ledgerId).toEqual(expect.any(String));
    expect(r.app.ctx!.ledger.status().state).toBe('ok');
    const ledgerId = facts().ledgerId;
    await settle(r);
    await r.close();
    running.splice(0);
    const again = await boot();
    await settle(again);
    expect(createLedgerRepo(again.app.ctx!.db).facts()).toMatchObject({ lastReceiptSeq: 41, lastEventSeq: 57, ledgerId });
    expect(again.app.ctx!.ledger.status().state).toBe('ok');
  });

  it('the demo and a by-hand setup report what is true: enrolled via demo (embedded HQ) or via settings, and never read an enrolment file', async () => {
    const dataDir = path.join(dir, 'demo');
    const demo = await bootCounter(loadConfig({ COUNTER_DATA_DIR: dataDir, COUNTER_PRINTER: 'tcp://127.0.0.1:9' }), logger, {
      startHq: async () => ({ url: hq.url, terminalToken: hq.token, close: async () => undefined }),
    });
    running.push(demo);
    expect(demo.embedded.hq).toBe(true);
    expect(await call(demo, 'system.status')).toMatchObject({ ok: true, result: { enrolled: true, enrolment: { via: 'demo', hqUrl: hq.url, protection: null } } });
    await settle(demo);
    await demo.close();
    running.splice(0);
    const byHand = await bootCounter(loadConfig({ COUNTER_DATA_DIR: dataDir, COUNTER_PRINTER: 'tcp://127.0.0.1:9', COUNTER_HQ_URL: hq.url, COUNTER_HQ_TOKEN: hq.token }), logger);
    running.push(byHand);
    expect(await call(byHand, 'system.status')).toMatchObject({ ok: true, result: { enrolled: true, enrolment: { via: 'settings', hqUrl: hq.url } } });
    await settle(byHand);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('enrolment'))).toEqual([]);
  });
});
