import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkSummary } from '../src-shared/contract/auth';
import type { TerminalStatus } from '../src-shared/contract/methods';
import type { AppErrorShape } from '../src-shared/contract/errors';
import { useClient } from './ClientContext';
import { toErrorShape } from './client/client';
import { StatusBar, type ShiftInfo } from './components/StatusBar';
import { FatalScreen } from './screens/FatalScreen';
import { RestoreScreen } from './screens/RestoreScreen';
import { EnrolDone, EnrolScreen } from './screens/EnrolScreen';
import type { EnrolResult } from '../src-shared/contract/enrol';
import { LookupScreen } from './screens/LookupScreen';
import { hasPendingConfirm, RenewScreen } from './screens/RenewScreen';
import { SalesScreen } from './screens/SalesScreen';
import { PrinterScreen } from './screens/PrinterScreen';
import { ItSettingsScreen } from './screens/ItSettingsScreen';
import { SaleReceiptActions } from './components/SaleReceiptActions';
import { InvoiceRequest } from './components/InvoiceRequest';
import type { AccountCard } from '../src-shared/contract/lookup';
import { SignInScreen } from './screens/SignInScreen';
import { ShiftScreen, type ShiftState } from './screens/ShiftScreen';
import { DayCloseScreen } from './screens/DayCloseScreen';
import { ClerkUnlockButton, IdleLock, useIdleTimer } from './components/IdleLock';
import { useScanner, type Scan } from './scanner';
import { ScreenBoundary } from './components/ScreenBoundary';

type Health = { ok: boolean; error: AppErrorShape | null; dataDir: string };

