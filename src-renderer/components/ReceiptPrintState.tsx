import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { PrintJobView } from '../../src-shared/contract/printing';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

type PrintState = 'printing' | 'printed' | 'notPrinted';

function stateOf(job: PrintJobView): PrintState {
  if (job.state === 'done') return 'printed';
  if (job.state === 'failed' || job.state === 'cancelled' || job.lastError) return 'notPrinted';
  return 'printing';
}

/**
 * On the finished sale: whether its receipt printed. A receipt that did not print is flagged with the
 * printer's reason and Retry (the same job) / Reprint (a new copy marked REPRINT).
 */
export function ReceiptPrintState({ saleId }: { saleId: string }) {
  const { t } = useTranslation('counter');
  const client = useClient();
  const [job, setJob] = useState<PrintJobView | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await client.call('printer.jobs', {});
      const mine = [...r.open, ...r.recent].filter((j) => j.refId === saleId && (j.kind === 'sale' || j.kind === 'reprint'));
      mine.sort((a, b) => b.jobId - a.jobId);
      setJob(mine[0] ?? null);
    } catch {
      // the status bar already tells when the terminal cannot be reached
    }
  }, [client, saleId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 1500);
    return () => clearInterval(timer);
  }, [load]);

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  if (!job) return null;
  const state = stateOf(job);
  return (
    <div className={`receipt-print ${state}`} data-testid="receipt-print-state" data-state={state} role={state === 'notPrinted' ? 'alert' : 'status'}>
      <span className={`pill ${state === 'printed' ? 'ok' : state === 'printing' ? 'warn' : 'bad'}`}>{t(`print.${state}`)}</span>
      {state === 'notPrinted' && job.lastError && (
        <span className="receipt-print-reason">{t(job.lastError.messageKey, { ...(job.lastError.params ?? {}) })}</span>
      )}
      {state === 'notPrinted' && (
        <span className="detail-actions">
          {(job.state === 'failed' || job.state === 'queued') && (
            <button type="button" data-testid="receipt-retry" disabled={busy} onClick={() => void act(() => client.call('printer.retryJob', { jobId: job.jobId }))}>
              {t('print.retry')}
            </button>
          )}
          <button type="button" data-testid="receipt-reprint" disabled={busy} onClick={() => void act(() => client.call('sales.reprint', { saleId }))}>
            {t('print.reprint')}
          </button>
        </span>
      )}
      <ErrorMessage error={error} testId="receipt-print-error" />
    </div>
  );
}
