// Makes `npm start` / `npm test` work from a fresh clone: installs node_modules when they are missing or
// older than package-lock.json, and (with --for-tests) Debian's Chromium and a CJK font for the e2e specs.
// Uses only Node built-ins, because it runs before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
}

const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.log('Installing dependencies (npm ci)…');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) {
    console.log('npm ci failed; retrying without the Electron binary download (web mode will be used).');
    if (!run('npm', ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) process.exit(1);
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
