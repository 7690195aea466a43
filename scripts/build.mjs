// Builds what the app runs: Node/Electron bundles with esbuild, the renderer with Vite.
// `--if-needed` skips the build when every output is newer than every source file.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

const nodeEntries = [
  ['src-main/entry/main.ts', 'main/main.cjs'],
  ['tools/demo/start.ts', 'main/start.cjs'],
  ['tools/demo/web-entry.ts', 'main/web.cjs'],
  ['src-main/entry/web-entry.ts', 'main/kiosk.cjs'],
  ['tools/virtual-printer/cli.ts', 'main/virtual-printer.cjs'],
  ['src-hq/cli.ts', 'hq/hq.cjs'],
  ['bench/bench.ts', 'bench/bench.cjs'],
  ['bench/scale.ts', 'bench/scale.cjs'],
  ['src-main/entry/audit-verify.ts', 'main/audit-verify.cjs'],
  ['tools/payment-gateway/cli.ts', 'tools/payment-gateway.cjs'],
  ['tools/id-reader/cli.ts', 'tools/id-reader.cjs'],
];
const outputs = [...nodeEntries.map(([, out]) => out), 'main/preload.cjs', 'renderer/index.html'].map((o) => path.join(dist, o));

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ['src-main', 'src-node', 'src-shared', 'src-hq', 'src-renderer', 'tools', 'test-support', 'bench']) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  for (const f of ['package.json', 'vite.config.ts', 'scripts/build.mjs']) newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  return newest;
}

function upToDate() {
  if (!outputs.every((o) => fs.existsSync(o))) return false;
  const oldestOut = Math.min(...outputs.map((o) => fs.statSync(o).mtimeMs));
  return oldestOut >= newestSource();
}

if (process.argv.includes('--if-needed') && upToDate()) process.exit(0);

const started = Date.now();
const appVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // the app's version (src-main/app-version.ts), shown on the IT settings screen
  define: { 'process.env.COUNTER_APP_VERSION': JSON.stringify(appVersion) },
};
await Promise.all([
  ...nodeEntries.map(([entry, out]) =>
    esbuild({ ...common, entryPoints: [entry], outfile: path.join(dist, out), packages: 'external', external: ['electron'] }),
  ),
  // A sandboxed preload may only require('electron'): bundle everything else into it.
  esbuild({ ...common, entryPoints: ['src-main/entry/preload.ts'], outfile: path.join(dist, 'main/preload.cjs'), external: ['electron'] }),
]);
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
