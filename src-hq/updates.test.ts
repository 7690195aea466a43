/**
 * Issue 17 item 5: HQ's update feed on both backends — artifacts uploaded and hashed, a release published to
 * a channel, electron-updater's feed files for a terminal, and the staging rule (store groups, percentage,
 * a terminal outside the stage gets the previous release).
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rolloutBucket } from '../src-shared/domain/update-stage';
import { startTestHq, TEST_ADMIN_TOKEN, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

const bytes = (label: string, n = 50_000) => Buffer.alloc(n, label);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

describeEachBackend('update feed', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  const upload = async (channel: string, version: string, name: string, body: Buffer) => {
    const r = await fetch(`${hq.url}/admin/updates/${channel}/${version}/files/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    });
    return { status: r.status, body: (await r.json()) as { file?: { sha512: string; size: number; platform: string | null }; error?: { code: string } } };
  };
  const feed = async (path: string, token: string | null = hq.token) => {
    const r = await fetch(hq.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.status, text: Buffer.from(await r.arrayBuffer()) };
  };
  const release = async (channel: string, version: string, rollout?: unknown) => {
    await upload(channel, version, `Counter-Terminal-Setup-${version}.exe`, bytes(version));
    return hq.admin('POST', `/admin/updates/${channel}/releases`, { version, ...(rollout ? { rollout } : {}) });
  };
  /** A new terminal in the store; its id and token. */
  const terminal = async (storeCode: string, code: string) => {
    const r = await hq.admin('POST', '/admin/terminals', { storeCode, code });
    expect(r.status).toBe(201);
    return { id: r.body.terminal.terminalId as string, token: r.body.token as string };
  };
  const offered = async (t: { token: string }, channel = 'stable') => {
    const r = await feed(`/updates/${channel}/latest.yml`, t.token);
    if (r.status === 404) return null;
    expect(r.status).toBe(200);
    return /^version: "([^"]+)"$/m.exec(r.text.toString('utf8'))?.[1] ?? 'unreadable';
  };

  it('serves latest.yml / latest-linux.yml and the artifacts of a published release, to terminals only', async () => {
    const exe = bytes('w', 70_000);
    const appImage = bytes('l', 60_000);
    const up = await upload('stable', '1.0.0', 'Counter-Terminal-Setup-1.0.0.exe', exe);
    expect(up).toMatchObject({ status: 201, body: { file: { sha512: sha512(exe), size: 70_000, platform: 'win' } } });
    expect((await upload('stable', '1.0.0', 'Counter-Terminal-Setup-1.0.0.exe.blockmap', bytes('b', 100))).body.file?.platform).toBeNull();
    await upload('stable', '1.0.0', 'Counter-Terminal-1.0.0.AppImage', appImage);
    // nothing is offered before it is published, and the files cannot be fetched
    expect((await feed('/updates/stable/latest.yml')).status).toBe(404);
    expect((await feed('/updates/stable/1.0.0/Counter-Terminal-Setup-1.0.0.exe')).status).toBe(404);

    const pub = await hq.admin('POST', '/admin/updates/stable/releases', { version: '1.0.0', releaseNotes: '第一版' });
    expect(pub.status).toBe(201);
    expect(pub.body.release).toMatchObject({ version: '1.0.0', rollout: { storeGroups: [], percent: 100 } });
    const publishedAt = pub.body.release.publishedAt as string;

    const win = await feed('/updates/stable/latest.yml');
    expect(win.status).toBe(200);
    expect(win.text.toString('utf8')).toBe(
      [
        'version: "1.0.0"',
        'files:',
        '  - url: "1.0.0/Counter-Terminal-Setup-1.0.0.exe"',
        `    sha512: "${sha512(exe)}"`,
        '    size: 70000',
        'path: "1.0.0/Counter-Terminal-Setup-1.0.0.exe"',
        `sha512: "${sha512(exe)}"`,
        `releaseDate: "${publishedAt}"`,
        'releaseNotes: "第一版"',
        '',
      ].join('\n'),
    );
    expect((await feed('/updates/stable/latest-linux.yml')).text.toString('utf8')).toContain(`url: "1.0.0/Counter-Terminal-1.0.0.AppImage"\n    sha512: "${sha512(appImage)}"`);
    expect((await feed('/updates/stable/latest-mac.yml')).status).toBe(404);
    expect((await feed('/updates/beta/latest.yml')).status).toBe(404);
    // the artifact, byte for byte, at the URL the feed names (relative to /updates/<channel>/)
    const file = await feed('/updates/stable/1.0.0/Counter-Terminal-Setup-1.0.0.exe');
    expect(file.status).toBe(200);
    expect(file.text.equals(exe)).toBe(true);
    // not without a terminal's token; not for a disabled terminal
    expect((await feed('/updates/stable/latest.yml', null)).status).toBe(401);
    expect((await feed('/updates/stable/latest.yml', 'not-a-token-000000')).status).toBe(401);
    const t = await terminal('S001', 'T09');
    expect(await offered(t)).toBe('1.0.0');
    await hq.admin('POST', `/admin/terminals/${t.id}/disable`);
    expect((await feed('/updates/stable/latest.yml', t.token)).status).toBe(403);
    // the admin side needs the admin token
    expect((await fetch(`${hq.url}/admin/updates/stable/releases`, { headers: { authorization: `Bearer ${hq.token}` } })).status).toBe(401);
  });

  it('refuses what would make the feed lie: a version not newer, changed files of a published version, bad names, no installer', async () => {
    expect((await release('stable', '1.2.0')).status).toBe(201);
    const older = await release('stable', '1.1.9');
    expect(older.status).toBe(409);
    expect(older.body.error.message).toMatch(/not newer than 1\.2\.0/);
    expect((await release('stable', '1.2.0')).status).toBe(409);
    const changed = await upload('stable', '1.2.0', 'Counter-Terminal-Setup-1.2.0.exe', bytes('x'));
    expect(changed).toMatchObject({ status: 409 });
    // the published bytes are still the first ones
    expect((await feed('/updates/stable/1.2.0/Counter-Terminal-Setup-1.2.0.exe')).text.equals(bytes('1.2.0'))).toBe(true);
    expect((await upload('stable', '1.3.0', 'latest.yml', bytes('y'))).status).toBe(400);
    expect((await upload('stable', '1.3.0', '..%2Fescape.exe', bytes('y'))).status).toBe(400);
    expect((await upload('Stable!', '1.3.0', 'a.exe', bytes('y'))).status).toBe(400);
    expect((await upload('stable', 'v1.3', 'a.exe', bytes('y'))).status).toBe(400);
    await upload('stable', '1.3.0', 'only.blockmap', bytes('y'));
    const noInstaller = await hq.admin('POST', '/admin/updates/stable/releases', { version: '1.3.0' });
    expect(noInstaller.status).toBe(400);
    expect(noInstaller.body.error.message).toMatch(/no installer/);
    expect((await release('stable', '1.3.0', { storeGroups: ['no-such-group'] })).status).toBe(404);
    expect((await release('stable', '1.3.0', { percent: 101 })).status).toBe(400);
    // the 1.2.0 release is still the one offered
    expect(await offered({ token: hq.token })).toBe('1.2.0');
  });

  it('stages a release per store group: inside the stage the new one, outside the previous one; widening reaches everyone', async () => {
    expect((await hq.admin('POST', '/admin/store-groups', { groupId: 'pilot', name: '试点门店' })).status).toBe(201);
    expect((await hq.admin('POST', '/admin/stores', { code: 'S002', name: '试点店', groupId: 'pilot' })).status).toBe(201);
    expect((await hq.admin('POST', '/admin/stores', { code: 'S003', name: '普通店' })).status).toBe(201);
    const pilot = await terminal('S002', 'T01');
    const other = await terminal('S003', 'T01');
    const demo = { token: hq.token };

    expect((await release('stable', '1.0.0')).status).toBe(201);
    const staged = await release('stable', '1.1.0', { storeGroups: ['pilot'] });
    expect(staged.body.release.rollout).toEqual({ storeGroups: ['pilot'], percent: 0 });
    expect(await offered(pilot)).toBe('1.1.0');
    expect(await offered(other)).toBe('1.0.0');
    expect(await offered(demo)).toBe('1.0.0');
    // the artifact URL in the feed each one gets works for it
    expect((await feed('/updates/stable/1.0.0/Counter-Terminal-Setup-1.0.0.exe', other.token)).status).toBe(200);
    const preview = await hq.admin('GET', `/admin/updates/stable/feed?terminalId=${other.id}`);
    expect(preview.body).toEqual({ terminalId: other.id, channel: 'stable', version: '1.0.0' });

    // a store moved into the group is in the stage at its next check
    expect((await hq.admin('PATCH', '/admin/stores/S003', { groupId: 'pilot' })).status).toBe(200);
    expect(await offered(other)).toBe('1.1.0');
    expect((await hq.admin('PATCH', '/admin/stores/S003', { groupId: null })).status).toBe(200);
    expect(await offered(other)).toBe('1.0.0');

    // widened to everyone
    const wide = await hq.admin('PATCH', '/admin/updates/stable/releases/1.1.0', { rollout: { percent: 100 } });
    expect(wide.body.release.rollout).toEqual({ storeGroups: [], percent: 100 });
    expect(await offered(other)).toBe('1.1.0');
    expect(await offered(demo)).toBe('1.1.0');
    // stopped (no groups, 0 %): everyone is back on 1.0.0's feed
    await hq.admin('PATCH', '/admin/updates/stable/releases/1.1.0', { rollout: { percent: 0 } });
    expect(await offered(pilot)).toBe('1.0.0');
    expect((await hq.admin('PATCH', '/admin/updates/stable/releases/9.9.9', { rollout: { percent: 0 } })).status).toBe(404);
    const list = await hq.admin('GET', '/admin/updates/stable/releases');
    expect(list.body.releases.map((r: { version: string }) => r.version)).toEqual(['1.1.0', '1.0.0']);
  });

  it('a percentage reaches the terminals whose bucket is below it, and widening keeps them', async () => {
    expect((await hq.admin('POST', '/admin/stores', { code: 'S004', name: '分店' })).status).toBe(201);
    const terminals = [];
    for (let i = 0; i < 24; i++) terminals.push(await terminal('S004', `T${String(i).padStart(2, '0')}`));
    expect((await release('stable', '2.0.0')).status).toBe(201);
    expect((await release('stable', '2.1.0', { percent: 30 })).status).toBe(201);
    const at30 = new Set<string>();
    for (const t of terminals) {
      const v = await offered(t);
      expect(v).toBe(rolloutBucket('stable', '2.1.0', t.id) < 30 ? '2.1.0' : '2.0.0');
      if (v === '2.1.0') at30.add(t.id);
    }
    await hq.admin('PATCH', '/admin/updates/stable/releases/2.1.0', { rollout: { percent: 70 } });
    const at70 = new Set<string>();
    for (const t of terminals) if ((await offered(t)) === '2.1.0') at70.add(t.id);
    for (const id of at30) expect(at70.has(id)).toBe(true);
    expect(at70.size).toBe(terminals.filter((t) => rolloutBucket('stable', '2.1.0', t.id) < 70).length);
    // 24 terminals: some in, some out at 30 % (the bucket spreads; a constant hash would fail one of these)
    expect(at30.size).toBeGreaterThan(0);
    expect(at30.size).toBeLessThan(terminals.length);
  });
});
