import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { MethodOutput } from '../../src-shared/contract';
import { countTotalFen, DENOMINATIONS_FEN, reconcile, type DenominationCounts } from '../../src-shared/domain/reconciliation';
import { formatFen, formatLocalDateTime, tryParseYuanToFen } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { NoSalePanel } from '../components/NoSalePanel';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';

export type ShiftState = MethodOutput<'shift.current'>;

/** Text inputs per denomination -> counts (blank = 0); null for a field that is not a whole number. */
export function parseCounts(texts: Record<string, string>): { counts: DenominationCounts; bad: string | null } {
  const counts: DenominationCounts = {};
  for (const d of DENOMINATIONS_FEN) {
    const text = (texts[d] ?? '').trim();
    if (text === '') continue;
    if (!/^\d{1,6}$/.test(text)) return { counts, bad: String(d) };
    counts[d] = Number(text);
  }
  return { counts, bad: null };
}

/** The drawer count by denomination (100, 50, 20, 10, 5, 1 yuan, 5 and 1 jiao) with a live total. */
export function DenominationCount(props: { texts: Record<string, string>; onChange: (texts: Record<string, string>) => void; testPrefix: string; totalLabel?: string; onSubmit?: () => void; columns?: number }) {
  const { t } = useTranslation();
  const { counts, bad } = parseCounts(props.texts);
  const total = countTotalFen(counts);
  return (
    <div className="denomination-count" style={{ display: 'grid', gridTemplateColumns: `repeat(${props.columns ?? 4}, minmax(150px, 1fr))`, gap: '0.75rem', maxWidth: 900 }}>
      {DENOMINATIONS_FEN.map((d, i) => {
        const pieces = counts[d] ?? 0;
        return (
          <label key={d} className="field">
            <span>
              {t(`shift:denomination.${d}`)} <span className="muted">= {formatFen(d * pieces)}</span>
            </span>
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              autoFocus={i === 0}
              data-testid={`${props.testPrefix}-${d}`}
              aria-invalid={bad === String(d)}
              value={props.texts[d] ?? ''}
              placeholder="0"
              onChange={(e) => props.onChange({ ...props.texts, [d]: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && props.onSubmit) {
                  e.preventDefault();
                  props.onSubmit();
                }
              }}
            />
          </label>
        );
      })}
      <div style={{ gridColumn: '1 / -1' }}>
        <span className="muted">{t(props.totalLabel ?? 'shift:open.total')} </span>
        <span className="big" data-testid={`${props.testPrefix}-total`}>
          {bad ? <span className="expired">{t('shift:errors.countWhole')}</span> : total.ok ? formatFen(total.totalFen) : '—'}
        </span>
      </div>
    </div>
  );
}

