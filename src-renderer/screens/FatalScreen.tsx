import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { LanguageSwitch } from '../components/LanguageSwitch';

/** The terminal cannot work (damaged or too-new database…): say what and what to do; sell nothing. */
export function FatalScreen({ error, dataDir }: { error: AppErrorShape; dataDir: string }) {
  const { t } = useTranslation();
  return (
    <main className="fatal" data-testid="fatal-screen" data-code={error.code}>
      <LanguageSwitch />
      <h1>{t('fatal.title')}</h1>
      <p className="fatal-message">{t(error.messageKey, { ...(error.params ?? {}) })}</p>
      <p>{t('fatal.dataDir', { dir: dataDir })}</p>
      <p className="muted">{t('fatal.next')}</p>
    </main>
  );
}
