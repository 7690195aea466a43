import type { AppErrorShape } from '../src-shared/contract/errors';
import { resources } from '../src-shared/i18n/resources';

/** The English text of an error (what the English screen shows): for logs and stderr, which are in English. */
export function englishMessage(error: AppErrorShape): string {
  const [ns, ...rest] = error.messageKey.split(':');
  let node: unknown = resources.en[ns ?? ''];
  for (const part of rest.join(':').split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return `${error.code}: ${error.messageKey}`;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => String(error.params?.[k] ?? `{{${k}}}`));
}