/** F4: open a shift with the float counted; then paid-in / paid-out with a reason. */
export function ShiftScreen(props: { onChanged?: (s: ShiftState) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const onChanged = useRef(props.onChanged);
  onChanged.current = props.onChanged;
  const [state, setState] = useState<ShiftState | null>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'paidIn' | 'paidOut'>('paidOut');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const [floatReason, setFloatReason] = useState('');
  /** The handover form (close shift) is open. */
  const [closing, setClosing] = useState(false);
  const [closed, setClosed] = useState<MethodOutput<'shift.close'>['report'] | null>(null);

  const load = useCallback(async () => {
    try {
      const s = await client.call('shift.current', {});
      setState(s);
      // the next clerk opens on the count the last shift handed over: pre-filled
      if (!s.shift && s.handover) setTexts(Object.fromEntries(Object.entries(s.handover.counts).filter(([, n]) => n > 0).map(([d, n]) => [d, String(n)])));
      onChanged.current?.(s);
    } catch (e) {
      setError(toErrorShape(e));
    }
  }, [client]);
  useEffect(() => void load(), [load]);

  async function openShift() {
    const { counts, bad } = parseCounts(texts);
    if (bad) return setError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.countWhole', field: `counts.${bad}` });
    setBusy(true);
    setError(null);
    try {
      await client.call('shift.open', { counts, ...(floatReason.trim() ? { floatReason } : {}) });
      setTexts({});
      setFloatReason('');
      setClosed(null);
      await load();
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  async function saveMovement() {
    setSaved(false);
    const parsed = tryParseYuanToFen(amount, 'amountFen');
    if (!parsed.ok) return setError(parsed.error);
    setBusy(true);
    setError(null);
    try {
      await client.call('shift.cashMovement', { kind, amountFen: parsed.value, reason });
      setAmount('');
      setReason('');
      setSaved(true);
      await load();
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  if (!state) return <section className="screen" data-testid="shift-screen"><ErrorMessage error={error} testId="shift-error" /></section>;
  const shift = state.shift;
  const floatTotal = countTotalFen(parseCounts(texts).counts);
  const floatDiffers = !!state.handover && floatTotal.ok && floatTotal.totalFen !== state.handover.countedFen;

  if (!shift) {
    return (
      <section className="screen" data-testid="shift-screen" data-open="false">
        <h1>{t('shift:open.title')}</h1>
        <p className="muted">
          {t('shift:open.intro')} · {t('shift:current.businessDate')} {state.businessDate}
        </p>
        {closed && <ShiftReportPanel report={closed} />}
        {state.handover && (
          <p className="pill" data-testid="handover-from">
            {t('shift:handover.from', { clerk: state.handover.clerkName, at: formatLocalDateTime(new Date(state.handover.closedAt)), amount: formatFen(state.handover.countedFen) })}
          </p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void openShift();
          }}
        >
          <DenominationCount texts={texts} onChange={setTexts} testPrefix="float" onSubmit={() => void openShift()} />
          {floatDiffers && (
            <label className="field" style={{ maxWidth: 700, marginTop: '0.75rem' }}>
              <span className="change" data-testid="float-differs">{t('shift:handover.floatDiffers', { amount: formatFen(state.handover!.countedFen) })}</span>
              <input type="text" maxLength={200} data-testid="float-reason" aria-label={t('shift:handover.floatReason')} placeholder={t('shift:handover.floatReason')} value={floatReason} onChange={(e) => setFloatReason(e.target.value)} />
            </label>
          )}
          <ErrorMessage error={error} testId="shift-error" />
          <button type="submit" className="primary wide" disabled={busy} data-testid="shift-open-submit" style={{ marginTop: '1rem' }}>
            {t('shift:open.submit')} <kbd>⏎</kbd>
          </button>
        </form>
      </section>
    );
  }

  if (closing) {
    return (
      <section className="screen" data-testid="shift-screen" data-open="true">
        <ShiftCloseForm
          state={state}
          onCancel={() => setClosing(false)}
          onClosed={(r) => {
            setClosing(false);
            setClosed(r);
            void load();
          }}
        />
      </section>
    );
  }

  return (
    <section className="screen" data-testid="shift-screen" data-open="true">
      <h1>{t('shift:current.title')}</h1>
      <div className="two-col">
      <dl className="account-grid" style={{ maxWidth: 700, alignContent: 'start' }}>
        <dt>{t('shift:current.clerk')}</dt>
        <dd>{shift.clerkName}</dd>
        <dt>{t('shift:current.businessDate')}</dt>
        <dd data-testid="shift-business-date">{shift.businessDate}</dd>
        <dt>{t('shift:current.openedAt')}</dt>
        <dd>{formatLocalDateTime(new Date(shift.openedAt))}</dd>
        <dt>{t('shift:current.float')}</dt>
        <dd data-testid="shift-float">{formatFen(shift.floatFen)}</dd>
        <dt>{t('shift:current.paidIn')}</dt>
        <dd>{formatFen(shift.paidInFen)}</dd>
        <dt>{t('shift:current.paidOut')}</dt>
        <dd data-testid="shift-paid-out">{formatFen(shift.paidOutFen)}</dd>
        <dt>{t('shift:current.expected')}</dt>
        <dd className="big" data-testid="shift-expected">{shift.expectedCashFen === null ? "—" : formatFen(shift.expectedCashFen)}</dd>
      </dl>

      <div>
      <h2>{t('shift:movement.title')}</h2>
      <form
        className="quote"
        onSubmit={(e) => {
          e.preventDefault();
          void saveMovement();
        }}
      >
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          {(['paidIn', 'paidOut'] as const).map((k) => (
            <button key={k} type="button" className={kind === k ? 'selected' : ''} aria-pressed={kind === k} data-testid={`movement-${k}`} onClick={() => setKind(k)}>
              {t(`shift:movement.${k}`)}
            </button>
          ))}
        </div>
        <label className="field">
          <span>{t('shift:movement.amount')}</span>
          <input type="text" inputMode="decimal" data-testid="movement-amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('shift:movement.reason')}</span>
          <input type="text" data-testid="movement-reason" maxLength={200} placeholder={t('shift:movement.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <ErrorMessage error={error} testId="shift-error" />
        {saved && <p className="pill ok" data-testid="movement-saved">{t('shift:movement.saved')}</p>}
        <button type="submit" className="primary" disabled={busy} data-testid="movement-submit">
          {t('shift:movement.submit')} <kbd>⏎</kbd>
        </button>
      </form>
      </div>
      </div>

      <div className="detail-actions" style={{ marginTop: '1rem' }}>
        <button type="button" className="primary" data-testid="shift-close-start" onClick={() => { setError(null); setClosing(true); }}>
          {t('shift:handover.start')}
        </button>
      </div>

      <NoSalePanel />

      <h2>{t('shift:current.movements')}</h2>
      {shift.movements.length === 0 ? (
        <p className="muted">{t('shift:current.none')}</p>
      ) : (
        <ul data-testid="movement-list">
          {shift.movements.map((m, i) => (
            <li key={i}>
              {formatLocalDateTime(new Date(m.at))} · {t(`shift:movement.${m.kind}`)} {formatFen(m.amountFen)} · {m.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Over/short in the clerk's language: "-¥30.00 (short)", "+¥1.00 (over)", "balanced". */
function OverShort(props: { varianceFen: number | null }) {
  const { t } = useTranslation();
  const v = props.varianceFen;
  if (v === null) return <>—</>;
  if (v === 0) return <>{t('shift:handover.balanced')}</>;
  return <>{`${formatFen(v)} (${t(v > 0 ? 'shift:count.over' : 'shift:count.short')})`}</>;
}

/** The shift report on screen (the same figures as the printed one). */
export function ShiftReportPanel(props: { report: MethodOutput<'shift.close'>['report'] }) {
  const { t } = useTranslation();
  const r = props.report;
  return (
    <div className="quote" data-testid="shift-report" style={{ maxWidth: 700, marginBottom: '1rem' }}>
      <h2 style={{ marginTop: 0 }}>{t('shift:handover.reportTitle')} · {r.clerkName}</h2>
      <dl className="quote-grid">
        <dt>{t('shift:current.openedAt')}</dt>
        <dd>{formatLocalDateTime(new Date(r.openedAt))}</dd>
        <dt>{t('shift:current.float')}</dt>
        <dd>{formatFen(r.floatFen)}</dd>
        <dt>{t('shift:handover.cashSales')}</dt>
        <dd>{formatFen(r.cashSalesFen)}</dd>
        <dt>{t('shift:handover.cashRefunds')}</dt>
        <dd>{formatFen(r.cashRefundsFen)}</dd>
        <dt>{t('shift:current.paidIn')} / {t('shift:current.paidOut')}</dt>
        <dd>{formatFen(r.paidInFen)} / {formatFen(r.paidOutFen)}</dd>
        <dt>{t('shift:handover.noSales')}</dt>
        <dd>{r.noSaleCount}</dd>
        <dt>{t('shift:count.expected')}</dt>
        <dd data-testid="shift-report-expected">{formatFen(r.expectedFen)}</dd>
        <dt>{t('shift:count.counted')}</dt>
        <dd data-testid="shift-report-counted">{r.countedFen === null ? '—' : formatFen(r.countedFen)}</dd>
        <dt>{t('shift:handover.overShort')}</dt>
        <dd className={`big ${r.varianceFen ? 'change' : ''}`} data-testid="shift-report-variance" data-fen={r.varianceFen ?? ''}>
          <OverShort varianceFen={r.varianceFen} />
        </dd>
        {r.reason && (
          <>
            <dt>{t('shift:count.reason')}</dt>
            <dd>{r.reason}</dd>
          </>
        )}
      </dl>
      <p className="pill ok" data-testid="shift-report-printed">{t('shift:handover.printed')}</p>
    </div>
  );
}

/** The handover: count the drawer, see expected and over/short (after the count when blind), close. */
function ShiftCloseForm(props: { state: ShiftState; onCancel: () => void; onClosed: (r: MethodOutput<'shift.close'>['report']) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const shift = props.state.shift!;
  const { counts, bad } = parseCounts(texts);
  const total = countTotalFen(counts);
  const expected = shift.expectedCashFen;
  const live = expected !== null && total.ok ? reconcile({ expectedFen: expected, countedFen: total.totalFen, thresholdFen: props.state.varianceThresholdFen, reason }) : null;

  async function submit() {
    if (bad) return setError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.countWhole', field: `counts.${bad}` });
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('shift.close', { counts, ...(reason.trim() ? { reason } : {}) });
      props.onClosed(r.report);
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      data-testid="shift-close"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <h1>
        {t('shift:handover.title')} · {shift.clerkName}
      </h1>
      <p className="muted">{t('shift:handover.intro')}</p>
      {props.state.blindCount && <p className="pill" data-testid="shift-close-blind">{t('shift:handover.blind')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="two-col">
          <DenominationCount texts={texts} onChange={setTexts} testPrefix="close" totalLabel="shift:count.counted" columns={2} onSubmit={() => void submit()} />
          <div>
            <dl className="pay-summary">
              <dt>{t('shift:count.expected')}</dt>
              <dd data-testid="close-expected">{expected === null ? t('shift:handover.blindHidden') : formatFen(expected)}</dd>
              <dt>{t('shift:count.counted')}</dt>
              <dd data-testid="close-counted">{total.ok ? formatFen(total.totalFen) : '—'}</dd>
              <dt>{t('shift:handover.overShort')}</dt>
              <dd data-testid="close-variance" className={live && live.varianceFen !== 0 ? 'change' : ''}>
                {live ? <OverShort varianceFen={live.varianceFen} /> : '—'}
              </dd>
            </dl>
            {live?.needsReason && (
              <p className="change" data-testid="close-reason-needed">
                {t('shift:count.reasonNeeded', { threshold: formatFen(props.state.varianceThresholdFen) })}
              </p>
            )}
            <label className="field" style={{ maxWidth: 700 }}>
              <span>{t('shift:count.reason')}</span>
              <input type="text" maxLength={200} data-testid="close-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <ErrorMessage error={error} testId="shift-close-error" />
            <div className="detail-actions" style={{ marginTop: '1rem' }}>
              <button type="submit" className="primary" disabled={busy} data-testid="shift-close-submit">
                {t('shift:handover.submit')} <kbd>⏎</kbd>
              </button>
              <button type="button" data-testid="shift-close-cancel" onClick={props.onCancel}>
                {t('shift:handover.cancel')} <kbd>Esc</kbd>
              </button>
            </div>
          </div>
        </div>
      </form>
    </div>
  );
}
