import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { countTotalFen, reconcile } from '../../src-shared/domain/reconciliation';
import { formatFen } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { DenominationCount, parseCounts, type ShiftState } from './ShiftScreen';
import { ZReportView } from './ZReportView';
import { useFocusRequest } from '../focus';

type Report = NonNullable<MethodOutput<'day.zReport'>['report']>;

/**
 * F5: count the drawer (expected vs counted, variance, a reason above the threshold), see the Z
 * report, close the day (a supervisor overrides when records have not reached HQ yet).
 */
export function DayCloseScreen(props: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [state, setState] = useState<ShiftState | null>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [xPrinted, setXPrinted] = useState(false);
  /** Day close asks first: closing cannot be undone. */
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<{ report: Report; closed: boolean } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [override, setOverride] = useState<number | null>(null);
  const focusOn = useFocusRequest();

  const load = useCallback(async () => {
    try {
      const s = await client.call('shift.current', {});
      setState(s);
      if (!s.shift) {
        const z = await client.call('day.zReport', {});
        // closed, or every shift of the open day handed over: the Z report (preview) and the close
        if (z.report && (z.closed || (z.report.shifts?.length ?? 0) > 0)) setReport({ report: z.report, closed: z.closed });
      }
    } catch (e) {
      setError(toErrorShape(e));
    }
  }, [client]);
  useEffect(() => void load(), [load]);

  const { counts, bad } = parseCounts(texts);
  const total = countTotalFen(counts);
  const expected = state?.shift?.expectedCashFen ?? null;
  const live = state?.shift && expected !== null && total.ok ? reconcile({ expectedFen: expected, countedFen: total.totalFen, thresholdFen: state.varianceThresholdFen, reason }) : null;

  async function saveCount() {
    if (bad) return setError({ code: 'INVALID_INPUT', messageKey: 'shift:errors.countWhole', field: `counts.${bad}` });
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('day.count', { counts, ...(reason.trim() ? { reason } : {}) });
      setReport({ report: r.report, closed: false });
      // the count closed the shift (its shift report prints): the status bar follows
      props.onChanged?.();
      // Counted: Enter now closes the day.
      focusOn('day-close-submit');
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  async function closeDay(o?: { supervisorId: string; pin: string }) {
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('day.close', o ? { override: o } : {});
      setReport({ report: r.report, closed: true });
      setOverride(null);
      setTexts({});
      setReason('');
      const s = await client.call('shift.current', {});
      setState(s);
      props.onChanged?.();
    } catch (e) {
      const shape = toErrorShape(e);
      if (!o && shape.messageKey === 'shift:pendingSync') setOverride(Number(shape.params?.count ?? 0));
      else if (o) throw e;
      else setError(shape);
    } finally {
      setBusy(false);
    }
  }

  if (!state) return <section className="screen" data-testid="day-screen"><ErrorMessage error={error} testId="day-error" /></section>;

  const dialogs = (
    <>
      {confirming && (
        <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={t('payments:dayClose.title')} data-testid="day-close-confirm">
          <div
            className="dialog"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setConfirming(false);
              }
            }}
          >
            <h2>{t('payments:dayClose.title')}</h2>
            <p>{t('payments:dayClose.message', { date: report?.report.businessDate ?? state.shift?.businessDate ?? '' })}</p>
            <div className="detail-actions">
              <button
                type="button"
                className="primary"
                data-testid="day-close-confirm-yes"
                ref={(el) => el?.focus()}
                onClick={() => {
                  setConfirming(false);
                  void closeDay();
                }}
              >
                {t('payments:dayClose.yes')} <kbd>⏎</kbd>
              </button>
              <button type="button" data-testid="day-close-confirm-no" onClick={() => setConfirming(false)}>
                {t('payments:dayClose.no')} <kbd>Esc</kbd>
              </button>
            </div>
          </div>
        </div>
      )}
      {override !== null && (
        <SupervisorDialog
          title={t('shift:close.overrideTitle')}
          message={t('shift:close.overrideMessage', { count: override })}
          onConfirm={(supervisorId, pin) => closeDay({ supervisorId, pin })}
          onCancel={() => setOverride(null)}
        />
      )}
    </>
  );
  const closeButton = (
    <button type="button" className="primary" disabled={busy} data-testid="day-close-submit" onClick={() => setConfirming(true)}>
      {t('shift:close.submit')}
    </button>
  );
  const printX = (
    <>
      <button
        type="button"
        disabled={busy}
        data-testid="print-x"
        onClick={() => {
          setError(null);
          setXPrinted(false);
          client
            .call('day.printX', {})
            .then(() => setXPrinted(true))
            .catch((e: unknown) => setError(toErrorShape(e)));
        }}
      >
        {t('payments:xReport.print')}
      </button>
      {xPrinted && <span className="pill ok" data-testid="x-printed">{t('payments:xReport.printed')}</span>}
    </>
  );

  if (!state.shift) {
    return (
      <section className="screen" data-testid="day-screen" data-open="false">
        <h1>{t('shift:count.title')}</h1>
        {report?.closed ? (
          <p className="pill ok" data-testid="day-closed">
            {t('shift:close.done', { date: report.report.businessDate })}
          </p>
        ) : report ? (
          <>
            <p className="muted" data-testid="day-all-shifts-closed">{t('shift:handover.noShiftYet')}</p>
            <ErrorMessage error={error} testId="day-error" />
            <div className="detail-actions" style={{ margin: '1rem 0' }}>
              {closeButton}
              {printX}
            </div>
          </>
        ) : (
          <p className="muted">{t('shift:count.noShift')}</p>
        )}
        {report && <ZReportView report={report.report} closed={report.closed} />}
        {dialogs}
      </section>
    );
  }

  return (
    <section className="screen" data-testid="day-screen" data-open="true">
      <h1>
        {t('shift:count.title')} · {state.shift.businessDate}
      </h1>
      <p className="muted">{t('shift:count.intro')}</p>
      {!report && <p className="pill" data-testid="day-open-shift-note">{t('shift:handover.openShiftNote', { clerk: state.shift.clerkName })}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void saveCount();
        }}
      >
        <div className="two-col">
        <DenominationCount texts={texts} onChange={setTexts} testPrefix="count" totalLabel="shift:count.counted" columns={2} />
        <div>
        <dl className="pay-summary">
          <dt>{t('shift:count.expected')}</dt>
          <dd data-testid="count-expected">{expected === null ? t('shift:handover.blindHidden') : formatFen(expected)}</dd>
          <dt>{t('shift:count.counted')}</dt>
          <dd data-testid="count-counted">{total.ok ? formatFen(total.totalFen) : '—'}</dd>
          <dt>{t('shift:count.variance')}</dt>
          <dd data-testid="count-variance" className={live && live.varianceFen !== 0 ? 'change' : ''}>
            {live ? `${formatFen(live.varianceFen)}${live.varianceFen > 0 ? ` (${t('shift:count.over')})` : live.varianceFen < 0 ? ` (${t('shift:count.short')})` : ''}` : '—'}
          </dd>
        </dl>
        {live?.needsReason && (
          <p className="change" data-testid="count-reason-needed">
            {t('shift:count.reasonNeeded', { threshold: formatFen(state.varianceThresholdFen) })}
          </p>
        )}
        <label className="field" style={{ maxWidth: 700 }}>
          <span>{t('shift:count.reason')}</span>
          <input type="text" maxLength={200} data-testid="count-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <ErrorMessage error={error} testId="day-error" />
        <div className="detail-actions" style={{ marginTop: '1rem' }}>
          <button type="submit" className="primary" disabled={busy} data-testid="count-save">
            {t('shift:count.save')} <kbd>⏎</kbd>
          </button>
          {printX}
          {!report?.closed && closeButton}
        </div>
        </div>
        </div>
      </form>
      {report && <div style={{ marginTop: '1.25rem' }}><ZReportView report={report.report} closed={report.closed} /></div>}
      {dialogs}
    </section>
  );
}
