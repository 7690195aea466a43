import { useTranslation } from 'react-i18next';
import { hqReasonText } from '../hq-reason';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { formatLocalDate, formatLocalDateTime } from '../../src-shared/domain';

function formatMb(mb: number, lang: string): string {
  if (mb >= 1024) return `${(mb / 1024).toFixed(mb % 1024 === 0 ? 0 : 1)} GB`;
  return `${mb.toLocaleString(lang)} MB`;
}

/** What the clerk needs to see about the customer in front of them; the raw ID is never here. */
export function AccountCardView({ card, listed = false }: { card: AccountCard; /** The account's devices are listed beside the card. */ listed?: boolean }) {
  const { t, i18n } = useTranslation();
  const reason = hqReasonText(i18n, card.statusReasonCode, card.statusReason);
  const lang = i18n.language;
  const expired = card.status === 'expired' || card.daysLeft < 0;
  const left = Math.max(0, card.dataQuotaMb - card.dataUsedMb);
  const pct = card.dataQuotaMb > 0 ? Math.round((left / card.dataQuotaMb) * 100) : 0;
  const planName = lang === 'zh-CN' ? card.plan.nameZh : card.plan.nameEn;
  return (
    <article className={`account-card status-${card.status}`} data-testid="account-card" data-status={card.status}>
      <header className="account-head">
        <div>
          <div className="holder" data-testid="card-holder">{card.holderName}</div>
          <div className="id-masked" data-testid="card-id">{card.idMasked}</div>
        </div>
        <span className={`badge badge-${card.status}`} data-testid="card-status">
          {t(`account.status.${card.status}`)}
          {reason ? ` · ${reason}` : ''}
        </span>
      </header>
      <dl className="account-grid">
        <dt>{t('account.device')}</dt>
        <dd data-testid="card-device">
          {t(`account.kind.${card.device.kind}`)} {card.device.numberMasked}
          {card.otherDevices > 0 && !listed && <span className="muted"> · {t('account.otherDevices', { count: card.otherDevices })}</span>}
        </dd>
        <dt>{t('account.plan')}</dt>
        <dd data-testid="card-plan">{planName}</dd>
        <dt>{t('account.expiry')}</dt>
        <dd data-testid="card-expiry" className={expired ? 'expired' : ''}>
          {formatLocalDate(new Date(card.expiresAt), card.timeZone)}{' '}
          <span className="days-left">
            {expired ? t('account.expiredDays', { count: Math.abs(card.daysLeft) }) : t('account.daysLeft', { count: card.daysLeft })}
          </span>
        </dd>
        <dt>{t('account.dataLeft')}</dt>
        <dd>
          {expired ? (
            <div data-testid="card-data" className="expired">{t('cardinfo:advice.noDataLeft')}</div>
          ) : (
            <>
            <div className="data-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('account.dataLeft')}>
              <div className="data-bar-fill" style={{ width: `${pct}%` }} />
            </div>
            <div data-testid="card-data">
              {t('account.dataOf', { left: formatMb(left, lang), quota: formatMb(card.dataQuotaMb, lang) })}{' '}
              <span className="muted">{t('account.asOf', { at: formatLocalDateTime(new Date(card.usageAsOf), card.timeZone) })}</span>
            </div>
            </>
          )}
        </dd>
      </dl>
      {!card.renewable && (
        <p className="renew-blocked" data-testid="renew-blocked">
          {t('account.renewBlocked', { status: t(`account.status.${card.status}`), reason: reason ?? t('account.noReason') })}
        </p>
      )}
      <footer className="muted small">{t(card.source === 'cache' ? 'account.fromCache' : 'account.fromHq')}</footer>
    </article>
  );
}
