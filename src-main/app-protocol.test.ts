import path from 'node:path';
import { expect, it } from 'vitest';
import { contentTypeOf, RENDERER_URL, resolveAppUrl } from './app-protocol';
import { isTrustedSender } from './transport/electron-ipc';

const root = path.resolve('/opt/counter/dist/renderer');

it('maps app://counter/ paths to files under the renderer folder', () => {
  expect(resolveAppUrl(root, 'app://counter/')).toBe(path.join(root, 'index.html'));
  expect(resolveAppUrl(root, 'app://counter')).toBe(path.join(root, 'index.html'));
  expect(resolveAppUrl(root, RENDERER_URL)).toBe(path.join(root, 'index.html'));
  expect(resolveAppUrl(root, 'app://counter/index.html?display=1')).toBe(path.join(root, 'index.html'));
  expect(resolveAppUrl(root, 'app://counter/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
  expect(resolveAppUrl(root, 'app://counter/assets/Noto%20Sans.woff2#x')).toBe(path.join(root, 'assets', 'Noto Sans.woff2'));
});

it('refuses traversal and anything not ours', () => {
  for (const bad of [
    'app://counter/../main/main.cjs',
    'app://counter/assets/../../main/main.cjs',
    'app://counter/%2e%2e/main/main.cjs',
    'app://counter/assets/%2E%2E/%2E%2E/secret',
    'app://counter/..%2fmain.cjs',
    'app://counter/assets%2F..%2F..%2Fx',
    'app://counter/..%5c..%5cwindows',
    'app://counter/a%00.html',
    'app://counter/./index.html',
    'app://counter/assets/',
    'app://counter//etc/passwd',
    'app://counter/%zz',
    'app://other/index.html',
    'app://counter:8080/index.html',
    'app://user@counter/index.html',
    'file:///opt/counter/dist/renderer/index.html',
    'https://counter/index.html',
    'not a url',
  ]) {
    expect({ bad, file: resolveAppUrl(root, bad) }).toEqual({ bad, file: null });
  }
});

it('content types for what the renderer build holds', () => {
  expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
  expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
  expect(contentTypeOf('/x/a.woff2')).toBe('font/woff2');
  expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
});

it('IPC trusts the app:// page (the counter window and the customer display), not file:// or another app:// host', () => {
  const frame = (url: string) => ({ senderFrame: { url } }) as Parameters<typeof isTrustedSender>[0];
  expect(isTrustedSender(frame('app://counter/index.html'), RENDERER_URL)).toBe(true);
  expect(isTrustedSender(frame('app://counter/index.html?display=1'), RENDERER_URL)).toBe(true);
  expect(isTrustedSender(frame('file:///opt/counter/dist/renderer/index.html'), RENDERER_URL)).toBe(false);
  expect(isTrustedSender(frame('app://evil/index.html'), RENDERER_URL)).toBe(false);
  expect(isTrustedSender(frame('app://counter/other.html'), RENDERER_URL)).toBe(false);
});
