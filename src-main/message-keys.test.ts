/**
 * Every message key the code names resolves in both languages: an error model or a screen that names
 * "<namespace>:<key>" must find a string in zh-CN and in en, or the clerk would see the raw key. Scans the
 * product sources (main, HQ, Node and pure layers, renderer; not tests) for quoted keys of a known namespace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, NAMESPACE_NAMES, resources } from '../src-shared/i18n/resources';

const ROOT = path.resolve(__dirname, '..');
const LAYERS = ['src-shared', 'src-node', 'src-main', 'src-hq', 'src-renderer'];

function sources(): string[] {
  const out: string[] = [];
  for (const layer of LAYERS) {
    for (const rel of fs.globSync('**/*.{ts,tsx}', { cwd: path.join(ROOT, layer) }) as string[]) {
      if (/\.test\.tsx?$|\.d\.ts$/.test(rel)) continue;
      out.push(path.join(layer, rel));
    }
  }
  return out;
}

function lookup(tree: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

const KEY = new RegExp(`['"\`](${NAMESPACE_NAMES.join('|')}):([a-zA-Z0-9_]+(?:\\.[a-zA-Z0-9_]+)*)['"\`]`, 'g');

describe('message keys', () => {
  it('every key named in the product code has a string in zh-CN and en', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources()) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(KEY)) {
        seen++;
        const [, ns, key] = m;
        for (const lang of LANGUAGES) {
          // i18next plurals: `key` is found as `key_one` / `key_other` where a language has them
          const v = [key!, `${key}_other`].map((k) => lookup(resources[lang][ns!], k)).find((x) => typeof x === 'string');
          if (v === undefined) missing.push(`${file}: ${ns}:${key} (${lang})`);
        }
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('both languages have the same keys in every namespace (plural forms counted as their key)', () => {
    const plural = /_(zero|one|two|few|many|other)$/;
    const keys = (tree: unknown, prefix = ''): string[] => [
      ...new Set(Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k.replace(plural, '')}`] : keys(v, `${prefix}${k}.`)))),
    ];
    for (const ns of NAMESPACE_NAMES) {
      const zh = keys(resources['zh-CN'][ns]).sort();
      const en = keys(resources.en[ns]).sort();
      expect({ ns, onlyZh: zh.filter((k) => !en.includes(k)), onlyEn: en.filter((k) => !zh.includes(k)) }).toEqual({ ns, onlyZh: [], onlyEn: [] });
    }
  });
});
