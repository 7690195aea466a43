import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkSummary } from '../../src-shared/contract/auth';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/LanguageSwitch';

const PAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

export function SignInScreen({ onSignedIn, setupProblem }: { onSignedIn: (c: ClerkSummary) => void; setupProblem: AppErrorShape | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const [clerks, setClerks] = useState<ClerkSummary[] | null>(null);
  const [selected, setSelected] = useState<ClerkSummary | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      client
        .call('auth.listClerks', {})
        .then((r) => !cancelled && setClerks(r.clerks))
        .catch((e: unknown) => !cancelled && setError(toErrorShape(e)));
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client]);

  function choose(c: ClerkSummary) {
    setSelected(c);
    setPin('');
    setError(null);
    setTimeout(() => pinRef.current?.focus(), 0);
  }

  async function submit() {
    if (!selected || busy) return;
    if (!/^\d{4,8}$/.test(pin)) {
      setError({ code: 'INVALID_INPUT', messageKey: 'errors:pinFormat', field: 'pin' });
      return;
    }
    setBusy(true);
    try {
      const r = await client.call('auth.signIn', { clerkId: selected.clerkId, pin });
      onSignedIn(r.clerk);
    } catch (e) {
      setError(toErrorShape(e));
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  function press(key: (typeof PAD)[number]) {
    if (key === 'clear') setPin('');
    else if (key === 'back') setPin((p) => p.slice(0, -1));
    else setPin((p) => (p.length < 8 ? p + key : p));
    pinRef.current?.focus();
  }

  return (
    <main className="signin" data-testid="signin-screen">
      <header className="signin-head">
        <h1>{t('common:appName')}</h1>
        <LanguageSwitch />
      </header>
      <ErrorMessage error={setupProblem} testId="setup-problem" />
      <section className="signin-body">
        <div className="clerk-list">
          <h2 id="clerk-list-title">{t('signin.chooseClerk')}</h2>
          {clerks === null && <p>{t('signin.loading')}</p>}
          {clerks?.length === 0 && <p className="muted">{t('signin.noClerks')}</p>}
          <div className="clerk-list" role="listbox" aria-labelledby="clerk-list-title">
          {clerks?.map((c) => (
            <button
              key={c.clerkId}
              type="button"
              role="option"
              aria-selected={selected?.clerkId === c.clerkId}
              className={`clerk-button ${selected?.clerkId === c.clerkId ? 'selected' : ''}`}
              data-testid={`clerk-${c.code}`}
              onClick={() => choose(c)}
            >
              <span className="clerk-name">{c.name}</span>
              <span className="clerk-meta">
                {c.code} · {t(`signin.role.${c.role}`)}
              </span>
            </button>
          ))}
          </div>
        </div>
        <form
          className="pin-panel"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>{selected ? t('signin.pinFor', { name: selected.name }) : t('signin.chooseFirst')}</h2>
          <input
            ref={pinRef}
            className="pin-input"
            data-testid="pin-input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            disabled={!selected}
            aria-label={t('signin.pin')}
            placeholder={t('signin.pin')}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setSelected(null);
                setPin('');
              }
            }}
          />
          <ErrorMessage error={error} testId="signin-error" />
          <div className="pin-pad">
            {PAD.map((k) => (
              <button key={k} type="button" className="pad-key" disabled={!selected} onClick={() => press(k)}>
                {k === 'clear' ? t('signin.clear') : k === 'back' ? '⌫' : k}
              </button>
            ))}
          </div>
          <button className="primary wide" type="submit" data-testid="signin-submit" disabled={!selected || busy}>
            {t('signin.submit')} ⏎
          </button>
        </form>
      </section>
    </main>
  );
}
