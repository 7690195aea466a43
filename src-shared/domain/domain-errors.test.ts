import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { domain } from '../i18n/locales/domain';
import { LANGUAGES, resources } from '../i18n/resources';
import { DOMAIN_MESSAGES, domainError, type DomainMessageId } from './domain-errors';

const ids = Object.keys(DOMAIN_MESSAGES) as DomainMessageId[];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('domain messages', () => {
  it('every message the rules can produce is translated in zh-CN and en, with exactly its params', () => {
    for (const lang of LANGUAGES) {
      const table = domain[lang] as Record<string, string>;
      for (const id of ids) {
        const text = table[id];
        expect(typeof text, `${lang}:${id}`).toBe('string');
        expect(placeholders(text ?? ''), `${lang}:${id}`).toEqual([...DOMAIN_MESSAGES[id].params].sort());
      }
      // and nothing translated that no rule produces
      expect(Object.keys(table).sort()).toEqual([...ids].sort());
    }
  });

  it('is registered as the "domain" namespace', () => {
    for (const lang of LANGUAGES) expect(resources[lang].domain).toBe(domain[lang]);
  });

  it('translates through i18next with the key the error carries', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'zh-CN', fallbackLng: false, interpolation: { escapeValue: false } });
    for (const lang of LANGUAGES) {
      for (const id of ids) {
        const params = Object.fromEntries(DOMAIN_MESSAGES[id].params.map((p) => [p, `<${p}>`]));
        const error = domainError(id as 'moneyEmpty', { params } as never);
        expect(error.messageKey).toBe(`domain:${id}`);
        expect(error.code).toBe(DOMAIN_MESSAGES[id].code);
        const text = i18n.t(error.messageKey, { ...params, lng: lang });
        expect(text, `${lang}:${id}`).not.toBe(error.messageKey);
        expect(text, `${lang}:${id}`).not.toBe(id);
        expect(text).not.toMatch(/\{\{/);
        for (const p of DOMAIN_MESSAGES[id].params) expect(text).toContain(`<${p}>`);
      }
    }
  });

  it('zh-CN texts are Chinese and en texts are not', () => {
    for (const id of ids) {
      expect((domain['zh-CN'] as Record<string, string>)[id]).toMatch(/[\u4e00-\u9fff]/);
      expect((domain.en as Record<string, string>)[id]).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
