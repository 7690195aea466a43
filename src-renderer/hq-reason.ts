/**
 * HQ's reason for a suspended or cancelled service in the clerk's language: the translation of HQ's code,
 * HQ's own text only for a code this terminal does not know (or none), else null (issue 13 item 5).
 */
import type { i18n as I18n } from 'i18next';

export function hqReasonText(i18n: Pick<I18n, 't' | 'exists'>, code: string | null | undefined, text: string | null | undefined): string | null {
  if (code && i18n.exists(`counter:hqReasonCode.${code}`)) return i18n.t(`counter:hqReasonCode.${code}`);
  const own = (text ?? '').trim();
  return own || null;
}

/** Error params with `reasonCode` (a refused renewal): `reason` becomes the translated reason. */
export function translateReasonParams(i18n: Pick<I18n, 't' | 'exists'>, params: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!params || typeof params.reasonCode !== 'string') return params ?? {};
  const text = typeof params.reason === 'string' ? params.reason : null;
  return { ...params, reason: hqReasonText(i18n, params.reasonCode, text) ?? params.reasonCode };
}
