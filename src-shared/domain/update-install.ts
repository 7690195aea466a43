/**
 * When a downloaded update may be installed (issue 17 item 5): never during an open sale. Pure; the terminal's
 * update service (src-main/services/updates.ts) asks it at every moment an install could happen.
 *
 * An update is downloaded in the background while the terminal sells. It is installed only
 * - at sign-out (the last signed-in clerk signed out), or at start (before anyone signs in), and
 * - when no clerk is signed in on any screen, no code payment or gateway refund is waiting on the gateway,
 *   and no receipt is being printed.
 * Otherwise it waits for the next such moment; quitting the app installs it too (the next start runs the new
 * version). The ledger and its outbox are files in the data folder, which an install never touches.
 */

export type InstallMoment = 'signOut' | 'start' | 'downloaded';

export interface InstallSituation {
  /** The version downloaded and ready, or null. */
  downloadedVersion: string | null;
  moment: InstallMoment;
  /** Signed-in sessions on this terminal (any transport). */
  signedInSessions: number;
  /** Payment intents not yet settled (paying, unknown, paid but not committed, refund pending). */
  openPayments: number;
  /** Print jobs being printed right now. */
  printing: number;
}

export type InstallWait = 'nothingDownloaded' | 'notAnInstallMoment' | 'clerkSignedIn' | 'paymentOpen' | 'printing';
export type InstallDecision = { install: true; version: string } | { install: false; reason: InstallWait };

export function installDecision(s: InstallSituation): InstallDecision {
  if (s.downloadedVersion === null) return { install: false, reason: 'nothingDownloaded' };
  // a download finishing in the middle of the day waits for a sign-out or the next start
  if (s.moment === 'downloaded') return { install: false, reason: 'notAnInstallMoment' };
  if (s.signedInSessions > 0) return { install: false, reason: 'clerkSignedIn' };
  if (s.openPayments > 0) return { install: false, reason: 'paymentOpen' };
  if (s.printing > 0) return { install: false, reason: 'printing' };
  return { install: true, version: s.downloadedVersion };
}
