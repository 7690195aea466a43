/**
 * The UpdaterBackend over electron-updater (the Electron app only). electron-updater is loaded at run time:
 * a build without the package installed runs without self-update and says so (settings screen, log).
 * Its generic provider reads `<feed>/latest.yml` (latest-linux.yml, latest-mac.yml), downloads the installer in
 * the background, checks its SHA-512, and runs it on quitAndInstall() or when the app quits.
 */
import type { UpdaterBackend } from '../services/updates';

/** The part of electron-updater's AppUpdater used here (typed locally: the package is loaded at run time). */
interface AppUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  requestHeaders: Record<string, string> | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export function loadElectronUpdater(): { backend: UpdaterBackend } | { missing: string } {
  let updater: AppUpdaterLike;
  try {
    updater = (require('electron-updater') as { autoUpdater: AppUpdaterLike }).autoUpdater;
  } catch (err) {
    return { missing: (err as Error).message };
  }
  updater.autoDownload = true; // in the background, while the counter sells
  updater.autoInstallOnAppQuit = true; // quitting installs it: the next start runs the new version
  updater.allowDowngrade = false;
  return {
    backend: {
      configure(feed) {
        updater.setFeedURL({ provider: 'generic', url: feed.url, channel: 'latest' });
        updater.requestHeaders = feed.headers;
      },
      async check() {
        await updater.checkForUpdates();
      },
      onDownloaded(listener) {
        updater.on('update-downloaded', (info) => listener(info.version));
      },
      onError(listener) {
        updater.on('error', listener);
      },
      installNow() {
        // silent install, then start the app again
        updater.quitAndInstall(true, true);
      },
    },
  };
}
