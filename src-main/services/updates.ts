/**
 * Self-update (issue 17 item 5): the terminal checks HQ's feed `<hqUrl>/updates/<channel>/` (with its token),
 * lets the updater download a newer release in the background while the counter keeps selling, and installs
 * it only at a moment src-shared/domain/update-install.ts allows: a sign-out, or the start before anyone signed
 * in — never during an open sale. Quitting the app installs a downloaded update too (the next start runs it).
 *
 * The updater itself sits behind UpdaterBackend: electron-updater in the Electron app
 * (entry/electron-updater.ts); none in web/kiosk mode (a thin kiosk is updated by IT with its OS image).
 * The ledger, its outbox and settings.json are in the data folder, which an install never touches; the app
 * closes the database cleanly (before-quit) before the installer runs.
 */
import { installDecision, type InstallMoment, type InstallWait } from '../../src-shared/domain/update-install';
import type { UpdateStatusView } from '../../src-shared/contract/settings';
import type { Logger } from '../logger';

export interface UpdaterBackend {
  /** Point the updater at a feed; the headers go with every request (the terminal's token). */
  configure(feed: { url: string; headers: Record<string, string> }): void;
  /** Asks the feed; a newer version starts downloading in the background. */
  check(): Promise<void>;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (err: Error) => void): void;
  /** Quit and install now (the app restarts into the new version). */
  installNow(): void;
}

export interface UpdateServiceDeps {
  /** null: this build does not update itself; `offReason` says why (a `settings:update.off.*` key). */
  backend: UpdaterBackend | null;
  offReason?: string;
  hq: { url: string; token: string };
  channel: string;
  /** What is open right now on this terminal. */
  situation(): { signedInSessions: number; openPayments: number; printing: number };
  logger: Logger;
  now: () => Date;
  /** How often to ask the feed. Default 4 hours. */
  checkEveryMs?: number;
}

export function feedUrlOf(hqUrl: string, channel: string): string {
  return `${hqUrl.replace(/\/+$/, '')}/updates/${encodeURIComponent(channel)}/`;
}

export function createUpdateService(deps: UpdateServiceDeps) {
  const { backend, logger } = deps;
  let channel = deps.channel;
  let downloadedVersion: string | null = null;
  let waiting: InstallWait | null = null;
  let lastCheckAt: string | null = null;
  let lastError: string | null = null;
  /** Nobody signed in since the start: a download that lands now counts as "at start". */
  let untouchedSinceStart = true;
  let timer: NodeJS.Timeout | null = null;
  let installing = false;

  const configure = () => backend?.configure({ url: feedUrlOf(deps.hq.url, channel), headers: { authorization: `Bearer ${deps.hq.token}` } });

  function consider(moment: InstallMoment): void {
    if (!backend || installing) return;
    const d = installDecision({ downloadedVersion, moment, ...deps.situation() });
    if (!d.install) {
      waiting = downloadedVersion === null ? null : d.reason;
      if (downloadedVersion !== null) logger.info({ version: downloadedVersion, moment, reason: d.reason }, 'update downloaded; install waits');
      return;
    }
    installing = true;
    logger.info({ version: d.version, moment }, 'installing update now (nobody signed in, nothing open)');
    backend.installNow();
  }

  async function check(): Promise<void> {
    if (!backend) return;
    lastCheckAt = deps.now().toISOString();
    try {
      await backend.check();
      lastError = null;
    } catch (err) {
      lastError = (err as Error).message;
      logger.warn({ err: lastError, feed: feedUrlOf(deps.hq.url, channel) }, 'update check failed');
    }
  }

  if (backend) {
    configure();
    backend.onDownloaded((version) => {
      downloadedVersion = version;
      consider(untouchedSinceStart && deps.situation().signedInSessions === 0 ? 'start' : 'downloaded');
    });
    backend.onError((err) => {
      lastError = err.message;
      logger.warn({ err: err.message }, 'updater error');
    });
  }

  return {
    start(): void {
      if (!backend) return;
      void check();
      timer = setInterval(() => void check(), deps.checkEveryMs ?? 4 * 3600_000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    checkNow: check,
    /** A clerk signed in: from now on a download waits for a sign-out. */
    signedIn(): void {
      untouchedSinceStart = false;
    },
    /** The last clerk signed out: install a downloaded update if nothing is open. */
    signedOut(): void {
      consider('signOut');
    },
    setChannel(next: string): void {
      if (next === channel) return;
      channel = next;
      configure();
      void check();
    },
    status(): UpdateStatusView {
      return {
        enabled: backend !== null,
        offReason: backend ? null : (deps.offReason ?? 'settings:update.off.notElectron'),
        channel,
        feedUrl: feedUrlOf(deps.hq.url, channel),
        downloadedVersion,
        waiting: waiting ? `settings:update.wait.${waiting}` : null,
        lastCheckAt,
        lastError,
      };
    },
  };
}
export type UpdateService = ReturnType<typeof createUpdateService>;
