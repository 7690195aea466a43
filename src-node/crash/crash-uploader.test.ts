import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../test-support/hq';
import { createCrashUploader, pendingDumps } from './crash-uploader';

/**
 * The crash-dump uploader against the reference HQ over loopback: dumps in a temp crash folder (Crashpad's
 * layout) reach HQ and leave the disk only after HQ's 2xx; HQ down or answering 503 keeps them for the
 * next try, which sends them once.
 */
const quiet = { info: () => undefined, warn: () => undefined };

describe('crash uploader', () => {
  let hq: TestHq;
  let dir: string;
  let terminalId: string;
  beforeEach(async () => {
    hq = await startTestHq();
    terminalId = (await hq.get('/v1/ledger')).body.terminalId as string;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
    fs.mkdirSync(path.join(dir, 'completed'));
    fs.writeFileSync(path.join(dir, 'completed', 'a1b2.dmp'), Buffer.from('MDMP first dump'));
    fs.writeFileSync(path.join(dir, 'completed', 'c3d4.dmp'), Buffer.from('MDMP second dump'));
    fs.writeFileSync(path.join(dir, 'settings.dat'), 'crashpad settings, not a dump');
  });
  afterEach(async () => {
    await hq.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const listed = async () => (await hq.admin('GET', `/admin/terminals/${terminalId}/crash-reports`)).body.crashReports as { fileName: string }[];

  it('sends every dump, removes each after HQ’s 2xx, leaves other files alone', async () => {
    const up = createCrashUploader({ dir, hq: { baseUrl: hq.url, token: hq.token }, logger: quiet });
    const r = await up.uploadPending();
    expect(r.sent.map((f) => path.basename(f)).sort()).toEqual(['a1b2.dmp', 'c3d4.dmp']);
    expect(pendingDumps(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'settings.dat'))).toBe(true);
    expect((await listed()).map((c) => c.fileName).sort()).toEqual(['a1b2.dmp', 'c3d4.dmp']);
  });

  it('HQ answering 503 or not listening: the dumps stay; the next try sends them, once', async () => {
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 1, pathPrefix: '/v1/crash-reports' });
    const up = createCrashUploader({ dir, hq: { baseUrl: hq.url, token: hq.token }, logger: quiet });
    await expect(up.uploadPending()).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(pendingDumps(dir)).toHaveLength(2);
    expect(await listed()).toHaveLength(0);

    const offline = createCrashUploader({ dir, hq: { baseUrl: 'http://127.0.0.1:9', token: hq.token }, logger: quiet });
    await expect(offline.uploadPending()).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    expect(pendingDumps(dir)).toHaveLength(2);

    // the loop: started offline-proof on a short backoff, it gets through as soon as HQ answers
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 2, retryAfterSeconds: 1, pathPrefix: '/v1/crash-reports' });
    const looping = createCrashUploader({ dir, hq: { baseUrl: hq.url, token: hq.token }, logger: quiet, backoff: { baseMs: 50, capMs: 200 } });
    looping.start();
    const deadline = Date.now() + 10_000;
    while (pendingDumps(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await looping.stop();
    expect(pendingDumps(dir)).toEqual([]);
    expect(await listed()).toHaveLength(2);
  });

  it('a dump HQ refuses (4xx) stays on disk and does not block the others', async () => {
    fs.writeFileSync(path.join(dir, 'completed', 'empty.dmp'), '');
    const wrongToken = createCrashUploader({ dir, hq: { baseUrl: hq.url, token: 'hqt_not-a-terminal' }, logger: quiet });
    const r = await wrongToken.uploadPending();
    expect(r.sent).toEqual([]);
    expect(r.refused).toHaveLength(2);
    expect(pendingDumps(dir)).toHaveLength(3);
  });
});
