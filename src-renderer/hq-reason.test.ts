import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { resources } from '../src-shared/i18n/resources';
import { STATUS_REASON_CODES } from '../src-shared/domain/status-reasons';
import { hqReasonText, translateReasonParams } from './hq-reason';

async function i18nIn(lng: 'zh-CN' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources, defaultNS: 'counter', interpolation: { escapeValue: false } });
  return i;
}

describe('HQ reason text', () => {
  it('translates every known code in both languages', async () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const i = await i18nIn(lng);
      for (const code of STATUS_REASON_CODES) {
        const text = hqReasonText(i, code, 'HQ 的原话');
        expect(text).not.toBe('HQ 的原话');
        expect(text).not.toBe(code);
      }
    }
    expect(hqReasonText(await i18nIn('en'), 'reported_lost', '挂失')).toBe('reported lost');
  });

  it("falls back to HQ's text for a code this terminal does not know, and to null without either", async () => {
    const en = await i18nIn('en');
    expect(hqReasonText(en, 'regulator_hold', '监管冻结')).toBe('监管冻结');
    expect(hqReasonText(en, null, '  欠费 ')).toBe('欠费');
    expect(hqReasonText(en, null, ' ')).toBeNull();
    expect(hqReasonText(en, 'regulator_hold', null)).toBeNull();
  });

  it('rewrites the reason param of a refused renewal', async () => {
    const en = await i18nIn('en');
    expect(translateReasonParams(en, { reason: '客户来电挂失', reasonCode: 'reported_lost' })).toEqual({ reason: 'reported lost', reasonCode: 'reported_lost' });
    expect(translateReasonParams(en, { reason: '监管冻结', reasonCode: 'regulator_hold' })).toMatchObject({ reason: '监管冻结' });
    expect(translateReasonParams(en, { reason: '欠费' })).toEqual({ reason: '欠费' });
    expect(translateReasonParams(en, undefined)).toEqual({});
  });
});
