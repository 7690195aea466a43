import { expect, it } from 'vitest';
import { ChangesResponse, SnapshotLine, type AccountRecord } from '../src-shared/hq-protocol/schemas';
import { validateNationalId } from '../src-shared/domain/national-id';
import { validateDeviceNumber } from '../src-shared/domain/device-number';
import { startHq } from './server';
import { startTestHq, TEST_ADMIN_TOKEN } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

describeEachBackend('synthetic accounts and multi-page snapshots', (backend) => {
  it('seeds N valid accounts once, compacts the log, and streams them over several pages with resume', async () => {
    const hq = await startTestHq({ backend, syntheticAccounts: 2_500 });
    try {
      expect(hq.synthetic).toMatchObject({ added: 2_500, total: 2_500 });
      // Bulk import compacted the log: a terminal at cursor 0 must take a snapshot.
      expect(ChangesResponse.parse((await hq.get('/v1/changes?cursor=0')).body).resetRequired).toBe(true);

      const r = await hq.get('/v1/snapshot/accounts');
      const lines = r.text.trim().split('\n').map((l) => SnapshotLine.parse(JSON.parse(l)));
      expect(lines[0]).toMatchObject({ type: 'header', total: 2_507 });
      expect(lines.at(-1)).toEqual({ type: 'end', count: 2_507 });
      const accounts = lines.filter((l): l is AccountRecord & { type: 'account' } => l.type === 'account');
      const ids = accounts.map((a) => a.accountId);
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(2_507);
      const numbers = accounts.flatMap((a) => a.devices.map((d) => d.number));
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const n of numbers) expect(validateDeviceNumber(n).ok).toBe(true);
      expect(new Set(accounts.map((a) => a.idHash)).size).toBe(2_507);

      // Resume in the middle of the second page.
      const after = ids[1_499]!;
      const rest = (await hq.get(`/v1/snapshot/accounts?after=${after}`)).text.trim().split('\n').map((l) => JSON.parse(l));
      expect(rest[0]).toMatchObject({ type: 'header', total: 1_007 });
      expect(rest[1].accountId).toBe(ids[1_500]);
      expect(rest.at(-1)).toEqual({ type: 'end', count: 1_007 });
    } finally {
      await hq.stop();
    }
  });

  it('generates IDs that pass the national-ID rules, and does not add them twice on restart', async () => {
    const hq = await startTestHq({ backend, syntheticAccounts: 300 });
    const dir = hq.dir;
    const rows = await hq.store.all<{ national_id: string }>("SELECT national_id FROM accounts WHERE account_id > 'A000000007'");
    expect(rows).toHaveLength(300);
    for (const r of rows) expect(validateNationalId(r.national_id).ok).toBe(true);
    await hq.close();
    const again = await startHq({ port: 0, dataDir: dir, databaseUrl: hq.databaseUrl, adminToken: TEST_ADMIN_TOKEN, seed: 'demo', syntheticAccounts: 300 });
    try {
      expect(again.synthetic?.added).toBe(0);
      expect(again.demoTerminalToken).toBe(hq.token);
      expect(await again.store.get('SELECT count(*) AS n FROM accounts')).toEqual({ n: 307 });
    } finally {
      await again.close();
    }
  });
});
