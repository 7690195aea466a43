import { useTranslation } from 'react-i18next';
import { translateReasonParams } from '../hq-reason';
import type { AppErrorShape } from '../../src-shared/contract/errors';

/** An error from the contract, in the clerk's language. */
export function ErrorMessage({ error, testId = 'error' }: { error: AppErrorShape | null; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid={testId} data-code={error.code}>
      {t(error.messageKey, translateReasonParams(i18n, error.params))}
    </div>
  );
}
