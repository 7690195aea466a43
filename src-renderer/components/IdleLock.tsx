import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { ClerkSummary } from '../../src-shared/contract/auth';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';
import { SupervisorDialog } from './SupervisorDialog';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'touchstart', 'wheel'] as const;

/** Calls `onIdle` once after `minutes` without keyboard, mouse or touch (while `enabled`). */
export function useIdleTimer(enabled: boolean, minutes: number, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!enabled || minutes <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => onIdleRef.current(), minutes * 60_000);
    };
    arm();
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, arm, { passive: true });
    return () => {
      if (timer) clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, arm);
    };
  }, [enabled, minutes]);
}

/**
 * The idle lock screen: nothing of the work behind it is shown. The same clerk's PIN opens it; any
 * other clerk can sign in instead (the screens then start afresh).
 */
export function IdleLock(props: { clerk: ClerkSummary; minutes: number; onUnlocked: (clerk: ClerkSummary) => void; onOtherClerk: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  async function unlock() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('auth.signIn', { clerkId: props.clerk.clerkId, pin });
      props.onUnlocked(r.clerk);
    } catch (e) {
      setError(toErrorShape(e));
      setPin('');
      ref.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" data-testid="idle-lock" style={{ alignItems: 'center', justifyContent: 'center' }}>
      <form
        className="pin-panel"
        style={{ width: 460 }}
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <h1 style={{ margin: 0 }}>{t('shift:lock.title')}</h1>
        <p>{t('shift:lock.message', { name: props.clerk.name, code: props.clerk.code, minutes: props.minutes })}</p>
        <label className="field">
          <span>{t('shift:lock.pin')}</span>
          <input
            ref={ref}
            className="pin-input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            data-testid="lock-pin"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        <ErrorMessage error={error} testId="lock-error" />
        <button type="submit" className="primary wide" disabled={busy || pin.length < 4} data-testid="lock-unlock">
          {t('shift:lock.unlock')} <kbd>⏎</kbd>
        </button>
        <button type="button" className="link-button" data-testid="lock-other-clerk" onClick={props.onOtherClerk}>
          {t('shift:lock.otherClerk')}
        </button>
      </form>
    </main>
  );
}

/** On the sign-in screen: a supervisor clears a clerk's PIN lockout (5 wrong PINs). */
export function ClerkUnlockButton() {
  const { t } = useTranslation();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [clerks, setClerks] = useState<ClerkSummary[]>([]);
  const [clerkId, setClerkId] = useState('');
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    void client.call('auth.listClerks', {}).then((r) => {
      setClerks(r.clerks);
      setClerkId((id) => id || r.clerks[0]?.clerkId || '');
    });
  }, [client, open]);

  return (
    <div style={{ padding: '0 2rem 1rem' }}>
      {done && <p className="pill ok" data-testid="clerk-unlocked">{t('shift:unlockClerk.done', { name: done })}</p>}
      <button type="button" className="link-button" data-testid="clerk-unlock-open" onClick={() => setOpen(true)}>
        {t('shift:unlockClerk.button')}
      </button>
      {open && (
        <SupervisorDialog
          title={t('shift:unlockClerk.title')}
          message={t('shift:unlockClerk.message')}
          onCancel={() => setOpen(false)}
          onConfirm={async (supervisorId, pin) => {
            const r = await client.call('auth.unlockClerk', { clerkId, supervisorId, pin });
            setDone(r.clerk.name);
            setOpen(false);
          }}
        >
          <label className="field">
            <span>{t('shift:unlockClerk.clerk')}</span>
            <select value={clerkId} data-testid="unlock-clerk-select" onChange={(e) => setClerkId(e.target.value)}>
              {clerks.map((c) => (
                <option key={c.clerkId} value={c.clerkId}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>
        </SupervisorDialog>
      )}
    </div>
  );
}
