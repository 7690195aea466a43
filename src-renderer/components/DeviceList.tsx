import { forwardRef, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountCard } from '../../src-shared/contract/lookup';
import { formatLocalDate } from '../../src-shared/domain';
import { hqReasonText } from '../hq-reason';

/**
 * The devices of the customer's account (masked, with plan, expiry and status), to pick one: ↑/↓ or the
 * row's number key move the highlight, Enter opens it (a click opens it too). `openId` is the device whose
 * card is shown.
 */
export const DeviceList = forwardRef<
  HTMLDivElement,
  { devices: AccountCard[]; openId: string | null; onOpen: (card: AccountCard) => void }
>(function DeviceList({ devices, openId, onOpen }, ref) {
  const { t, i18n } = useTranslation();
  const openIndex = devices.findIndex((d) => d.device.deviceId === openId);
  const [at, setAt] = useState(openIndex >= 0 ? openIndex : 0);
  useEffect(() => {
    if (openIndex >= 0) setAt(openIndex);
  }, [openIndex]);
  const zh = i18n.language === 'zh-CN';
  const optionId = (i: number) => `device-option-${i + 1}`;

  return (
    <div className="device-list-wrap">
      <h2 id="device-list-title">{t('lookup.devicesTitle', { count: devices.length })}</h2>
      <div
        ref={ref}
        className="device-list"
        role="listbox"
        tabIndex={0}
        aria-labelledby="device-list-title"
        aria-activedescendant={optionId(at)}
        data-testid="device-list"
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setAt((i) => Math.min(devices.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setAt((i) => Math.max(0, i - 1));
          } else if (/^[1-9]$/.test(e.key) && Number(e.key) <= devices.length) {
            e.preventDefault();
            setAt(Number(e.key) - 1);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const d = devices[at];
            if (d) onOpen(d);
          }
        }}
      >
        {devices.map((d, i) => {
          const reason = hqReasonText(i18n, d.statusReasonCode, d.statusReason);
          return (
            <div
              key={d.device.deviceId}
              id={optionId(i)}
              role="option"
              aria-selected={i === at}
              className={`device-option${i === at ? ' highlighted' : ''}${d.device.deviceId === openId ? ' open' : ''}`}
              data-testid={optionId(i)}
              data-device-id={d.device.deviceId}
              data-open={d.device.deviceId === openId}
              onClick={() => {
                setAt(i);
                onOpen(d);
              }}
            >
              <kbd className="option-key">{i + 1}</kbd>
              <span className="option-device">
                {t(`account.kind.${d.device.kind}`)} {d.device.numberMasked}
              </span>
              <span className="option-plan">{zh ? d.plan.nameZh : d.plan.nameEn}</span>
              <span className="option-expiry">{t('lookup.expiresOn', { date: formatLocalDate(new Date(d.expiresAt), d.timeZone) })}</span>
              <span className={`badge badge-${d.status}`} data-testid={`${optionId(i)}-status`}>
                {t(`account.status.${d.status}`)}
                {reason ? ` · ${reason}` : ''}
              </span>
            </div>
          );
        })}
      </div>
      <p className="muted small">{t('lookup.devicesKeys')}</p>
    </div>
  );
});
