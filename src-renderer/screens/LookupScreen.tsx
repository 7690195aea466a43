import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { validateDeviceNumber, validateNationalId } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { AccountCardView } from '../components/AccountCardView';
import { DeviceList } from '../components/DeviceList';
import { AccountServicePanel } from '../components/AccountServicePanel';
import { ErrorMessage } from '../components/ErrorMessage';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { IdCardPanel } from '../components/IdCardReader';
import { AdvicePanel } from '../components/AdvicePanel';
import type { IdCardRead } from '../../src-shared/contract/cardinfo';
import type { Scan } from '../scanner';

/** Inline check as the clerk types: silent while a number is still short, explicit once it is complete. */
function idProblem(value: string): AppErrorShape | null {
  const v = value.trim();
  if (v.length < 18) return null;
  const r = validateNationalId(v);
  return r.ok ? null : r.error;
}
function deviceProblem(value: string): AppErrorShape | null {
  const v = value.trim();
  if (v.length < 15) return null;
  const r = validateDeviceNumber(v);
  return r.ok ? null : r.error;
}

/** Customer lookup: ID number and device number, built for a barcode scanner (fast typing ending in Enter). */
export function LookupScreen({
  onAccount,
  onRenew,
  active = true,
  scan = null,
}: {
  onAccount?: (card: AccountCard | null) => void;
  onRenew?: () => void;
  active?: boolean;
  /** The latest scan from the scanner listener (any screen, any focus). */
  scan?: Scan | null;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [id, setId] = useState('');
  const [device, setDevice] = useState('');
  const [idError, setIdError] = useState<AppErrorShape | null>(null);
  const [deviceError, setDeviceError] = useState<AppErrorShape | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [card, setCard] = useState<AccountCard | null>(null);
  /** The account's devices to pick from (ID-only lookup, or an account with more than one device). */
  const [devices, setDevices] = useState<AccountCard[] | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [focusList, setFocusList] = useState(0);
  const cardRef = useRef<HTMLDivElement>(null);
  /** The account service panel (F8) for the device on the card. */
  const [serving, setServing] = useState(false);
  /** A card opened from the list is scrolled into view (below the list on a 1024×768 screen); the list keeps the focus. */
  const [pickedAt, setPickedAt] = useState(0);
  useEffect(() => {
    if (pickedAt > 0) cardRef.current?.scrollIntoView({ block: 'nearest' });
  }, [pickedAt]);
  const [busy, setBusy] = useState(false);
  const [unlocking, setUnlocking] = useState(false);
  /** The card the reader read (issue 15 item 2): photo and address only on screen, for the moment. */
  const [readCard, setReadCard] = useState<IdCardRead | null>(null);
  const [reading, setReading] = useState(false);
  const idRef = useRef<HTMLInputElement>(null);
  const deviceRef = useRef<HTMLInputElement>(null);

  // Back on this screen (F1), the ID field has focus: Esc, typing and the scanner work at once.
  useEffect(() => {
    if (active) idRef.current?.focus();
  }, [active]);

  /** A new lookup starts: the previous customer's card goes at once. */
  function dropCard() {
    setCard(null);
    setDevices(null);
    setServing(false);
    setError(null);
    onAccount?.(null);
  }

  const onScan = useRef<(s: Scan) => void>(() => undefined);
  onScan.current = (s: Scan) => {
    dropCard();
    if (s.kind === 'nationalId') {
      setId(s.value);
      setIdError(idProblem(s.value));
      setDevice('');
      setDeviceError(null);
      if (validateNationalId(s.value).ok) deviceRef.current?.focus();
      else idRef.current?.focus();
    } else {
      setDevice(s.value);
      setDeviceError(deviceProblem(s.value));
      void lookUp(idRef.current?.value ?? id, s.value);
    }
  };
  useEffect(() => {
    if (scan) onScan.current(scan);
  }, [scan]);

  /** F7: read the ID card on the reader service; a keyboard-wedge reader needs no key (it types like a scanner). */
  async function readIdCard() {
    if (reading) return;
    setReading(true);
    setReadCard(null);
    setIdError(null);
    try {
      const r = await client.call('idCard.read', {});
      dropCard();
      setId(r.card.nationalId);
      setReadCard(r.card);
      setDevice('');
      setDeviceError(null);
      deviceRef.current?.focus();
    } catch (e) {
      const shape = toErrorShape(e);
      dropCard();
      setId('');
      if (shape.field === 'nationalId') setIdError(shape);
      else setError(shape);
      idRef.current?.focus();
    } finally {
      setReading(false);
    }
  }

  function clear() {
    setReadCard(null);
    setId('');
    setDevice('');
    setIdError(null);
    setDeviceError(null);
    setError(null);
    setCard(null);
    setDevices(null);
    setServing(false);
    onAccount?.(null);
    idRef.current?.focus();
  }

  // the list takes the focus when it appears, so ↑/↓, the number keys and Enter work at once
  useEffect(() => {
    if (focusList > 0) listRef.current?.focus();
  }, [focusList]);

  function openCard(c: AccountCard) {
    setCard(c);
    onAccount?.(c);
  }

  /** ID only: the customer forgot the device number; list the account's devices to pick from. */
  async function lookUpById(idValue = id) {
    const idCheck = validateNationalId(idValue);
    if (!idCheck.ok) {
      setIdError(idCheck.error);
      idRef.current?.focus();
      return;
    }
    setBusy(true);
    dropCard();
    try {
      const r = await client.call('lookup.findById', { nationalId: idCheck.value });
      setDevices(r.devices);
      // one device: its card at once (the list still shows it)
      if (r.devices.length === 1) openCard(r.devices[0]!);
      setFocusList((n) => n + 1);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.field === 'nationalId') setIdError(shape);
      else setError(shape);
    } finally {
      setBusy(false);
    }
  }

  function idEntered() {
    const r = validateNationalId(id);
    if (!r.ok) {
      setIdError(r.error);
      return;
    }
    setId(r.value);
    setIdError(null);
    deviceRef.current?.focus();
  }

  async function lookUp(idValue = id, deviceValue = device) {
    const idCheck = validateNationalId(idValue);
    if (!idCheck.ok) {
      setIdError(idCheck.error);
      idRef.current?.focus();
      return;
    }
    const devCheck = validateDeviceNumber(deviceValue);
    if (!devCheck.ok) {
      setDeviceError(devCheck.error);
      deviceRef.current?.focus();
      return;
    }
    setBusy(true);
    dropCard();
    try {
      const r = await client.call('lookup.find', { nationalId: idCheck.value, deviceNumber: devCheck.value });
      openCard(r.account);
      if (r.devices.length > 1) setDevices(r.devices);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.field === 'nationalId') setIdError(shape);
      else if (shape.field === 'deviceNumber') setDeviceError(shape);
      else setError(shape);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className="screen"
      data-testid="lookup-screen"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !unlocking) {
          e.preventDefault();
          clear();
        }
        if (e.key === 'F8' && card && !unlocking) {
          e.preventDefault();
          setServing(true);
          return;
        }
        if (e.key === 'F7' && !unlocking) {
          e.preventDefault();
          void readIdCard();
        }
      }}
    >
      <h1>{t('lookup.title')}</h1>
      <form className="lookup-form" onSubmit={(e) => e.preventDefault()} autoComplete="off">
        <label className="field">
          <span>{t('lookup.idNumber')}</span>
          <input
            ref={idRef}
            data-testid="lookup-id"
            autoFocus
            spellCheck={false}
            maxLength={18}
            value={id}
            aria-invalid={!!idError}
            onChange={(e) => {
              if (card) dropCard();
              if (readCard && e.target.value.toUpperCase() !== readCard.nationalId) setReadCard(null);
              setId(e.target.value.toUpperCase());
              setIdError(idProblem(e.target.value));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                idEntered();
              }
            }}
          />
          <ErrorMessage error={idError} testId="lookup-id-error" />
        </label>
        <label className="field">
          <span>{t('lookup.deviceNumber')}</span>
          <input
            ref={deviceRef}
            data-testid="lookup-device"
            spellCheck={false}
            inputMode="numeric"
            maxLength={24}
            value={device}
            aria-invalid={!!deviceError}
            onChange={(e) => {
              if (card) dropCard();
              setDevice(e.target.value);
              setDeviceError(deviceProblem(e.target.value));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                // an empty device number: the ID alone lists the account's devices
                if (device.trim() === '') void lookUpById();
                else void lookUp();
              }
            }}
          />
          <ErrorMessage error={deviceError} testId="lookup-device-error" />
        </label>
        <div className="lookup-actions">
          <button type="button" className="primary" data-testid="lookup-submit" disabled={busy} onClick={() => void lookUp()}>
            {t('lookup.submit')} <kbd>⏎</kbd>
          </button>
          <button type="button" data-testid="lookup-by-id" disabled={busy} onClick={() => void lookUpById()}>
            {t('lookup.byId')}
          </button>
          <button type="button" data-testid="lookup-clear" onClick={clear}>
            {t('lookup.clear')} <kbd>Esc</kbd>
          </button>
          <button type="button" data-testid="idcard-read" disabled={reading} onClick={() => void readIdCard()}>
            {reading ? t('cardinfo:reader.reading') : t('cardinfo:reader.read')} <kbd>F7</kbd>
          </button>
        </div>
      </form>
      <ErrorMessage error={error} testId="lookup-error" />
      {error?.code === 'LOCKED' && (
        <button type="button" className="primary" data-testid="lookup-unlock" onClick={() => setUnlocking(true)}>
          {t('lookup.unlock')}
        </button>
      )}
      {busy && <p className="muted">{t('lookup.searching')}</p>}
      {readCard && <IdCardPanel card={readCard} accountName={card?.holderName ?? null} onHide={() => idRef.current?.focus()} />}
      {devices && (
        <DeviceList
          ref={listRef}
          devices={devices}
          openId={card?.device.deviceId ?? null}
          onOpen={(c) => {
            openCard(c);
            setPickedAt((n) => n + 1);
          }}
        />
      )}
      <div ref={cardRef} className="card-slot">
        {card && <AccountCardView card={card} listed={!!devices} />}
        {card?.renewable && onRenew && (
          <button type="button" className="primary wide renew-go" data-testid="go-renew" onClick={onRenew}>
            {t('lookup.renew')} <kbd>F2</kbd>
          </button>
        )}
        {card && !serving && (
          <button type="button" className="wide renew-go" data-testid="go-service" onClick={() => setServing(true)}>
            {t('account:open')} <kbd>F8</kbd>
          </button>
        )}
        {card && serving && (
          <AccountServicePanel
            key={card.device.deviceId}
            card={card}
            onClose={() => {
              setServing(false);
              (devices ? listRef.current : idRef.current)?.focus();
            }}
            onDone={(o) => {
              if (!o.subscriptionStatus) return;
              const lost = o.subscriptionStatus === 'suspended';
              const next: AccountCard = {
                ...card,
                status: o.subscriptionStatus,
                statusReasonCode: lost ? 'reported_lost' : null,
                statusReason: lost ? '挂失' : null,
                renewable: o.subscriptionStatus === 'active' || o.subscriptionStatus === 'expired',
              };
              setCard(next);
              onAccount?.(next);
              setDevices((list) => list?.map((d) => (d.device.deviceId === next.device.deviceId ? next : d)) ?? null);
            }}
          />
        )}
        {/* after the actions: the renewal (F2) stays on screen at 1024×768; advice and history scroll below it */}
        {card && <AdvicePanel card={card} />}
      </div>
      {!card && !devices && !error && <p className="muted">{t('lookup.hint')}</p>}
      {unlocking && (
        <SupervisorDialog
          title={t('lookup.unlockTitle')}
          onCancel={() => setUnlocking(false)}
          onConfirm={async (supervisorId, pin) => {
            await client.call('lookup.unlock', { supervisorId, pin });
            setUnlocking(false);
            setError(null);
            idRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
