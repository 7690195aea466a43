import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkSummary, TerminalStatus } from '../src-shared/contract/methods';
import type { AppErrorShape } from '../src-shared/contract/errors';
import { useClient } from './ClientContext';
import { toErrorShape } from './client/client';
import { StatusBar } from './components/StatusBar';
import { FatalScreen } from './screens/FatalScreen';
import { LookupScreen } from './screens/LookupScreen';
import { hasPendingConfirm, RenewScreen } from './screens/RenewScreen';
import { SalesScreen } from './screens/SalesScreen';
import { PrinterScreen } from './screens/PrinterScreen';
import { SaleReceiptActions } from './components/SaleReceiptActions';
import type { AccountCard } from '../src-shared/contract/lookup';
import { SignInScreen } from './screens/SignInScreen';

type Health = { ok: boolean; error: AppErrorShape | null; dataDir: string };

const SCREENS = [
  { key: 'F1', id: 'lookup' },
  { key: 'F2', id: 'renew' },
  { key: 'F3', id: 'sales' },
  { key: 'F6', id: 'printer' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

export function App() {
  const { t } = useTranslation();
  const client = useClient();
  const [health, setHealth] = useState<Health | null>(null);
  const [status, setStatus] = useState<TerminalStatus | null>(null);
  const [clerk, setClerk] = useState<ClerkSummary | null>(null);
  const [screen, setScreen] = useState<ScreenId>(() => (hasPendingConfirm() ? 'renew' : 'lookup'));
  const [connection, setConnection] = useState<AppErrorShape | null>(null);
  const [card, setCard] = useState<AccountCard | null>(null);
  const [lookupKey, setLookupKey] = useState(0);

  const refreshStatus = useCallback(async () => {
    try {
      const s = await client.call('system.status', {});
      setStatus(s);
      setClerk(s.clerk);
      setConnection(null);
    } catch (e) {
      setConnection(toErrorShape(e));
    }
  }, [client]);

  useEffect(() => {
    client
      .call('system.health', {})
      .then((h) => setHealth(h))
      .catch((e: unknown) => setHealth({ ok: false, error: toErrorShape(e), dataDir: '' }));
  }, [client]);

  useEffect(() => {
    if (!health?.ok) return;
    void refreshStatus();
    const timer = setInterval(() => void refreshStatus(), 2000);
    return () => clearInterval(timer);
  }, [health, refreshStatus]);

  const signOut = useCallback(async () => {
    await client.call('auth.signOut', {}).catch(() => undefined);
    setClerk(null);
    void refreshStatus();
  }, [client, refreshStatus]);

  useEffect(() => {
    if (!clerk) return;
    const onKey = (e: KeyboardEvent) => {
      const target = SCREENS.find((s) => s.key === e.key);
      if (target) {
        e.preventDefault();
        setScreen(target.id);
      } else if (e.key === 'F12') {
        e.preventDefault();
        void signOut();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clerk, signOut]);

  if (!health) return <main className="loading">{t('common:appName')}…</main>;
  if (!health.ok && health.error) return <FatalScreen error={health.error} dataDir={health.dataDir} />;

  if (!clerk) {
    return (
      <div className="app">
        <SignInScreen
          setupProblem={connection ?? (status && !status.terminal ? { code: 'NOT_SET_UP', messageKey: 'ui:signin.notSetUp' } : null)}
          onSignedIn={(c) => {
            setClerk(c);
            setScreen('lookup');
            void refreshStatus();
          }}
        />
        <StatusBar status={status} />
      </div>
    );
  }

  return (
    <div className="app">
      <nav className="top-nav">
        <span className="brand">{t('common:appName')}</span>
        {SCREENS.map((s) => (
          <button
            key={s.id}
            type="button"
            className={screen === s.id ? 'selected' : ''}
            data-testid={`nav-${s.id}`}
            onClick={() => setScreen(s.id)}
          >
            {t(s.id === 'printer' ? 'printing:nav' : `nav.${s.id}`)} <kbd>{s.key}</kbd>
          </button>
        ))}
      </nav>
      <div className="content">
        {/* Lookup stays mounted so the customer's card survives a trip to another screen. */}
        <div hidden={screen !== 'lookup'}>
          <LookupScreen key={lookupKey} onAccount={setCard} active={screen === 'lookup'} onRenew={() => setScreen('renew')} />
        </div>
        {screen === 'renew' && (
          <RenewScreen
            card={card}
            onDone={() => {
              setCard(null);
              setLookupKey((k) => k + 1);
              setScreen('lookup');
            }}
          />
        )}
        {screen === 'sales' && (
          <SalesScreen extraActions={(sale, refresh) => <SaleReceiptActions saleId={sale.saleId} voided={sale.status === 'voided'} onReprinted={refresh} />} />
        )}
        {screen === 'printer' && <PrinterScreen />}
      </div>
      {connection && <div className="error-banner" role="alert">{t(connection.messageKey)}</div>}
      <StatusBar status={status} onSignOut={() => void signOut()} />
    </div>
  );
}
