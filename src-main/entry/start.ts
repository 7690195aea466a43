import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import type { EmbeddedServices } from '../runtime';
import { ensureElectronNative } from './electron-native';
import { runWebMode } from './web';

/**
 * The launcher: the Electron window where an Electron binary and a display exist, otherwise the
 * kiosk/web mode, saying why. `--web` (or COUNTER_MODE=web) asks for web mode directly.
 * `npm start` runs it through tools/demo/start.ts, which passes the demo services; for the Electron
 * window the launcher starts them itself and hands their addresses to Electron in the environment, so
 * the Electron main bundle carries no reference HQ and no virtual printer.
 */
const appRoot = path.resolve(__dirname, '..', '..');

/** `npm start -- --store` (or COUNTER_MODE=store): a store's thin kiosk — web mode without the demo services. */
export function storeModeRequested(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--store') || env.COUNTER_MODE === 'store';
}

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

async function runElectron(binary: string, embedded: EmbeddedServices): Promise<void> {
  let binding: string;
  try {
    binding = ensureElectronNative(appRoot, binary);
  } catch (err) {
    console.warn(`Could not build better-sqlite3 for Electron (${(err as Error).message}); falling back to web mode.`);
    void runWebMode('better-sqlite3 could not be built for Electron', embedded);
    return;
  }
  const gaps = await startEmbedded(embedded);
  const child = spawn(binary, [appRoot], {
    stdio: 'inherit',
    env: { ...process.env, ...gaps.env, COUNTER_APP_ROOT: appRoot, COUNTER_SQLITE_BINDING: binding },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => {
    void gaps.close().finally(() => process.exit(code ?? 0));
  });
}

/** The embedded services the configuration leaves room for, started here for the Electron child. */
async function startEmbedded(embedded: EmbeddedServices): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const close = async () => {
    for (const c of closers) await c().catch(() => undefined);
  };
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return { env, close }; // the Electron window shows the error
    throw err;
  }
  const logger = createLogger({ dir: path.join(config.dataDir, 'logs'), name: 'launcher', level: config.logLevel });
  if (!config.hqUrl && embedded.startHq) {
    const hq = await embedded.startHq(config, logger);
    closers.push(() => hq.close());
    env.COUNTER_HQ_URL = hq.url;
    env.COUNTER_DEMO_HQ_URL = hq.url;
    if (hq.terminalToken) env.COUNTER_HQ_TOKEN = hq.terminalToken;
  }
  if (config.printer === 'virtual' && embedded.startPrinter) {
    const printer = await embedded.startPrinter(config, logger);
    closers.push(() => printer.close());
    env.COUNTER_PRINTER = printer.url;
  }
  if (!config.paymentGateway && embedded.startPaymentGateway) {
    const gateway = await embedded.startPaymentGateway(config, logger);
    closers.push(() => gateway.close());
    env.COUNTER_PAYMENT_GATEWAY_URL = gateway.url;
  }
  return { env, close };
}

/**
 * Electron when it can run here, the web mode otherwise; `embedded` fills configuration gaps (the demo).
 * Store mode (`--store`) is the web mode with no embedded services.
 */
export function launch(embedded: EmbeddedServices = {}): void {
  if (storeModeRequested()) {
    // never the embedded HQ, demo data or virtual printer: without an enrolment, the enrolment screen
    void runWebMode('store mode requested (--store / COUNTER_MODE=store): no embedded HQ, demo data or virtual printer', {});
    return;
  }
  const found = findElectron();
  if ('binary' in found) void runElectron(found.binary, embedded);
  else void runWebMode(found.reason, embedded);
}
