import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, protocol, screen, session } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, contentTypeOf, RENDERER_URL, resolveAppUrl } from '../app-protocol';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { describeStartFailure } from './start-failure';
import { bootCounter, type RunningCounter } from '../runtime';
import { loadElectronUpdater } from './electron-updater';
import { createEnrolmentStore } from '../enrolment/enrolment-store';
import { electronSealer } from './safe-storage-sealer';
import { registerIpcHandlers } from '../transport/electron-ipc';
import { CONTENT_SECURITY_POLICY, createDisplayWindowOptions, createWindowOptions, pickCustomerDisplay } from '../window-options';

/** Electron main process: wiring only (window, hardening, IPC); the app itself lives in app.ts. */
let running: RunningCounter | null = null;
let counterWindow: BrowserWindow | null = null;

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The renderer is served from `app://counter/` (privileged, standard, secure), never from file://: only files
 * under dist/renderer, each with the CSP, and nothing else on the disk.
 */
function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppUrl(rendererDir, request.url);
    if (!file || request.method !== 'GET') return new Response('not found', { status: 404 });
    try {
      const body = await fs.promises.readFile(file);
      return new Response(body, { status: 200, headers: { 'content-type': contentTypeOf(file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/**
 * Where the terminal keeps its data: COUNTER_DATA_DIR when set; in a packaged (store) build Electron's
 * userData folder (%APPDATA%\Counter Terminal, ~/.config/Counter Terminal, ~/Library/Application
 * Support/Counter Terminal); under `npm start` the launcher's folder (config.ts defaultDataDir), which it
 * already used for its own log and the embedded HQ.
 */
function configEnv(): NodeJS.ProcessEnv {
  if (process.env.COUNTER_DATA_DIR?.trim() || !app.isPackaged) return process.env;
  return { ...process.env, COUNTER_DATA_DIR: app.getPath('userData') };
}

/** electron-updater in a packaged build (it cannot install into an unpacked development run); none otherwise, saying why. */
function updaterFor(logger: { warn(obj: object, msg: string): void }): NonNullable<NonNullable<Parameters<typeof bootCounter>[3]>['updater']> {
  if (!app.isPackaged) return { backend: null, offReason: 'settings:update.off.notPackaged' };
  const loaded = loadElectronUpdater();
  if ('missing' in loaded) {
    logger.warn({ err: loaded.missing }, 'electron-updater is not installed: this build does not update itself');
    return { backend: null, offReason: 'settings:update.off.missingPackage' };
  }
  return { backend: loaded.backend };
}

/** 客显: when a second screen is attached, the customer-facing display opens full screen on it. */
function openCustomerDisplay(counter: BrowserWindow): void {
  const target = pickCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  if (!target) return;
  const display = new BrowserWindow(createDisplayWindowOptions(target.bounds));
  display.once('ready-to-show', () => display.showInactive());
  // closing the counter window ends the app, the customer's window with it
  counter.once('closed', () => {
    if (!display.isDestroyed()) display.close();
  });
  void display.loadURL(`${RENDERER_URL}?display=1`);
}

async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig(configEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      dialog.showErrorBox('Counter Terminal', err.message);
      app.exit(2);
      return;
    }
    throw err;
  }
  // Issue 17 item 6: the dumps the crash reporter writes locally are sent to HQ by the terminal itself
  config.crashDumpsDir ??= app.getPath('crashDumps');
  const logger = createLogger({ dir: path.join(config.dataDir, 'logs'), name: 'counter', level: config.logLevel });
  try {
    running = await bootCounter(config, logger, {}, {
      enrolmentStore: createEnrolmentStore({ dataDir: config.dataDir, sealer: await electronSealer(logger), logger }),
      ...(process.env.COUNTER_DEMO_HQ_URL ? { demoHqUrl: process.env.COUNTER_DEMO_HQ_URL } : {}),
      updater: updaterFor(logger),
    });
  } catch (err) {
    const text = describeStartFailure(err, config.dataDir);
    logger.fatal({ err }, `start failed: ${text}`);
    dialog.showErrorBox('Counter Terminal', text);
    app.exit(1);
    return;
  }
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  registerIpcHandlers(ipcMain, running.dispatch, RENDERER_URL);
  const win = new BrowserWindow(createWindowOptions(path.join(__dirname, 'preload.cjs')));
  counterWindow = win;
  win.once('closed', () => (counterWindow = null));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(RENDERER_URL);
  openCustomerDisplay(win);
  console.log(`Counter Terminal (Electron). Data in ${config.dataDir}`);
}

/**
 * Crash dumps (main, renderer and GPU processes) are written locally by Crashpad under
 * app.getPath('crashDumps'); nothing is sent by Electron itself (no third-party crash server): the
 * terminal uploads them to its HQ when online (src-node/crash/crash-uploader.ts). Started first, so a
 * crash during start-up is caught too.
 */
crashReporter.start({ uploadToServer: false, compress: true, globalExtra: { _productName: 'Counter Terminal' } });
// before the app is ready: app:// is a standard, secure origin with fetch (not a file:// page)
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
/**
 * One terminal process per PC (two would share one ledger and one printer): a second start hands over to the
 * first, which brings its window to the front, and exits.
 */
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) {
  app.exit(0);
} else {
  app.on('second-instance', () => {
    if (!counterWindow || counterWindow.isDestroyed()) return;
    if (counterWindow.isMinimized()) counterWindow.restore();
    counterWindow.show();
    counterWindow.focus();
  });
  app.enableSandbox();
  // a packaged (store) build has no menu: no Reload, no DevTools, no zoom keys from the default menu
  if (app.isPackaged) Menu.setApplicationMenu(null);
  void app.whenReady().then(() => {
    harden();
    return start();
  });
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !running) return;
  event.preventDefault();
  quitting = true;
  void running.close().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
process.on('SIGINT', () => app.quit());
process.on('SIGTERM', () => app.quit());
