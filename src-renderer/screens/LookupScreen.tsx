import { useTranslation } from 'react-i18next';

/** Customer lookup: ID number and device number, built for a barcode scanner. */
export function LookupScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid="lookup-screen">
      <h1>{t('lookup.title')}</h1>
      <form className="lookup-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('lookup.idNumber')}</span>
          <input data-testid="lookup-id" autoFocus autoComplete="off" maxLength={18} />
        </label>
        <label>
          <span>{t('lookup.deviceNumber')}</span>
          <input data-testid="lookup-device" autoComplete="off" maxLength={20} />
        </label>
      </form>
      <p className="muted">{t('lookup.hint')}</p>
    </section>
  );
}