const SCREENS = [
  { key: 'F1', id: 'lookup' },
  { key: 'F2', id: 'renew' },
  { key: 'F3', id: 'sales' },
  { key: 'F4', id: 'shift' },
  { key: 'F5', id: 'day' },
  { key: 'F6', id: 'printer' },
  { key: 'F9', id: 'settings' },
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
  // issue 17: the answer of this session's enrolment, shown on the sign-in screen until a clerk signs in
  const [enrolled, setEnrolled] = useState<EnrolResult | null>(null);
  const [card, setCard] = useState<AccountCard | null>(null);
  const [lookupKey, setLookupKey] = useState(0);
  const [scan, setScan] = useState<Scan | null>(null);
  const [workKey, setWorkKey] = useState(0);
  // Idle lock (store setting idleLockMinutes) and whether a shift is open ('unknown' until asked).
  const [locked, setLocked] = useState<ClerkSummary | null>(null);
  const [idleMinutes, setIdleMinutes] = useState(5);
  const [shiftOpen, setShiftOpen] = useState<'unknown' | 'open' | 'none'>('unknown');
  // Shift and business date for the status bar (kept while the screen is locked).
  const [shiftInfo, setShiftInfo] = useState<ShiftInfo | null>(null);
  const shiftChanged = useCallback((s: ShiftState) => {
    setShiftOpen(s.shift ? 'open' : 'none');
    setShiftInfo({ open: s.shift !== null, businessDate: s.shift?.businessDate ?? s.businessDate });
  }, []);
  const refreshShift = useCallback(async () => {
    try {
      shiftChanged(await client.call('shift.current', {}));
    } catch {
      setShiftOpen('unknown');
    }
  }, [client, shiftChanged]);

  // The session lives in the main process: when it ends there (idle minutes without a call), the status
  // poll sees nobody signed in and the lock screen the server names takes over.
  const clerkRef = useRef<ClerkSummary | null>(null);
  const refreshStatus = useCallback(async () => {
    try {
      const s = await client.call('system.status', {});
      setStatus(s);
      setClerk(s.clerk);
      setConnection(null);
      const had = clerkRef.current;
      clerkRef.current = s.clerk;
      if (had && !s.clerk) {
        const lock = await client.call('auth.lockState', {});
        // the work behind the lock stays as the clerk left it (hidden); another clerk starts afresh
        if (lock.lockedClerk) setLocked(lock.lockedClerk);
      }
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

  const isEnrolled = status?.enrolled ?? null;
  useEffect(() => {
    if (!health?.ok || isEnrolled === false) return;
    void client.call('auth.lockState', {}).then((s) => {
      setIdleMinutes(s.idleLockMinutes);
      if (s.lockedClerk) setLocked(s.lockedClerk);
    }).catch(() => undefined);
  }, [client, health, isEnrolled]);

  useEffect(() => {
    if (!clerk) return void setShiftOpen('unknown');
    void refreshShift();
    const timer = setInterval(() => void refreshShift(), 5000);
    return () => clearInterval(timer);
  }, [clerk, refreshShift, screen]);

  useIdleTimer(clerk !== null, idleMinutes, () => {
    const who = clerk;
    void client.call('auth.lock', {}).catch(() => undefined).finally(() => {
      setLocked(who);
      setClerk(null);
    });
  });

  // A scan from any screen and any focus goes to the lookup; the previous customer is gone at once.
  useScanner(clerk !== null, (s) => {
    setCard(null);
    setScreen('lookup');
    setScan(s);
  });

  const signOut = useCallback(async () => {
    await client.call('auth.signOut', {}).catch(() => undefined);
    setClerk(null);
    setShiftInfo(null);
    setCard(null);
    setScan(null);
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
  if (status && !status.enrolled) {
    return (
      <EnrolScreen
        onEnrolled={(r) => {
          setEnrolled(r);
          void refreshStatus();
        }}
      />
    );
  }
  if (status?.ledger?.state === 'restoreRequired') return <RestoreScreen ledger={status.ledger} onDone={() => void refreshStatus()} />;

  const lockScreen = !clerk && locked && (
    <IdleLock
      clerk={locked}
      minutes={idleMinutes}
      onUnlocked={(c) => {
        setLocked(null);
        setClerk(c);
        void refreshStatus();
      }}
      onOtherClerk={() => {
        setLocked(null);
        setShiftInfo(null);
        setCard(null);
        setScan(null);
        setLookupKey((k) => k + 1);
        setWorkKey((k) => k + 1);
        setScreen('lookup');
      }}
    />
  );
  // whose work is on screen: the signed-in clerk, or the locked one (kept, hidden, behind the lock)
  const workClerk = clerk ?? locked;
  const logRenderError = (screenId: string, error: Error, componentStack: string) => {
    void client
      .call('system.rendererError', { screen: screenId, message: String(error.message).slice(0, 500), componentStack: componentStack.slice(0, 4000) })
      .catch(() => undefined);
  };

  if (!workClerk) {
    return (
      <div className="app">
        {enrolled && <EnrolDone result={enrolled} />}
        <SignInScreen
          setupProblem={connection ?? (status && !status.terminal ? { code: 'NOT_SET_UP', messageKey: 'ui:signin.notSetUp' } : null)}
          onSignedIn={(c) => {
            setEnrolled(null);
            setClerk(c);
            setScreen('lookup');
            void refreshStatus();
          }}
        />
        <ClerkUnlockButton />
        <StatusBar status={status} />
      </div>
    );
  }

  return (
    <div className="app">
      {lockScreen}
      <div className="work" key={workKey} hidden={!clerk}>
      <nav className="top-nav" data-testid="top-nav" data-shift={shiftOpen}>
        <span className="brand">{t('common:appName')}</span>
        {SCREENS.map((s) => (
          <button
            key={s.id}
            type="button"
            className={screen === s.id ? 'selected' : ''}
            data-testid={`nav-${s.id}`}
            onClick={() => setScreen(s.id)}
          >
            {t(s.id === 'printer' ? 'printing:nav' : s.id === 'settings' ? 'settings:nav' : s.id === 'shift' ? 'shift:nav' : s.id === 'day' ? 'shift:navDay' : `nav.${s.id}`)} <kbd>{s.key}</kbd>
          </button>
        ))}
      </nav>
      <div className="content">
        {/* Lookup stays mounted so the customer's card survives a trip to another screen. */}
        <div hidden={screen !== 'lookup'}>
          <ScreenBoundary screen="lookup" onError={logRenderError}>
            <LookupScreen key={lookupKey} onAccount={setCard} active={screen === 'lookup' && clerk !== null} scan={scan} onRenew={() => setScreen('renew')} />
          </ScreenBoundary>
        </div>
        {screen === 'renew' && shiftOpen === 'none' && (
          <div className="renew-blocked" role="alert" data-testid="no-shift-banner" style={{ marginBottom: '1rem' }}>
            {t('shift:noOpenShiftBanner')}{' '}
            <button type="button" className="primary" data-testid="no-shift-open" onClick={() => setScreen('shift')}>
              {t('shift:openShiftNow')} <kbd>F4</kbd>
            </button>
          </div>
        )}
        {screen === 'renew' && (
          <ScreenBoundary screen="renew" onError={logRenderError}>
            <RenewScreen
              card={card}
              onDone={() => {
                setCard(null);
                setScan(null);
                setLookupKey((k) => k + 1);
                setScreen('lookup');
              }}
            />
          </ScreenBoundary>
        )}
        {screen === 'sales' && (
          <ScreenBoundary screen="sales" onError={logRenderError}>
            <SalesScreen
              extraActions={(sale, refresh) => (
                <>
                  <SaleReceiptActions saleId={sale.saleId} voided={sale.status === 'voided'} onReprinted={refresh} />
                  <InvoiceRequest saleId={sale.saleId} voided={sale.status === 'voided'} />
                </>
              )}
            />
          </ScreenBoundary>
        )}
        {screen === 'shift' && (
          <ScreenBoundary screen="shift" onError={logRenderError}>
            <ShiftScreen onChanged={shiftChanged} />
          </ScreenBoundary>
        )}
        {screen === 'day' && (
          <ScreenBoundary screen="day" onError={logRenderError}>
            <DayCloseScreen onChanged={() => void refreshShift()} />
          </ScreenBoundary>
        )}
        {screen === 'printer' && (
          <ScreenBoundary screen="printer" onError={logRenderError}>
            <PrinterScreen />
          </ScreenBoundary>
        )}
        {screen === 'settings' && (
          <ScreenBoundary screen="settings" onError={logRenderError}>
            <ItSettingsScreen />
          </ScreenBoundary>
        )}
      </div>
      </div>
      {connection && <div className="error-banner" role="alert">{t(connection.messageKey)}</div>}
      <StatusBar status={status} shift={(clerk ? (shiftInfo ?? status?.shift) : (status?.shift ?? shiftInfo)) ?? null} onSignOut={clerk ? () => void signOut() : undefined} />
    </div>
  );
}
