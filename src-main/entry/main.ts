import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { describeStartFailure } from './start-failure';
import { bootCounter, type RunningCounter } from '../runtime';
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

/** 客显: when a second screen is attached, the customer-facing display opens full screen on it. */
function openCustomerDisplay(rendererFile: string, counter: BrowserWindow): void {
  const target = pickCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  if (!target) return;
  const display = new BrowserWindow(createDisplayWindowOptions(target.bounds));
  display.once('ready-to-show', () => display.showInactive());
  // closing the counter window ends the app, the customer's window with it
  counter.once('closed', () => {
    if (!display.isDestroyed()) display.close();
  });
  void display.loadFile(rendererFile, { query: { display: '1' } });
}

async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      dialog.showErrorBox('Counter Terminal', err.message);
      app.exit(2);
      return;
    }
    throw err;
  }
  const logger = createLogger({ dir: path.join(config.dataDir, 'logs'), name: 'counter', level: config.logLevel });
  try {
    running = await bootCounter(config, logger, {}, {
      enrolmentStore: createEnrolmentStore({ dataDir: config.dataDir, sealer: await electronSealer(logger), logger }),
      ...(process.env.COUNTER_DEMO_HQ_URL ? { demoHqUrl: process.env.COUNTER_DEMO_HQ_URL } : {}),
    });
  } catch (err) {
    const text = describeStartFailure(err, config.dataDir);
    logger.fatal({ err }, `start failed: ${text}`);
    dialog.showErrorBox('Counter Terminal', text);
    app.exit(1);
    return;
  }
  const rendererFile = path.join(__dirname, '..', 'renderer', 'index.html');
  registerIpcHandlers(ipcMain, running.dispatch, pathToFileURL(rendererFile).toString());
  const win = new BrowserWindow(createWindowOptions(path.join(__dirname, 'preload.cjs')));
  counterWindow = win;
  win.once('closed', () => (counterWindow = null));
  win.once('ready-to-show', () => win.show());
  await win.loadFile(rendererFile);
  openCustomerDisplay(rendererFile, win);
  console.log(`Counter Terminal (Electron). Data in ${config.dataDir}`);
}

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
