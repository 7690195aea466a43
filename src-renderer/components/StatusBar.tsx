import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../src-shared/contract/methods';
import { LanguageSwitch } from './LanguageSwitch';

/** Always visible: clerk, store/terminal, HQ sync and printer. Nothing important happens silently. */
export function StatusBar({ status, onSignOut }: { status: TerminalStatus | null; onSignOut?: () => void }) {
  const { t } = useTranslation();
  if (!status) return <footer className="status-bar" data-testid="status-bar" />;
  const { sync, printer } = status;
  const syncClass = !sync.configured ? 'warn' : sync.online ? 'ok' : 'bad';
  const printerClass = printer.state === 'ready' ? 'ok' : printer.state === 'unknown' || printer.state === 'busy' ? 'warn' : 'bad';
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" data-testid="status-clerk">
        {status.clerk ? t('status.clerk', { name: status.clerk.name, code: status.clerk.code }) : t('status.signedOut')}
      </span>
      {status.terminal && (
        <span className="status-item">
          {status.terminal.storeName} · {status.terminal.terminalCode}
        </span>
      )}
      <span className={`status-item pill ${syncClass}`} data-testid="status-sync" data-online={sync.online}>
        {t(sync.online ? 'status.hqOnline' : 'status.hqOffline')} · {t('status.pending', { count: sync.pendingCount })}
      </span>
      <span className={`status-item pill ${printerClass}`} data-testid="status-printer" data-state={printer.state}>
        {t(`status.printer.${printer.state}`)}
        {printer.waitingJobs > 0 ? ` · ${t('status.waitingJobs', { count: printer.waitingJobs })}` : ''}
      </span>
      <span className="status-spacer" />
      <LanguageSwitch />
      {onSignOut && status.clerk && (
        <button type="button" className="link-button" data-testid="signout" onClick={onSignOut}>
          {t('status.signOut')} (F12)
        </button>
      )}
    </footer>
  );
}
