import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { HqBackupSummary, LedgerStatus } from '../../src-shared/contract/ledger';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/LanguageSwitch';

/**
 * This database is not the ledger this terminal had (issue 10 item 5): selling is stopped, and a
 * supervisor restores the newest backup or re-enrols this PC. Everything is reachable by keyboard:
 * the code field has focus, Tab moves on, Enter restores.
 *
 * Issue 17 item 6: the backups HQ holds of this terminal are listed too (a new PC has no local one);
 * the newest is chosen, the list is a select (arrow keys), and Enter restores it when there is no local backup.
 */
export function RestoreScreen({ ledger, onDone }: { ledger: LedgerStatus; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [hqBackups, setHqBackups] = useState<HqBackupSummary[] | null>(null);
  const [hqError, setHqError] = useState<AppErrorShape | null>(null);
  const [chosen, setChosen] = useState('');

  async function loadHqBackups(): Promise<void> {
    setHqError(null);
    try {
      const { backups } = await client.call('ledger.hqBackups', {});
      setHqBackups(backups);
      setChosen((c) => (backups.some((b) => b.backupId === c) ? c : (backups[0]?.backupId ?? '')));
    } catch (e) {
      setHqBackups(null);
      setHqError(toErrorShape(e));
    }
  }
  useEffect(() => {
    void loadHqBackups();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function run(action: 'ledger.restoreBackup' | 'ledger.restoreFromHq' | 'ledger.reenrol'): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      if (action === 'ledger.restoreBackup') await client.call('ledger.restoreBackup', { supervisorCode: code, pin });
      else if (action === 'ledger.restoreFromHq') await client.call('ledger.restoreFromHq', { supervisorCode: code, pin, ...(chosen ? { backupId: chosen } : {}) });
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
    else if (chosen) void run('ledger.restoreFromHq');
  };
  const b = ledger.backup;
  const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

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
            <>
              <p data-testid="restore-backup">{t('ledger:restoreExplain', { at: b.at.slice(0, 19).replace('T', ' '), sales: b.sales, last: b.lastReceiptNo ?? '—' })}</p>
              <button type="submit" className="primary" data-testid="restore-backup-button" disabled={busy}>
                {busy ? t('ledger:working') : t('ledger:restore')}
              </button>
            </>
          ) : (
            <p className="muted" data-testid="restore-no-local">{t('ledger:noBackup')}</p>
          )}
        </section>
        <section data-testid="restore-hq">
          <h2>{t('ledger:hqTitle')}</h2>
          <p>{t('ledger:hqExplain')}</p>
          {hqBackups && hqBackups.length > 0 && (
            <label>
              {t('ledger:hqChoose')}
              <select data-testid="restore-hq-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {hqBackups.map((h) => (
                  <option key={h.backupId} value={h.backupId}>
                    {t('ledger:hqBackupRow', { at: when(h.at), sales: h.sales, last: h.lastReceiptNo ?? '—' })}
                  </option>
                ))}
              </select>
            </label>
          )}
          {hqBackups && hqBackups.length === 0 && <p className="muted">{t('ledger:hqNone')}</p>}
          <ErrorMessage error={hqError} testId="restore-hq-error" />
          <div className="detail-actions">
            <button type={b ? 'button' : 'submit'} className={b ? undefined : 'primary'} data-testid="restore-hq-button" disabled={busy || !chosen} onClick={b ? () => void run('ledger.restoreFromHq') : undefined}>
              {busy ? t('ledger:working') : b ? t('ledger:hqRestore') : t('ledger:hqRestoreEnter')}
            </button>
            <button type="button" data-testid="restore-hq-reload" disabled={busy} onClick={() => void loadHqBackups()}>
              {t('ledger:hqLoad')}
            </button>
          </div>
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
