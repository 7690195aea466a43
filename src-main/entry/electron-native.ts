import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronNativeDir } from '../../src-node/db/native-binding';

/**
 * Make sure a better-sqlite3 build for the installed Electron's ABI exists beside (not instead of) the
 * Node build, so `npm test` and `npm start` never fight over node_modules. Tries the prebuilt binary
 * first (prebuild-install), then compiles with node-gyp against Electron's headers. Needs internet once.
 */
export function ensureElectronNative(appRoot: string, electronBinary: string): string {
  const modules = execFileSync(electronBinary, ['-p', 'process.versions.modules'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  }).trim();
  const targetDir = electronNativeDir(appRoot, modules);
  const target = path.join(targetDir, 'better_sqlite3.node');
  if (fs.existsSync(target)) return target;

  const electronVersion = (JSON.parse(fs.readFileSync(path.join(appRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (ABI ${modules}), once…`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-native-'));
  const pkgDir = path.join(work, 'better-sqlite3');
  fs.cpSync(path.join(appRoot, 'node_modules', 'better-sqlite3'), pkgDir, { recursive: true });
  fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });
  const run = (cmd: string, args: string[]) => execFileSync(process.execPath, [cmd, ...args], { cwd: pkgDir, stdio: 'inherit' });
  try {
    run(require.resolve('prebuild-install/bin.js', { paths: [path.join(appRoot, 'node_modules', 'better-sqlite3')] }), [
      '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform,
    ]);
  } catch {
    run(require.resolve('node-gyp/bin/node-gyp.js', { paths: [appRoot] }), [
      'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers', '--runtime=electron',
    ]);
  }
  fs.mkdirSync(targetDir, { recursive: true });
  fs.copyFileSync(path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node'), target);
  fs.rmSync(work, { recursive: true, force: true });
  return target;
}
