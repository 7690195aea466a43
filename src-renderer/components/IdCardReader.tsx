import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdCardRead } from '../../src-shared/contract/cardinfo';

/** How long the card's photo and address stay on screen (they are never stored anywhere). */
export const MOMENTARY_MS = 30_000;

/**
 * What the reader read, next to the account's masked name (issue 15 item 2): the name printed on the card,
 * its validity, and — for the moment only — the photo and address.
 */
export function IdCardPanel({ card, accountName, onHide }: { card: IdCardRead; accountName: string | null; onHide: () => void }) {
  const { t } = useTranslation();
  const [momentary, setMomentary] = useState(true);
  useEffect(() => {
    setMomentary(true);
    const timer = setTimeout(() => setMomentary(false), MOMENTARY_MS);
    return () => clearTimeout(timer);
  }, [card]);
  return (
    <aside className="idcard-panel" data-testid="idcard-panel" aria-label={t('cardinfo:reader.nameOnCard')}>
      {momentary && card.photoDataUrl && <img className="idcard-photo" data-testid="idcard-photo" src={card.photoDataUrl} alt={t('cardinfo:reader.photoAlt')} />}
      <dl className="idcard-grid">
        <dt>{t('cardinfo:reader.nameOnCard')}</dt>
        <dd data-testid="idcard-name">{card.name}</dd>
        {accountName !== null && (
          <>
            <dt>{t('cardinfo:reader.accountName')}</dt>
            <dd data-testid="idcard-account-name">{accountName}</dd>
          </>
        )}
        <dt>{t('cardinfo:reader.validUntil')}</dt>
        <dd data-testid="idcard-valid-until">{card.validUntil ?? t('cardinfo:reader.longTerm')}</dd>
        {momentary && card.address && (
          <>
            <dt>{t('cardinfo:reader.address')}</dt>
            <dd data-testid="idcard-address">{card.address}</dd>
          </>
        )}
      </dl>
      {momentary && (
        <p className="muted small">
          {t('cardinfo:reader.momentary')}{' '}
          <button type="button" className="link" data-testid="idcard-hide" onClick={() => (setMomentary(false), onHide())}>
            {t('cardinfo:reader.hide')}
          </button>
        </p>
      )}
    </aside>
  );
}
