import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountServiceOutcome } from '../../src-shared/contract/account';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { formatLocalDateTime, validateMobilePhone, type AccountServiceKind } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';
import { SupervisorDialog } from './SupervisorDialog';

const SERVICES: AccountServiceKind[] = ['reportLost', 'cancelLost', 'changePhone', 'resetApp'];

/** Which services the device's status allows (HQ decides in the end; this only greys out the pointless ones). */
function possible(kind: AccountServiceKind, card: AccountCard): boolean {
  const lost = card.status === 'suspended' && card.statusReasonCode === 'reported_lost';
  if (kind === 'reportLost') return card.status !== 'cancelled' && !lost;
  if (kind === 'cancelLost') return lost || card.status === 'cancelled'; // a cancelled device: HQ says why not
  return true;
}

/**
 * Account service for the device on the card (F8 on the lookup screen): 1–4 or ↑/↓ + Enter choose a
 * service, Enter confirms (a supervisor's PIN when the store's HQ setting asks for one), Esc goes back.
 */
export function AccountServicePanel({ card, onClose, onDone }: { card: AccountCard; onClose: () => void; onDone: (outcome: AccountServiceOutcome) => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [needs, setNeeds] = useState<Record<AccountServiceKind, boolean> | null>(null);
  const [at, setAt] = useState(0);
  const [kind, setKind] = useState<AccountServiceKind | null>(null);
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<AppErrorShape | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [askSupervisor, setAskSupervisor] = useState(false);
  const [outcome, setOutcome] = useState<AccountServiceOutcome | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  // below the card on a 1024×768 screen: bring the panel into view as the step changes
  useEffect(() => {
    panelRef.current?.scrollIntoView({ block: 'end' });
  }, [kind, outcome]);

  useEffect(() => {
    void client.call('account.serviceRules', {}).then((r) => setNeeds(r.needsSupervisor), () => setNeeds(null));
  }, [client]);
  useEffect(() => {
    if (kind === null) menuRef.current?.focus();
    else if (kind === 'changePhone' && !outcome) phoneRef.current?.focus();
    else formRef.current?.focus();
  }, [kind, outcome]);

  function choose(k: AccountServiceKind) {
    setKind(k);
    setOutcome(null);
    setError(null);
    setPhone('');
    setPhoneError(null);
  }

  async function submit(supervisor?: { supervisorId: string; pin: string }) {
    if (!kind) return;
    if (kind === 'changePhone') {
      const p = validateMobilePhone(phone);
      if (!p.ok) {
        setPhoneError(p.error);
        phoneRef.current?.focus();
        return;
      }
    }
    if (!supervisor && needs?.[kind]) {
      setAskSupervisor(true);
      return;
    }
    setBusy(true);
    setError(null);
    const input = { accountId: card.accountId, deviceId: card.device.deviceId, ...(supervisor ? { supervisor } : {}) };
    try {
      const r =
        kind === 'changePhone'
          ? await client.call('account.changePhone', { ...input, phone })
          : kind === 'reportLost'
            ? await client.call('account.reportLost', input)
            : kind === 'cancelLost'
              ? await client.call('account.cancelLost', input)
              : await client.call('account.resetApp', input);
      setOutcome(r);
      if (r.status === 'confirmed') onDone(r);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.field === 'phone') setPhoneError(shape);
      else if (shape.code === 'SUPERVISOR_REQUIRED' && !supervisor) setAskSupervisor(true); // the rule came in after the key
      else if (supervisor) throw e; // shown in the supervisor dialog (wrong PIN…)
      else setError(shape);
    } finally {
      setBusy(false);
    }
  }

  const zh = i18n.language === 'zh-CN';
  const reason = outcome && (zh ? outcome.messageZh : outcome.messageEn);

  return (
    <section ref={panelRef} className="service-panel" data-testid="service-panel" aria-labelledby="service-title">
      <h2 id="service-title">
        {t('account:title')} · {card.holderName} · {card.device.numberMasked}
      </h2>
      {kind === null ? (
        <div
          ref={menuRef}
          className="service-menu"
          role="listbox"
          tabIndex={0}
          aria-labelledby="service-title"
          aria-activedescendant={`service-${SERVICES[at]}`}
          data-testid="service-menu"
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setAt((i) => Math.min(SERVICES.length - 1, i + 1));
            else if (e.key === 'ArrowUp') setAt((i) => Math.max(0, i - 1));
            else if (/^[1-4]$/.test(e.key)) choose(SERVICES[Number(e.key) - 1]!);
            else if (e.key === 'Enter') choose(SERVICES[at]!);
            else if (e.key === 'Escape') {
              e.stopPropagation();
              onClose();
            } else return;
            e.preventDefault();
          }}
        >
          {SERVICES.map((k, i) => (
            <div
              key={k}
              id={`service-${k}`}
              role="option"
              aria-selected={i === at}
              aria-disabled={!possible(k, card)}
              className={`device-option service-option${i === at ? ' highlighted' : ''}${possible(k, card) ? '' : ' unlikely'}`}
              data-testid={`service-${k}`}
              onClick={() => choose(k)}
            >
              <kbd className="option-key">{i + 1}</kbd>
              <span className="option-device">{t(`account:service.${k}`)}</span>
              <span className="option-expiry">{needs?.[k] ? t('account:needsSupervisor') : ''}</span>
            </div>
          ))}
          <p className="muted small">{t('account:keys')}</p>
        </div>
      ) : (
        <div
          ref={formRef}
          tabIndex={-1}
          className="service-form"
          data-testid={`service-form-${kind}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              if (askSupervisor) return;
              setKind(null);
            } else if (e.key === 'Enter' && !busy && !outcome && !askSupervisor) {
              e.preventDefault();
              void submit();
            }
          }}
        >
          <h3>{t(`account:service.${kind}`)}</h3>
          <p>{t(`account:explain.${kind}`)}</p>
          {kind === 'changePhone' && (
            <label className="field">
              <span>{t('account:phone')}</span>
              <input
                ref={phoneRef}
                data-testid="service-phone"
                inputMode="numeric"
                maxLength={20}
                value={phone}
                aria-invalid={!!phoneError}
                disabled={!!outcome}
                onChange={(e) => {
                  setPhone(e.target.value);
                  setPhoneError(null);
                }}
              />
              <ErrorMessage error={phoneError} testId="service-phone-error" />
            </label>
          )}
          <ErrorMessage error={error} testId="service-error" />
          {busy && <p className="muted">{t('account:working')}</p>}
          {outcome && (
            <p className={`service-outcome outcome-${outcome.status}`} data-testid="service-outcome" data-status={outcome.status} role="status">
              {outcome.status === 'confirmed'
                ? kind === 'resetApp'
                  ? outcome.slipPrinted
                    ? t('account:resetPrinted', { until: outcome.resetCodeExpiresAt ? formatLocalDateTime(new Date(outcome.resetCodeExpiresAt), card.timeZone) : '' })
                    : t('account:resetNotPrinted')
                  : `${t(outcome.slipPrinted ? 'account:confirmed' : 'account:confirmedNoSlip')}${outcome.phoneMasked ? ` ${t('account:phoneNow', { phone: outcome.phoneMasked })}` : ''}`
                : outcome.status === 'rejected'
                  ? t('account:refused', { reason })
                  : t(outcome.status === 'queued' ? 'account:queued' : 'account:noAnswer')}
            </p>
          )}
          <div className="lookup-actions">
            {!outcome && (
              <button type="button" className="primary" data-testid="service-confirm" disabled={busy} onClick={() => void submit()}>
                {t('account:confirm')} <kbd>⏎</kbd>
                {needs?.[kind] ? ` · ${t('account:needsSupervisor')}` : ''}
              </button>
            )}
            <button type="button" data-testid="service-back" onClick={() => setKind(null)}>
              {t('account:back')} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
      {askSupervisor && kind && (
        <SupervisorDialog
          title={t(`account:service.${kind}`)}
          onCancel={() => {
            setAskSupervisor(false);
            formRef.current?.focus();
          }}
          onConfirm={async (supervisorId, pin) => {
            await submit({ supervisorId, pin });
            setAskSupervisor(false);
          }}
        />
      )}
    </section>
  );
}
