import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../src-shared/domain';
import { DISPLAY_CHANNEL, type DisplayMessage, type DisplayState } from './channel';

/** The customer's screen: plan, new expiry, amount due, paid, change; then a thank-you. */
export function CustomerDisplay() {
  const { t, i18n } = useTranslation('counter');
  const [state, setState] = useState<DisplayState>({ kind: 'idle' });

  useEffect(() => {
    const ch = new BroadcastChannel(DISPLAY_CHANNEL);
    ch.onmessage = (e: MessageEvent<DisplayMessage>) => {
      if (e.data?.type !== 'state') return;
      setState(e.data.state);
      if (e.data.lang !== i18n.language) {
        void i18n.changeLanguage(e.data.lang);
        document.documentElement.lang = e.data.lang;
      }
    };
    ch.postMessage({ type: 'hello' } satisfies DisplayMessage);
    return () => ch.close();
  }, [i18n]);

  const zh = i18n.language === 'zh-CN';
  if (state.kind === 'idle') {
    return (
      <main className="customer-display idle" data-testid="display-idle">
        <h1>{t('display.welcome')}</h1>
      </main>
    );
  }
  return (
    <main className={`customer-display ${state.kind}`} data-testid={state.kind === 'thanks' ? 'display-thanks' : 'display-sale'} aria-live="polite">
      {state.kind === 'thanks' && <h1 className="display-thanks-title">{t('display.thanks')}</h1>}
      <p className="display-customer" data-testid="display-customer">{state.customer}</p>
      <dl className="display-grid">
        <dt>{t('display.plan')}</dt>
        <dd data-testid="display-plan">
          {zh ? state.planZh : state.planEn} × {t('display.months', { count: state.termMonths })}
        </dd>
        <dt>{t('display.newExpiry')}</dt>
        <dd data-testid="display-expiry">{state.newExpiry}</dd>
        <dt>{t('display.due')}</dt>
        <dd data-testid="display-due" className="display-big">{formatFen(state.dueFen)}</dd>
        <dt>{t('display.paid')}</dt>
        <dd data-testid="display-paid">{formatFen(state.paidFen)}</dd>
        <dt>{t('display.change')}</dt>
        <dd data-testid="display-change" className="display-big change">{formatFen(state.changeFen)}</dd>
      </dl>
      {state.kind === 'thanks' && <p className="muted">{t('sale.effectPending')}</p>}
    </main>
  );
}
