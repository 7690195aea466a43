import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../src-shared/i18n/resources';
import { setLanguage } from '../i18n';

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label="Language / 语言">
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          className={i18n.language === lang ? 'selected' : ''}
          data-testid={`lang-${lang}`}
          onClick={() => setLanguage(lang)}
        >
          {lang === 'zh-CN' ? '中文' : 'English'}
        </button>
      ))}
    </div>
  );
}
