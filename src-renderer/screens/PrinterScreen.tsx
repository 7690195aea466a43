import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { PrinterSettingsView, PrinterStatusView, PrintJobView } from '../../src-shared/contract/printing';
import { formatLocalDateTime } from '../../src-shared/domain/time';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { SupervisorDialog } from '../components/SupervisorDialog';

type SettingsForm = Pick<PrinterSettingsView, 'printerTarget' | 'printerType' | 'paperWidth' | 'receiptLanguage'>;

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const STATE_CLASS: Record<PrinterStatusView['state'], string> = {
  ready: 'ok',
  busy: 'warn',
  unknown: 'warn',
  paperOut: 'bad',
  coverOpen: 'bad',
  offline: 'bad',
};

function time(iso: string | null): string {
  return iso ? formatLocalDateTime(new Date(iso)) : '';
}

function JobRow({ job, onRetry, onCancel }: { job: PrintJobView; onRetry?: () => void; onCancel?: () => void }) {
  const { t } = useTranslation('printing');
  const canAct = job.state === 'queued' || job.state === 'failed';
  return (
    <tr data-testid={`job-row-${job.jobId}`} data-state={job.state} data-kind={job.kind}>
      <td className="num">{job.jobId}</td>
      <td style={NOWRAP}>
        {t(`kind.${job.kind}`)}
        {job.reprintCount ? <span className="muted"> · {t('reprintNo', { n: job.reprintCount })}</span> : null}
      </td>
      <td style={{ wordBreak: 'break-all' }}>{job.receiptNo ?? '—'}</td>
      <td>
        <span className={`pill ${job.state === 'failed' ? 'bad' : job.state === 'done' ? 'ok' : 'warn'}`} style={NOWRAP}>{t(`jobState.${job.state}`)}</span>
        {job.state === 'queued' && job.nextAttemptAt && <div className="muted small">{t('nextAttempt', { time: time(job.nextAttemptAt) })}</div>}
      </td>
      <td className="num">{job.attempts}</td>
      <td className="small">{job.lastError ? t(job.lastError.messageKey, { ...(job.lastError.params ?? {}) }) : ''}</td>
      <td className="small" style={NOWRAP}>{time(job.createdAt)}</td>
      {(onRetry || onCancel) && (
        <td>
          {canAct && (
            <div className="job-actions" style={{ display: 'flex', gap: '0.5rem' }}>
              <button type="button" style={NOWRAP} data-testid={`retry-${job.jobId}`} onClick={onRetry}>
                {t('retry')}
              </button>
              <button type="button" style={NOWRAP} data-testid={`cancel-${job.jobId}`} onClick={onCancel}>
                {t('cancel')}
              </button>
            </div>
          )}
        </td>
      )}
    </tr>
  );
}

function JobTable({ jobs, actions, testId, onRetry, onCancel }: { jobs: PrintJobView[]; actions: boolean; testId: string; onRetry?: (j: PrintJobView) => void; onCancel?: (j: PrintJobView) => void }) {
  const { t } = useTranslation('printing');
  return (
    <table className="sales-table" data-testid={testId}>
      <thead>
        <tr>
          <th className="num" style={NOWRAP}>{t('col.job')}</th>
          <th style={NOWRAP}>{t('col.kind')}</th>
          <th style={NOWRAP}>{t('col.receipt')}</th>
          <th style={NOWRAP}>{t('col.state')}</th>
          <th className="num" style={NOWRAP}>{t('col.attempts')}</th>
          <th style={NOWRAP}>{t('col.error')}</th>
          <th style={NOWRAP}>{t('col.created')}</th>
          {actions && <th style={NOWRAP}>{t('col.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <JobRow
            key={job.jobId}
            job={job}
            {...(actions && onRetry ? { onRetry: () => onRetry(job) } : {})}
            {...(actions && onCancel ? { onCancel: () => onCancel(job) } : {})}
          />
        ))}
      </tbody>
    </table>
  );
}

