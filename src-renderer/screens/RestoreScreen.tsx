import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { LedgerStatus } from '../../src-shared/contract/ledger';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/LanguageSwitch';

/**
 * This database is not the ledger this terminal had (issue 10 item 5): selling is stopped, and a
 * supervisor restores the newest backup or re-enrols this PC. Everything is reachable by keyboard:
 * the code field has focus, Tab moves on, Enter restores.
 */
export function RestoreScreen({ ledger, onDone }: { ledger: LedgerStatus; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  async function run(action: 'ledger.restoreBackup' | 'ledger.reenrol'): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      if (action === 'ledger.restoreBackup') await client.call('ledger.restoreBackup', { supervisorCode: code, pin });
      else await client.call('ledger.reenrol', { supervisorCode: code, pin, confirm: true });
      onDone();
    } catch (e) {
      setError(toErrorShape(e));
      setPin('');
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (ledger.backup) void run('ledger.restoreBackup');
  };
  const b = ledger.backup;

  return (
    <main className="fatal restore" data-testid="restore-screen" data-reason={ledger.reason ?? ''}>
      <LanguageSwitch />
      <h1>{t('ledger:title')}</h1>
      {ledger.reason && <p className="fatal-message">{t(`ledger:reason.${ledger.reason}`)}</p>}
      <p>{t('ledger:stopped')}</p>
      <form onSubmit={onSubmit}>
        <label>
          {t('ledger:supervisorCode')}
          <input data-testid="restore-code" autoFocus value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t('ledger:pin')}
          <input data-testid="restore-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
        </label>
        <section>
          <h2>{t('ledger:restoreTitle')}</h2>
          {b ? (
            <p data-testid="restore-backup">{t('ledger:restoreExplain', { at: b.at.slice(0, 19).replace('T', ' '), sales: b.sales, last: b.lastReceiptNo ?? '—' })}</p>
          ) : (
            <p className="muted">{t('ledger:noBackup')}</p>
          )}
          <button type="submit" className="primary" data-testid="restore-backup-button" disabled={busy || !b}>
            {busy ? t('ledger:working') : t('ledger:restore')}
          </button>
        </section>
        <section>
          <h2>{t('ledger:reenrolTitle')}</h2>
          <p>{t('ledger:reenrolExplain', { seq: ledger.hqLastReceiptSeq ?? t('ledger:hqUnknown') })}</p>
          <label className="restore-confirm">
            <input type="checkbox" data-testid="reenrol-confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
            {t('ledger:reenrolConfirm')}
          </label>
          <button type="button" data-testid="reenrol-button" disabled={busy || !confirm} onClick={() => void run('ledger.reenrol')}>
            {t('ledger:reenrol')}
          </button>
        </section>
      </form>
      <ErrorMessage error={error} testId="restore-error" />
    </main>
  );
}
