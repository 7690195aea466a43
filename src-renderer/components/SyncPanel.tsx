import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncDetails } from '../../src-shared/contract/sync';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';
import { SupervisorDialog } from './SupervisorDialog';
import { formatLocalDateTime } from '../../src-shared/domain/time';

/** HQ sync details: pending, oldest age, last success / error, dead letters with reasons, sync now, requeue. */
export function SyncPanel({ onClose, timeZone }: { onClose: () => void; timeZone?: string }) {
  const { t } = useTranslation('sync');
  const client = useClient();
  const [details, setDetails] = useState<SyncDetails | null>(null);
  // kept as key + values, so a language switch re-renders it in the new language
  const [message, setMessage] = useState<{ key: string; params: Record<string, string | number> } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [requeueing, setRequeueing] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setDetails(await client.call('sync.details', {}));
    } catch (e) {
      setError(toErrorShape(e));
    }
  }, [client]);

  useEffect(() => {
    void load();
    closeRef.current?.focus();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  async function syncNow() {
    setBusy(true);
    setMessage(null);
    try {
      const r = await client.call('sync.now', {});
      setDetails(r.details);
      setMessage(
        r.push.error
          ? { key: 'failed', params: { code: r.push.error } }
          : { key: 'result', params: { confirmed: r.push.confirmed, rejected: r.push.rejected, remaining: r.push.remaining } },
      );
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
      // the pressed button was disabled while busy and dropped focus to the page: keep it in the panel (Esc closes)
      if (!panelRef.current?.contains(document.activeElement)) closeRef.current?.focus();
    }
  }

  // the store's time zone, as YYYY-MM-DD HH:mm (never the browser's locale format)
  const fmt = (iso: string | null) => (iso ? formatLocalDateTime(new Date(iso), timeZone) : '—');
  /** HQ and the sync worker send codes; the terminal says them in the clerk's language (the code only as a fallback). */
  const code = (c: string) => t(`reason.${c}`, { defaultValue: c });

  return (
    <div
      className="dialog-backdrop"
      role="dialog"
      aria-modal="true"
      aria-label={t('details')}
      data-testid="sync-panel"
      ref={panelRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !requeueing) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="dialog" style={{ width: 640 }}>
        <h2>{t('details')}</h2>
        {details && (
          <>
            <p className={`pill ${details.online ? 'ok' : 'bad'}`} data-testid="sync-panel-online" data-reason={details.offlineReason ?? undefined}>
              {t(details.online ? 'online' : 'offline')}
              {!details.online && details.offlineReason ? ` (${t(`reason.${details.offlineReason}`)})` : ''} · {t('pending', { count: details.pendingCount })}
              {details.oldestPendingAgeSeconds !== null ? ` · ${t('oldPending', { minutes: Math.floor(details.oldestPendingAgeSeconds / 60) })}` : ''}
            </p>
            {details.warning && (
              <p className="pill warn" role="alert" data-testid="sync-warning">
                {t('warning', { minutes: details.warnAfterMinutes })}
              </p>
            )}
            <p>{details.lastSuccessAt ? t('lastSuccess', { at: fmt(details.lastSuccessAt) }) : t('never')}</p>
            {details.lastError && <p data-testid="sync-last-error">{t('lastError', { error: code(details.lastError) })}</p>}
            {details.nextAttemptAt && <p>{t('nextAttempt', { at: fmt(details.nextAttemptAt) })}</p>}
            <h3>{t('deadTitle', { count: details.deadCount })}</h3>
            {details.deadLetters.length === 0 ? (
              <p>{t('deadNone')}</p>
            ) : (
              <ul data-testid="sync-dead-letters">
                {details.deadLetters.map((d) => (
                  <li key={d.seq} data-code={d.code}>
                    #{d.seq} {d.type} {d.receiptNo ?? ''} — {t(`dead.${d.code}`, { defaultValue: d.code })}: {d.detail}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {message && (
          <p role="status" data-testid="sync-message">
            {t(message.key, message.key === 'failed' ? { code: code(String(message.params.code)) } : message.params)}
          </p>
        )}
        {error && <ErrorMessage error={error} />}
        <div className="dialog-actions">
          {details && details.deadCount > 0 && (
            <button type="button" data-testid="sync-requeue" onClick={() => setRequeueing(true)}>
              {t('requeue')}
            </button>
          )}
          <button type="button" data-testid="sync-panel-now" disabled={busy} onClick={() => void syncNow()}>
            {busy ? t('syncing') : t('syncNow')}
          </button>
          <button type="button" ref={closeRef} data-testid="sync-panel-close" onClick={onClose}>
            {t('close')} (Esc)
          </button>
        </div>
      </div>
      {requeueing && (
        <SupervisorDialog
          title={t('requeue')}
          onCancel={() => setRequeueing(false)}
          onConfirm={async (supervisorId, pin) => {
            const r = await client.call('sync.requeueDead', { supervisorId, pin });
            setRequeueing(false);
            setMessage({ key: 'requeued', params: { count: r.requeued } });
            await load();
          }}
        />
      )}
    </div>
  );
}
