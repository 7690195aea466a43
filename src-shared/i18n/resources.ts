/**
 * Translation resources. Each namespace lives in its own file under ./locales and exports
 * `{ 'zh-CN': {...}, en: {...} }`. A message key is "<namespace>:<key>" (i18next syntax).
 * zh-CN is the default language; en is the fallback for a missing key.
 */
import { common } from './locales/common';
import { domain } from './locales/domain';
import { auth } from './locales/auth';
import { errors } from './locales/errors';
import { lookup } from './locales/lookup';
import { sales } from './locales/sales';
import { ui } from './locales/ui';
import { receipt } from './locales/receipt';
import { printing } from './locales/printing';
import { sync } from './locales/sync';
import { shift } from './locales/shift';
import { ledger } from './locales/ledger';
import { counter } from './locales/counter';
import { payments } from './locales/payments';
import { settings } from './locales/settings';
import { account } from './locales/account';
import { enrol } from './locales/enrol';
import { cardinfo } from './locales/cardinfo';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

type Tree = { [key: string]: string | Tree };
type Namespace = Record<Language, Tree>;

const NAMESPACES = { common, errors, auth, ui, domain, lookup, receipt, sales, printing, sync, shift, ledger, counter, payments, enrol, cardinfo, account, settings } satisfies Record<string, Namespace>;

export type NamespaceName = keyof typeof NAMESPACES;
export const NAMESPACE_NAMES = Object.keys(NAMESPACES) as NamespaceName[];

export const resources: Record<Language, Record<string, Tree>> = {
  'zh-CN': Object.fromEntries(Object.entries(NAMESPACES).map(([ns, v]) => [ns, v['zh-CN']])),
  en: Object.fromEntries(Object.entries(NAMESPACES).map(([ns, v]) => [ns, v.en])),
};
