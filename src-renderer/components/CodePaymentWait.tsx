import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { PaymentIntentView } from '../../src-shared/contract/payments';
import type { SaleView } from '../../src-shared/contract/sales';
import { formatFen } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

/**
 * A code payment waiting for the customer (confirming in the app) or for the gateway's answer. It asks
 * the terminal every 700 ms; the terminal itself queries the gateway and commits the sale once paid.
 * Esc cancels the payment at the gateway (the clerk may then take another method).
 */
export function CodePaymentWait(props: { saleId: string; messageKey: string; onSale: (s: SaleView) => void; onEnded: (e: AppErrorShape) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [intent, setIntent] = useState<PaymentIntentView | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const { saleId } = props;
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    ref.current?.focus();
  }, []);

  useEffect(() => {
    let stop = false;
    const tick = async () => {
      try {
        const r = await client.call('payments.status', { saleId });
        if (stop) return;
        setIntent(r.intent);
        if (r.sale) return handlers.current.onSale(r.sale);
        if (r.intent?.state === 'declined') return handlers.current.onEnded({ code: 'PAYMENT_DECLINED', messageKey: 'payments:declined' });
        if (r.intent?.state === 'cancelled') return handlers.current.onEnded({ code: 'PAYMENT_DECLINED', messageKey: 'payments:notCharged' });
      } catch {
        // the next tick asks again
      }
      if (!stop) timer = setTimeout(() => void tick(), 700);
    };
    let timer = setTimeout(() => void tick(), 300);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [client, saleId]);

  async function cancel() {
    if (cancelling) return;
    setCancelling(true);
    setError(null);
    try {
      const r = await client.call('payments.cancel', { saleId });
      if (r.sale) handlers.current.onSale(r.sale);
      else handlers.current.onEnded({ code: 'PAYMENT_CANCELLED', messageKey: 'payments:cancelled' });
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setCancelling(false);
    }
  }

  const state = intent?.state ?? 'created';
  const messageKey = state === 'paying' ? 'payments:userConfirming' : state === 'created' ? props.messageKey : 'payments:checking';
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={t('payments:waiting')} data-testid="code-wait">
      <div
        className="dialog"
        tabIndex={-1}
        ref={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            void cancel();
          }
        }}
      >
        <h2>{t('payments:waiting')}</h2>
        <p className="big" aria-live="polite" data-testid="code-wait-message" data-state={state}>
          {t(messageKey)}
        </p>
        {intent && (
          <p className="muted" data-testid="code-wait-order">
            {t('payments:waitingFor', { provider: t(`payments:provider.${intent.provider}`), amount: formatFen(intent.amountFen), outTradeNo: intent.outTradeNo })} ·{' '}
            {t(`payments:state.${intent.state}`)}
          </p>
        )}
        <ErrorMessage error={error} testId="code-wait-error" />
        <button type="button" data-testid="code-wait-cancel" onClick={() => void cancel()} disabled={cancelling}>
          {t('payments:cancelKey')} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
