// Makes `npm start` / `npm test` work from a fresh clone: puts the Node major that the app's Electron bundles
// on PATH (from the npm registry's Node binary package when the system Node is older), installs node_modules
// when they are missing, older than package-lock.json or built for another Node, (with --for-tests) installs
// Debian's Chromium and a CJK font for the e2e specs, and then (with --run <script> [args…]) runs that npm
// script with that Node. Uses only Node built-ins, because it runs before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runAt = argv.indexOf('--run');
const own = runAt >= 0 ? argv.slice(0, runAt) : argv;
const forTests = own.includes('--for-tests');
const env = { ...process.env };

function run(cmd, args, extra = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extra }, shell: process.platform === 'win32' }).status === 0;
}

// The Node major Electron bundles (Electron 45 → Node 24): `engines.node` in package.json says it.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const wantMajor = Number(/(\d+)/.exec(pkg.engines?.node ?? '')?.[1] ?? 0);
const haveMajor = Number(process.versions.node.split('.')[0]);
let nodeBin = process.execPath;
if (wantMajor > 0 && haveMajor < wantMajor) {
  const plat = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const binPkg = `node-${plat}-${process.arch}`;
  const prefix = path.join(root, '.cache', 'node', `${binPkg}-${wantMajor}`);
  const pkgDir = path.join(prefix, 'node_modules', binPkg);
  const binDir = path.join(pkgDir, 'bin');
  nodeBin = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  if (!fs.existsSync(nodeBin)) {
    console.log(`The system Node ${process.version} is older than Node ${wantMajor} (the Node that Electron ${pkg.devDependencies?.electron ?? ''} bundles): installing Node ${wantMajor} from the npm registry's ${binPkg} package into ${path.relative(root, prefix)}/…`);
    fs.mkdirSync(prefix, { recursive: true });
    if (!run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${binPkg}@${wantMajor}`])) {
      console.error(`Could not install ${binPkg}@${wantMajor}. Install Node ${wantMajor} yourself and run again.`);
      process.exit(1);
    }
  }
  const v = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`Using Node ${v} from ${path.relative(root, binDir)} (the system Node ${process.version} is older than ${wantMajor}).`);
  env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ''}`;
  // native modules (better-sqlite3) build against this Node's headers, not the system Node's
  env.npm_config_nodedir = pkgDir;
}

if (!env.npm_config_nodedir || nodeBin === process.execPath) {
  // This Node is new enough: build native modules against its own headers. npm may be configured (npmrc
  // `nodedir`) for another Node's headers, which would silently build for that Node's ABI.
  const ownPrefix = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(ownPrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = ownPrefix;
}

const abi = execFileSync(nodeBin, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
const marker = path.join(root, 'node_modules', '.package-lock.json');
const abiMarker = path.join(root, 'node_modules', '.counter-node-abi');
const lock = path.join(root, 'package-lock.json');
const builtFor = fs.existsSync(abiMarker) ? fs.readFileSync(abiMarker, 'utf8').trim() : null;
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs || builtFor !== abi) {
  console.log(`Installing dependencies (npm ci)${builtFor && builtFor !== abi ? ` — node_modules was built for Node ABI ${builtFor}, this Node is ABI ${abi}` : ''}…`);
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) {
    console.log('npm ci failed; retrying without the Electron binary download (web mode will be used).');
    if (!run('npm', ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) process.exit(1);
  }
  fs.writeFileSync(abiMarker, `${abi}\n`);
}

// The native module must load in the Node that runs the tests and the web mode; rebuild it once if not.
const loads = () => spawnSync(nodeBin, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, env, stdio: 'ignore' }).status === 0;
if (!loads()) {
  console.log(`better-sqlite3 does not load in this Node (ABI ${abi}): rebuilding it against ${env.npm_config_nodedir ?? "this Node's"} headers…`);
  if (!run('npm', ['rebuild', 'better-sqlite3']) || !loads()) {
    console.error('better-sqlite3 could not be built for this Node. Check that python3, make and g++ are installed.');
    process.exit(1);
  }
}

if (forTests && process.platform === 'linux') {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', { encoding: 'utf8' });
  } catch {
    /* fontconfig missing: install below */
  }
  const missing = [];
  if (!fs.existsSync(chromium)) missing.push('chromium');
  if (!/Noto Sans CJK|WenQuanYi/i.test(fonts)) missing.push('fonts-noto-cjk', 'fontconfig');
  if (missing.length > 0) {
    const asRoot = process.getuid?.() === 0;
    const sudo = asRoot ? [] : ['sudo', '-n'];
    console.log(`The e2e tests need: ${missing.join(', ')}. Installing with apt-get…`);
    const apt = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args]) : run('apt-get', args));
    const ok = apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
    if (!ok) {
      console.error(`Could not install ${missing.join(', ')}. Run: sudo apt-get install -y ${missing.join(' ')}`);
      process.exit(1);
    }
  }
}

if (runAt >= 0) {
  const [script, ...rest] = argv.slice(runAt + 1);
  const r = spawnSync('npm', ['run', script, ...(rest.length ? ['--', ...rest] : [])], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
