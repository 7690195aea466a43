import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

/** Open the cash drawer without a sale: the reason is required; the terminal audits it and prints a slip with the drawer kick. */
export function NoSalePanel() {
  const { t } = useTranslation();
  const client = useClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="no-sale"
      data-testid="no-sale"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        setError(null);
        setDone(false);
        client
          .call('shift.noSale', { reason })
          .then(() => {
            setDone(true);
            setReason('');
          })
          .catch((err: unknown) => setError(toErrorShape(err)))
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('payments:noSale.title')}</h2>
      <label className="field">
        <span>{t('payments:noSale.reason')}</span>
        <input type="text" maxLength={200} data-testid="no-sale-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorMessage error={error} testId="no-sale-error" />
      {done && <p className="pill ok" data-testid="no-sale-done">{t('payments:noSale.done')}</p>}
      <button type="submit" disabled={busy} data-testid="no-sale-submit">
        {t('payments:noSale.submit')} <kbd>⏎</kbd>
      </button>
    </form>
  );
}
