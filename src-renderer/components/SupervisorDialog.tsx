import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { ClerkSummary } from '../../src-shared/contract/auth';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

/**
 * The one supervisor-override dialog: voids, offline limits, lookup lockout, closing with pending sync.
 * `onConfirm` gets the supervisor and PIN and does the guarded action; its error is shown here.
 */
export function SupervisorDialog(props: {
  title: string;
  message?: string;
  /** Extra fields the guarded action needs (e.g. the reason of a void). */
  children?: ReactNode;
  onConfirm: (supervisorId: string, pin: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [supervisors, setSupervisors] = useState<ClerkSummary[]>([]);
  const [supervisorId, setSupervisorId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    void client.call('auth.listClerks', {}).then((r) => {
      const list = r.clerks.filter((c) => c.role === 'supervisor');
      setSupervisors(list);
      if (list[0]) setSupervisorId(list[0].clerkId);
      // The first field the action needs (a void's reason) comes first, then the PIN.
      setTimeout(() => (formRef.current?.querySelector<HTMLElement>('[data-first-field]') ?? pinRef.current)?.focus(), 0);
    });
  }, [client]);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(supervisorId, pin);
    } catch (e) {
      setError(toErrorShape(e));
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={props.title} data-testid="supervisor-dialog">
      <form
        className="dialog"
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            props.onCancel();
          } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target !== pinRef.current) {
            // Enter on the action's own field (the reason) moves on to the PIN.
            e.preventDefault();
            pinRef.current?.focus();
          }
        }}
      >
        <h2>{props.title}</h2>
        {props.message && <p>{props.message}</p>}
        {props.children}
        <label className="field">
          <span>{t('supervisor.who')}</span>
          <select value={supervisorId} data-testid="supervisor-select" onChange={(e) => setSupervisorId(e.target.value)}>
            {supervisors.map((s) => (
              <option key={s.clerkId} value={s.clerkId}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('supervisor.pin')}</span>
          <input
            ref={pinRef}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            data-testid="supervisor-pin"
            value={pin}
            maxLength={8}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        <ErrorMessage error={error} testId="supervisor-error" />
        <div className="dialog-actions">
          <button type="button" onClick={props.onCancel} data-testid="supervisor-cancel">
            {t('supervisor.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy || !supervisorId || pin.length < 4} data-testid="supervisor-confirm">
            {t('supervisor.confirm')} <kbd>⏎</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
