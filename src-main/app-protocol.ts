/**
 * The renderer's origin in Electron (issue 17 item 4): a privileged custom scheme `app://counter/` instead of
 * `file://`, so the page has a real origin ('self' in the CSP means this app only, not every local file) and
 * can read nothing outside the renderer folder. Pure path mapping here (tested); the Electron wiring is in
 * entry/main.ts (`protocol.registerSchemesAsPrivileged` + `protocol.handle`).
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'counter';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The counter window's page; the customer display adds `?display=1`. */
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/** What registerSchemesAsPrivileged gets: a standard, secure scheme with fetch; no CORS bypass, no service workers. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, allowServiceWorkers: false, stream: true } as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` an `app://counter/…` URL names, or null: another scheme or host, a `.` / `..`
 * segment (also percent-encoded), an encoded slash or backslash, a NUL, or anything that would resolve
 * outside the folder. `/` is index.html.
 */
export function resolveAppUrl(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port) return null;
  // the raw path, before the URL parser's own dot-segment folding: a request that tried to climb is refused, not re-aimed
  const rawPath = requestUrl.slice(`${APP_ORIGIN}`.length).split(/[?#]/)[0] ?? '';
  const segments = (rawPath || '/').split('/').slice(1);
  const decoded: string[] = [];
  for (const raw of segments) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0')) return null;
    decoded.push(s);
  }
  if (decoded.length === 0 || decoded.at(-1) === '') {
    if (decoded.length > 1) return null; // no folder listings
    decoded.splice(0, decoded.length, 'index.html');
  }
  if (decoded.some((s) => s === '')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...decoded);
  return file.startsWith(root + path.sep) ? file : null;
}
