import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, NAMESPACE_NAMES, resources, type Language } from '../src-shared/i18n/resources';

const LANG_KEY = 'counter-language';

export function storedLanguage(): Language {
  const v = localStorage.getItem(LANG_KEY);
  return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : DEFAULT_LANGUAGE;
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(LANG_KEY, lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    ns: NAMESPACE_NAMES,
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
