import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../src-shared/contract/methods';
import { pendingTooOld } from '../../src-shared/contract/sync';
import { useClient } from '../ClientContext';
import { SyncPanel } from './SyncPanel';
import { LanguageSwitch } from './LanguageSwitch';

export interface ShiftInfo {
  open: boolean;
  businessDate: string;
}

/** Always visible (the lock screen too): clerk, shift and business date, store/terminal, HQ sync and printer. */
export function StatusBar({ status, shift, onSignOut }: { status: TerminalStatus | null; shift?: ShiftInfo | null; onSignOut?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [syncOpen, setSyncOpen] = useState(false);
  const [syncing, setSyncing] = useState(false);
  if (!status) return <footer className="status-bar" data-testid="status-bar" />;
  const { sync, printer } = status;
  const oldPending = pendingTooOld(sync.oldestPendingAt, status.now);
  const syncClass = !sync.configured || oldPending ? 'warn' : sync.online ? 'ok' : 'bad';
  // offline says why (5xx, unreachable, an unreadable answer…): "online" is only HQ accepting our last push and pull
  const syncText = sync.online
    ? t('sync:online')
    : sync.offlineReason
      ? `${t('sync:offline')} (${t(`sync:reason.${sync.offlineReason}`)})`
      : t('sync:offline');
  const syncNow = () => {
    setSyncing(true);
    void client
      .call('sync.now', {})
      .catch(() => undefined)
      .finally(() => setSyncing(false));
  };
  const printerClass = printer.state === 'ready' ? 'ok' : printer.state === 'unknown' || printer.state === 'busy' ? 'warn' : 'bad';
  return (
    <footer className="status-bar" data-testid="status-bar" aria-live="polite">
      <span className="status-item status-keep" data-testid="status-clerk">
        {status.clerk ? t('status.clerk', { name: status.clerk.name, code: status.clerk.code }) : t('status.signedOut')}
      </span>
      {shift && (
        <span className={`status-item status-keep status-shift ${shift.open ? '' : 'warn-text'}`} data-testid="status-shift" data-open={shift.open} data-date={shift.businessDate} title={t('counter:status.businessDay', { date: shift.businessDate })}>
          {t(shift.open ? 'counter:status.shiftOpen' : 'counter:status.noShift', { date: shift.businessDate })}
        </span>
      )}
      {status.terminal && (
        <span className="status-item status-store">
          <span className="status-store-name">{status.terminal.storeName} · </span>
          {status.terminal.terminalCode}
        </span>
      )}
      {status.clerk ? (
        <button
          type="button"
          className={`status-item pill ${syncClass}`}
          data-testid="status-sync"
          data-online={sync.online}
          data-reason={sync.offlineReason ?? undefined}
          data-pending={sync.pendingCount}
          data-warning={oldPending}
          title={t('sync:details')}
          onClick={() => setSyncOpen(true)}
        >
          {syncText} · {t('sync:pending', { count: sync.pendingCount })}
          {oldPending ? ' ⚠' : ''}
        </button>
      ) : (
        <span
          className={`status-item pill ${syncClass}`}
          data-testid="status-sync"
          data-online={sync.online}
          data-reason={sync.offlineReason ?? undefined}
          data-pending={sync.pendingCount}
        >
          {syncText} · {t('sync:pending', { count: sync.pendingCount })}
        </span>
      )}
      {status.clerk && (
 <button type="button" className="link-button status-sync-now" data-testid="sync-now" disabled={syncing} onClick={syncNow}>
          {syncing ? t('sync:syncing') : t('sync:syncNow')}
        </button>
      )}
      {syncOpen && <SyncPanel onClose={() => setSyncOpen(false)} />}
      {(sync.snapshot.state === 'importing' || sync.snapshot.state === 'failed') && (
        <span className={`status-item pill ${sync.snapshot.state === 'failed' ? 'bad' : 'warn'}`} data-testid="status-snapshot">
          {t(sync.snapshot.state === 'failed' ? 'status.snapshotPaused' : 'status.snapshot', {
            pct: sync.snapshot.total > 0 ? Math.floor((sync.snapshot.imported / sync.snapshot.total) * 100) : 0,
            imported: sync.snapshot.imported.toLocaleString(),
            total: sync.snapshot.total.toLocaleString(),
          })}
        </span>
      )}
      <span className={`status-item pill ${printerClass}`} data-testid="status-printer" data-state={printer.state}>
        {t(`status.printer.${printer.state}`)}
        {printer.waitingJobs > 0 ? ` · ${t('status.waitingJobs', { count: printer.waitingJobs })}` : ''}
      </span>
      {status.faults.map((f) => (
        <span
          key={f.code}
          className="status-item pill bad status-fault"
          role="alert"
          data-testid="status-fault"
          data-code={f.code}
          title={typeof f.params?.reason === 'string' ? f.params.reason : undefined}
        >
          {t(f.messageKey, { ...(f.params ?? {}) })}
        </span>
      ))}
      <span className="status-spacer" />
      <LanguageSwitch />
      {onSignOut && status.clerk && (
        <button type="button" className="link-button signout" data-testid="signout" onClick={onSignOut}>
          {t('status.signOut')} <kbd>F12</kbd>
        </button>
      )}
    </footer>
  );
}
