/**
 * The store build carries no demo (issue 11, item 2): the files electron-builder packs (the `files:`
 * patterns of electron-builder.yml applied to the built dist/) hold none of the demo customers' national IDs
 * or device numbers, nor the reference HQ's demo clerk names. Runs on the output of `npm run build`, which
 * `npm test` runs before Vitest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS } from '../../src-hq/demo-data';

const ROOT = path.resolve(__dirname, '..', '..');

/** The `files:` list of electron-builder.yml: include and `!`-exclude globs, in order. */
function packPatterns(): string[] {
  const lines = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^files:\s*$/.test(l));
  expect(start, 'electron-builder.yml has a files: list').toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^\s*#/.test(l)) continue;
    const m = /^\s+-\s+"?([^"]+?)"?\s*$/.exec(l);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

function packedFiles(patterns: string[]): string[] {
  const all = fs.globSync('**/*', { cwd: ROOT, exclude: (p) => p === 'node_modules' || p === '.git' || p === '.cache' || p === 'release' }) as string[];
  return all.filter((rel) => {
    if (!fs.statSync(path.join(ROOT, rel)).isFile()) return false;
    let packed = false;
    for (const p of patterns) {
      if (p.startsWith('!')) {
        if (path.matchesGlob(rel, p.slice(1))) packed = false;
      } else if (path.matchesGlob(rel, p)) packed = true;
    }
    return packed;
  });
}

const MARKERS = [
  ...DEMO_ACCOUNTS.flatMap((a) => [a.nationalId, ...a.devices.map((d) => d.number)]),
  ...DEMO_CLERKS.map((c) => c.name),
];

describe('the store build', () => {
  it('packs the Electron main bundle and the renderer, and no demo composition', () => {
    const files = packedFiles(packPatterns());
    expect(files, 'run `npm run build` first').toContain('dist/main/main.cjs');
    expect(files.some((f) => f.startsWith('dist/renderer/'))).toBe(true);
    for (const f of files) expect(f).not.toMatch(/^dist\/(hq|tools|bench)\/|^dist\/main\/(start|web|virtual-printer)\.cjs$|\.map$/);
  });

  it('holds no demo national ID, device number or demo clerk in any packed file', () => {
    const files = packedFiles(packPatterns());
    expect(MARKERS.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of MARKERS) if (text.includes(m)) found.push(`${f}: ${m}`);
    }
    expect(found).toEqual([]);
  });

  it('the check can fail: the demo launcher bundle, which is not packed, does hold the markers', () => {
    const demo = fs.readFileSync(path.join(ROOT, 'dist/main/start.cjs'), 'utf8');
    expect(MARKERS.filter((m) => demo.includes(m)).length).toBeGreaterThan(0);
  });
});
