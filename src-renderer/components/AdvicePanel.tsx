import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { AdviceView } from '../../src-shared/contract/cardinfo';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { formatFen, formatLocalDate } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

function gb(mb: number): string {
  return `${(mb / 1024).toFixed(mb % 1024 === 0 ? 0 : 1)} GB`;
}

/**
 * Under the account card (issue 15 items 4, 5): "expires in N days", the fair-use limit of an unlimited plan,
 * the data used in each of the last 3 months, every plan and term with its price per GB (the current plan
 * tagged), the recommended plan and term with its reason, and the device's renewal history.
 */
export function AdvicePanel({ card }: { card: AccountCard }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [view, setView] = useState<AdviceView | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const zh = i18n.language === 'zh-CN';
  useEffect(() => {
    let live = true;
    setView(null);
    setError(null);
    client
      .call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId })
      .then((v) => live && setView(v))
      .catch((e: unknown) => live && setError(toErrorShape(e)));
    return () => {
      live = false;
    };
  }, [client, card.accountId, card.device.deviceId]);

  if (error) return <ErrorMessage error={error} testId="advice-error" />;
  if (!view) return null;
  const current = view.plans.find((p) => p.current);
  const rec = view.recommendation;
  const recPlan = rec ? view.plans.find((p) => p.code === rec.planCode) : undefined;
  const name = (p: { nameZh: string; nameEn: string }) => (zh ? p.nameZh : p.nameEn);
  const peak = view.usage.length ? Math.max(...view.usage.map((u) => u.usedMb)) : 0;
  return (
    <section className="advice" data-testid="advice" aria-label={t('cardinfo:advice.title')}>
      {view.expiresSoon && (
        <p className="advice-prompt" role="status" data-testid="advice-expires-soon">
          {card.daysLeft <= 0 ? t('cardinfo:advice.expiresToday') : t('cardinfo:advice.expiresSoon', { count: card.daysLeft })}
        </p>
      )}
      {current?.unlimited && (
        <p className="muted" data-testid="advice-fair-use">
          {t('cardinfo:advice.unlimited', { limit: gb(current.dataQuotaMb) })}
        </p>
      )}
      <div className="advice-cols">
        <div>
          <h2>
            {t('cardinfo:advice.usage')} <span className="muted small">{t(view.source === 'cache' ? 'cardinfo:advice.fromCache' : 'cardinfo:advice.fromHq')}</span>
          </h2>
          {view.usage.length === 0 ? (
            <p className="muted" data-testid="advice-no-usage">{t('cardinfo:advice.noUsage')}</p>
          ) : (
            <ul className="usage-bars" data-testid="advice-usage">
              {view.usage.map((u) => (
                <li key={u.month} data-testid={`usage-${u.month}`}>
                  <span className="usage-month">{u.month}</span>
                  <span className="usage-bar">
                    <span style={{ width: `${peak ? Math.round((u.usedMb / peak) * 100) : 0}%` }} />
                  </span>
                  <span className="usage-value">{gb(u.usedMb)}</span>
                </li>
              ))}
            </ul>
          )}
          {rec && recPlan && (
            <div className="advice-rec" data-testid="advice-recommendation" data-plan={rec.planCode} data-months={rec.termMonths}>
              <strong>{t('cardinfo:advice.recommendation', { plan: name(recPlan), months: rec.termMonths, price: formatFen(rec.priceFen) })}</strong>
              {rec.isCurrent && <span className="muted"> {t('cardinfo:advice.keepCurrent')}</span>}
              <p className="muted" data-testid="advice-reason">
                {rec.reason.key === 'noUsage'
                  ? t('cardinfo:advice.reasonNoUsage')
                  : t(rec.reason.key === 'coversPeak' ? 'cardinfo:advice.reasonCoversPeak' : 'cardinfo:advice.reasonNoneCovers', { peak: gb(rec.reason.peakMb), quota: gb(rec.reason.quotaMb) })}
              </p>
            </div>
          )}
        </div>
        <div>
          <h2>{t('cardinfo:advice.plans')}</h2>
          <table className="advice-plans" data-testid="advice-plans">
            <tbody>
              {view.plans.map((p) => (
                <tr key={p.code} data-testid={`advice-plan-${p.code}`} className={p.current ? 'current' : ''}>
                  <th scope="row">
                    {name(p)}
                    {p.current && <span className="badge badge-active small" data-testid="advice-current"> {t('cardinfo:advice.current')}</span>}
                  </th>
                  <td>
                    {p.terms.map((term) => (
                      <span key={term.months} className={`term${rec?.planCode === p.code && rec.termMonths === term.months ? ' recommended' : ''}`} data-testid={`advice-term-${p.code}-${term.months}`}>
                        {t('cardinfo:advice.months', { n: term.months })} {formatFen(term.priceFen)}
                        {term.pricePerGbFen !== null && <span className="muted"> · {t('cardinfo:advice.perGb', { price: formatFen(term.pricePerGbFen) })}</span>}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <h2>{t('cardinfo:history.title')}</h2>
      {view.history.length === 0 ? (
        <p className="muted" data-testid="history-empty">{t('cardinfo:history.empty')}</p>
      ) : (
        <table className="history" data-testid="history">
          <thead>
            <tr>
              <th>{t('cardinfo:history.date')}</th>
              <th>{t('cardinfo:history.plan')}</th>
              <th>{t('cardinfo:history.term')}</th>
              <th>{t('cardinfo:history.store')}</th>
              <th className="n">{t('cardinfo:history.amount')}</th>
              <th>{t('cardinfo:history.status')}</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={h.saleId} data-testid={`history-${h.receiptNo}`} data-status={h.status}>
                <td>{formatLocalDate(new Date(h.soldAt), card.timeZone)}</td>
                <td>{zh ? h.planNameZh : h.planNameEn}</td>
                <td>{t('cardinfo:advice.months', { n: h.termMonths })}</td>
                <td>{h.storeName}</td>
                <td className="n">{formatFen(h.priceFen)}</td>
                <td>{t(`cardinfo:history.${h.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
