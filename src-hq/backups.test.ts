import { afterEach, beforeEach, expect, it } from 'vitest';
import { BackupInfo, BackupListResponse, CrashReportInfo } from '../src-shared/hq-protocol/schemas';
import { openBackup, sealBackup, type BackupSecret } from '../src-node/backup/sealed-backup';
import { startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

/**
 * Issue 17 item 6 (HQ side): sealed ledger backups and crash dumps stored per terminal, over real HTTP
 * on both backends. HQ reads only the public header; a backup naming another terminal, or bytes that
 * are not a sealed backup, are refused with nothing stored; the same bytes sent twice are stored once.
 */
describeEachBackend('HQ stores terminals’ backups and crash reports', (backend) => {
  let hq: TestHq;
  let terminalId: string;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
    terminalId = (await hq.get('/v1/ledger')).body.terminalId as string;
  });
  afterEach(async () => {
    await hq.stop();
  });

  const key: BackupSecret = { source: 'hqToken', secret: 'hqt_example-token-for-the-test' };
  const seal = (forTerminal: string, createdAt: string, plain = Buffer.from(`SQLite format 3\0 ${createdAt}`)) =>
    sealBackup({ plain, terminalId: forTerminal, schemaVersion: 12, createdAt, key, ledger: { ledgerId: 'L1', sales: 3, lastReceiptSeq: 3, lastReceiptNo: 'S001-T01-20261203-000003', lastEventSeq: 5 } });

  async function upload(body: Buffer, token = hq.token, path = '/v1/backups') {
    const r = await fetch(hq.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }

  it('a sealed backup is stored, listed newest first (terminal and admin), served back byte for byte, and a repeat is a duplicate', async () => {
    const older = seal(terminalId, '2026-12-01T02:00:00.000Z');
    const newer = seal(terminalId, '2026-12-02T02:00:00.000Z');
    const r1 = await upload(older);
    expect(r1.status).toBe(201);
    const first = BackupInfo.parse(r1.body.backup);
    expect(first).toMatchObject({ terminalId, schemaVersion: 12, keySource: 'hqToken', sales: 3, lastReceiptSeq: 3, lastReceiptNo: 'S001-T01-20261203-000003', lastEventSeq: 5, sizeBytes: older.length });
    expect((await upload(newer)).status).toBe(201);
    const again = await upload(older);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, backup: { backupId: first.backupId } });
    expect(await hq.scalar('SELECT count(*) AS n FROM terminal_backups')).toBe(2);

    const mine = BackupListResponse.parse((await hq.get('/v1/backups')).body).backups;
    expect(mine.map((b) => b.createdAt)).toEqual(['2026-12-02T02:00:00.000Z', '2026-12-01T02:00:00.000Z']);
    const adminList = await hq.admin('GET', `/admin/terminals/${terminalId}/backups`);
    expect(adminList.status).toBe(200);
    expect(BackupListResponse.parse(adminList.body).backups).toEqual(mine);

    const dl = await fetch(`${hq.url}/v1/backups/${first.backupId}`, { headers: { authorization: `Bearer ${hq.token}` } });
    expect(dl.status).toBe(200);
    const bytes = Buffer.from(await dl.arrayBuffer());
    expect(bytes.equals(older)).toBe(true);
    expect(openBackup(bytes, { terminalId, keys: [key] }).plain.toString()).toContain('2026-12-01');
  });

  it('another terminal neither sees nor downloads the backup; a backup naming another terminal or plain bytes are refused, nothing stored', async () => {
    const other = await hq.admin('POST', '/admin/terminals', { storeCode: 'S001', code: 'T09' });
    const otherToken = other.body.token as string;
    const otherId = other.body.terminal.terminalId as string;
    const stored = BackupInfo.parse((await upload(seal(terminalId, '2026-12-01T02:00:00.000Z'))).body.backup);

    expect(BackupListResponse.parse((await hq.get('/v1/backups', otherToken)).body).backups).toEqual([]);
    expect((await hq.get(`/v1/backups/${stored.backupId}`, otherToken)).status).toBe(404);

    const foreign = await upload(seal(terminalId, '2026-12-02T02:00:00.000Z'), otherToken);
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(String((foreign.body.error as { message: string }).message)).toContain(otherId);
    const garbage = await upload(Buffer.from('SQLite format 3\0 not sealed'));
    expect(garbage.status).toBe(400);
    expect(await hq.scalar('SELECT count(*) AS n FROM terminal_backups')).toBe(1);
    expect((await hq.admin('GET', '/admin/terminals/no-such-terminal/backups')).status).toBe(404);
    expect((await upload(seal(terminalId, '2026-12-03T02:00:00.000Z'), 'hqt_wrong-token')).status).toBe(401);
  });

  it('crash dumps: stored per terminal under their file name, listed and downloadable by the admin, a repeat stored once, a bad name refused', async () => {
    const dump = Buffer.from('MDMP\x93\xa7 fake minidump body');
    const r = await upload(dump, hq.token, '/v1/crash-reports?name=0b3c1a2e-dump.dmp');
    expect(r.status).toBe(201);
    const info = CrashReportInfo.parse(r.body.crashReport);
    expect(info).toMatchObject({ terminalId, fileName: '0b3c1a2e-dump.dmp', sizeBytes: dump.length });
    expect((await upload(dump, hq.token, '/v1/crash-reports?name=0b3c1a2e-dump.dmp')).body).toMatchObject({ duplicate: true });
    expect((await upload(dump, hq.token, '/v1/crash-reports?name=../../etc/passwd')).status).toBe(400);
    expect((await upload(Buffer.alloc(0), hq.token, '/v1/crash-reports?name=empty.dmp')).status).toBe(400);

    const list = await hq.admin('GET', `/admin/terminals/${terminalId}/crash-reports`);
    expect(list.body.crashReports).toEqual([info]);
    const dl = await fetch(`${hq.url}/admin/crash-reports/${info.reportId}`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(dl.headers.get('content-disposition')).toContain('0b3c1a2e-dump.dmp');
    expect(Buffer.from(await dl.arrayBuffer()).equals(dump)).toBe(true);
  });
});
