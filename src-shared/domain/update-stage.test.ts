import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, feedYaml, inStage, isArtifactName, platformOfArtifact, releaseForTerminal, rolloutBucket } from './update-stage';

const r = (version: string, storeGroups: string[], percent: number) => ({ version, rollout: { storeGroups, percent } });

describe('the staging rule', () => {
  it('a listed store group is in the stage whatever its bucket; others by bucket < percent', () => {
    const t = { terminalId: 'S002-T01', groupId: 'pilot' };
    expect(inStage('stable', r('1.1.0', ['pilot'], 0), t)).toBe(true);
    expect(inStage('stable', r('1.1.0', ['north'], 0), t)).toBe(false);
    expect(inStage('stable', r('1.1.0', [], 100), { terminalId: 'x', groupId: null })).toBe(true);
    expect(inStage('stable', r('1.1.0', [], 0), { terminalId: 'x', groupId: null })).toBe(false);
  });

  it('the newest release whose stage the terminal is in; outside the newest stage, the one before', () => {
    const releases = [r('1.0.0', [], 100), r('1.2.0', ['pilot'], 0), r('1.1.0', [], 100)];
    expect(releaseForTerminal('stable', releases, { terminalId: 'a', groupId: 'pilot' })?.version).toBe('1.2.0');
    expect(releaseForTerminal('stable', releases, { terminalId: 'a', groupId: null })?.version).toBe('1.1.0');
    expect(releaseForTerminal('stable', [r('1.0.0', ['pilot'], 0)], { terminalId: 'a', groupId: null })).toBeNull();
  });

  it('buckets are 0–99, stable, and widening a percentage never drops a terminal', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (id, p1, p2) => {
        const b = rolloutBucket('stable', '1.0.0', id);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(100);
        expect(rolloutBucket('stable', '1.0.0', id)).toBe(b);
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const t = { terminalId: id, groupId: null };
        if (inStage('stable', r('1.0.0', [], lo), t)) expect(inStage('stable', r('1.0.0', [], hi), t)).toBe(true);
      }),
    );
    // spread: 1000 ids at 30 % land near 300
    let n = 0;
    for (let i = 0; i < 1000; i++) if (rolloutBucket('stable', '1.0.0', `S001-T${i}`) < 30) n++;
    expect(n).toBeGreaterThan(240);
    expect(n).toBeLessThan(360);
  });
});

describe('versions, names, feed file', () => {
  it('orders semantic versions, a pre-release before its release', () => {
    const sorted = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(sorted);
    expect(() => compareVersions('v1', '1.0.0')).toThrow();
  });

  it('artifact names: no paths, no feed file names; platforms by extension', () => {
    for (const bad of ['../x.exe', 'a/b.exe', 'latest.yml', 'latest-linux.yml', '.hidden', 'a..exe', '']) expect(isArtifactName(bad)).toBe(false);
    for (const ok of ['Counter-Terminal-Setup-1.0.0.exe', 'Counter-Terminal-1.0.0.AppImage', 'x.exe.blockmap']) expect(isArtifactName(ok)).toBe(true);
    expect(['a.exe', 'a.msi', 'a.AppImage', 'a.deb', 'a.dmg', 'a.zip', 'a.exe.blockmap'].map(platformOfArtifact)).toEqual(['win', 'win', 'linux', 'linux', 'mac', 'mac', null]);
  });

  it('feed YAML quotes notes that would break YAML', () => {
    const y = feedYaml({ version: '1.0.0', publishedAt: '2026-01-01T00:00:00.000Z', releaseNotes: 'a: "b"\n- c' }, [{ name: 'a.exe', sha512: 'abc', size: 1 }]);
    expect(y).toContain('releaseNotes: "a: \\"b\\"\\n- c"');
    expect(() => feedYaml({ version: '1.0.0', publishedAt: '', releaseNotes: '' }, [])).toThrow();
  });
});
