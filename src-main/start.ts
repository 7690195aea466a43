import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureElectronNative } from './electron-native';
import { runWebMode } from './web';

/**
 * `npm start`: the Electron window where an Electron binary and a display exist, otherwise the
 * kiosk/web mode, saying why. `--web` (or COUNTER_MODE=web) asks for web mode directly.
 */
const appRoot = path.resolve(__dirname, '..', '..');

function findElectron(): { binary: string } | { reason: string } {
  if (process.argv.includes('--web') || process.env.COUNTER_MODE === 'web') return { reason: 'web mode requested (--web / COUNTER_MODE=web)' };
  let binary: string;
  try {
    binary = require(path.join(appRoot, 'node_modules', 'electron')) as string;
  } catch (err) {
    return { reason: `no Electron binary (${(err as Error).message.split('\n')[0]}); install was run with ELECTRON_SKIP_BINARY_DOWNLOAD or without internet` };
  }
  if (!fs.existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no graphical display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  return { binary };
}

function runElectron(binary: string): void {
  let binding: string;
  try {
    binding = ensureElectronNative(appRoot, binary);
  } catch (err) {
    console.warn(`Could not build better-sqlite3 for Electron (${(err as Error).message}); falling back to web mode.`);
    void runWebMode('better-sqlite3 could not be built for Electron');
    return;
  }
  const child = spawn(binary, [appRoot], {
    stdio: 'inherit',
    env: { ...process.env, COUNTER_APP_ROOT: appRoot, COUNTER_SQLITE_BINDING: binding },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

const found = findElectron();
if ('binary' in found) runElectron(found.binary);
else void runWebMode(found.reason);