/** F6: the printer's state, the print queue (retry / cancel), a test page, and the settings (supervisor). */
export function PrinterScreen() {
  const { t } = useTranslation('printing');
  const client = useClient();
  const [printer, setPrinter] = useState<PrinterStatusView | null>(null);
  const [open, setOpen] = useState<PrintJobView[]>([]);
  const [recent, setRecent] = useState<PrintJobView[]>([]);
  const [settings, setSettings] = useState<PrinterSettingsView | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [askSupervisor, setAskSupervisor] = useState(false);
  const [cancelling, setCancelling] = useState<PrintJobView | null>(null);
  const cancelNoRef = useRef<HTMLButtonElement>(null);

  const refresh = useCallback(async () => {
    try {
      const r = await client.call('printer.jobs', {});
      setPrinter(r.printer);
      setOpen(r.open);
      setRecent(r.recent);
    } catch (e) {
      setError(toErrorShape(e));
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 1500);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    client
      .call('printer.settings', {})
      .then((r) => {
        setSettings(r.settings);
        setForm({ printerTarget: r.settings.printerTarget, printerType: r.settings.printerType, paperWidth: r.settings.paperWidth, receiptLanguage: r.settings.receiptLanguage });
      })
      .catch((e: unknown) => setError(toErrorShape(e)));
  }, [client]);

  useEffect(() => {
    if (cancelling) cancelNoRef.current?.focus();
  }, [cancelling]);

  async function act(fn: () => Promise<string>) {
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
    } catch (e) {
      setError(toErrorShape(e));
    }
    void refresh();
  }

  const state = printer?.state ?? 'unknown';
  return (
    <section className="screen printer-screen" data-testid="printer-screen">
      <h1>{t('title')}</h1>
      <div style={{ display: 'flex', gap: '1rem', alignItems: 'center', flexWrap: 'wrap', marginBottom: '1rem' }}>
        <span className={`pill ${STATE_CLASS[state]}`} data-testid="printer-state" data-state={state} style={{ fontSize: '1.2rem' }}>
          {t(`state.${state}`)}
        </span>
        <span data-testid="printer-counts">{t('counts', { waiting: printer?.waitingJobs ?? 0, failed: printer?.failedJobs ?? 0 })}</span>
        <span className="muted" data-testid="printer-target">
          {t('target')}: {settings?.printerTarget === 'virtual' ? `virtual (${printer?.target ?? ''})` : (printer?.target ?? '')}
        </span>
        <button type="button" className="primary" data-testid="test-print" onClick={() => void act(async () => t('testQueued', { jobId: (await client.call('printer.testPrint', {})).job.jobId }))}>
          {t('testPrint')}
        </button>
      </div>
      <ErrorMessage error={error} testId="printer-error" />
      {notice && (
        <p className="pill ok" role="status" data-testid="printer-notice" style={{ display: 'inline-block' }}>
          {notice}
        </p>
      )}

      <h2>{t('openJobs')}</h2>
      {open.length === 0 ? (
        <p className="muted" data-testid="no-open-jobs">
          {t('noOpenJobs')}
        </p>
      ) : (
        <JobTable
          jobs={open}
          actions
          testId="open-jobs"
          onRetry={(job) => void act(async () => t('retried', { jobId: (await client.call('printer.retryJob', { jobId: job.jobId })).job.jobId }))}
          onCancel={(job) => setCancelling(job)}
        />
      )}

      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 420px', gap: '1.5rem', marginTop: '1.5rem', alignItems: 'start' }}>
        <div>
          <h2>{t('recentJobs')}</h2>
          <JobTable jobs={recent} actions={false} testId="recent-jobs" />
        </div>
        {form && settings && (
          <form
            className="quote"
            data-testid="printer-settings"
            onSubmit={(e) => {
              e.preventDefault();
              setAskSupervisor(true);
            }}
          >
            <h2>{t('settings.title')}</h2>
            <p className="muted small">{t('settings.supervisorOnly')}</p>
            <label className="field">
              <span>{t('settings.target')}</span>
              <input data-testid="settings-target" value={form.printerTarget} onChange={(e) => setForm({ ...form, printerTarget: e.target.value })} maxLength={256} />
              <span className="small">
                {t('settings.targetHint')} {settings.virtualAvailable ? t('settings.virtualHint') : ''}
              </span>
            </label>
            <label className="field">
              <span>{t('settings.printerType')}</span>
              <select data-testid="settings-type" value={form.printerType} onChange={(e) => setForm({ ...form, printerType: e.target.value as SettingsForm['printerType'] })}>
                <option value="epson">{t('settings.epson')}</option>
                <option value="star">{t('settings.star')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('settings.paperWidth')}</span>
              <select data-testid="settings-paper" value={form.paperWidth} onChange={(e) => setForm({ ...form, paperWidth: Number(e.target.value) === 58 ? 58 : 80 })}>
                <option value={80}>{t('settings.paper80')}</option>
                <option value={58}>{t('settings.paper58')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('settings.receiptLanguage')}</span>
              <select data-testid="settings-language" value={form.receiptLanguage} onChange={(e) => setForm({ ...form, receiptLanguage: e.target.value as SettingsForm['receiptLanguage'] })}>
                {(['zh-CN', 'en', 'bilingual'] as const).map((l) => (
                  <option key={l} value={l}>
                    {t(`settings.lang.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {settings.envOverrides.map((name) => (
              <p key={name} className="small" data-testid="settings-env-note" style={{ border: '2px solid var(--warn)', color: '#fef08a', padding: '0.5rem 0.75rem', borderRadius: 8 }}>
                {t('settings.envOverride', { name })}
              </p>
            ))}
            <p className="muted small">{t('settings.file', { file: settings.settingsFile })}</p>
            <button type="submit" className="primary" data-testid="settings-save">
              {t('settings.save')}
            </button>
          </form>
        )}
      </div>

      {askSupervisor && form && (
        <SupervisorDialog
          title={t('settings.dialogTitle')}
          onCancel={() => setAskSupervisor(false)}
          onConfirm={async (supervisorId, pin) => {
            const r = await client.call('printer.updateSettings', { ...form, supervisorId, pin });
            setSettings(r.settings);
            setForm({ printerTarget: r.settings.printerTarget, printerType: r.settings.printerType, paperWidth: r.settings.paperWidth, receiptLanguage: r.settings.receiptLanguage });
            setAskSupervisor(false);
            setError(null);
            setNotice(t('settings.saved'));
            void refresh();
          }}
        />
      )}

      {cancelling && (
        <div className="dialog-backdrop" role="dialog" aria-modal="true" data-testid="cancel-dialog">
          <div
            className="dialog"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setCancelling(null);
              }
            }}
          >
            <p>{t('confirmCancel', { jobId: cancelling.jobId })}</p>
            <div className="dialog-actions">
              <button type="button" ref={cancelNoRef} data-testid="cancel-no" onClick={() => setCancelling(null)}>
                {t('keepJob')} <kbd>Esc</kbd>
              </button>
              <button
                type="button"
                className="primary"
                data-testid="cancel-yes"
                onClick={() => {
                  const job = cancelling;
                  setCancelling(null);
                  void act(async () => t('cancelled', { jobId: (await client.call('printer.cancelJob', { jobId: job.jobId })).job.jobId }));
                }}
              >
                {t('cancel')}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
