import type { BrowserWindowConstructorOptions } from 'electron';

/** No remote code, no inline script; images may be data: URLs (QR codes on the receipt preview). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The hardened window of the counter app. Pure data so a unit test can assert each setting. */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 768,
    backgroundColor: '#0f172a',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      experimentalFeatures: false,
    },
  };
}

/** Where the customer display (客显) goes: the first screen that is not the primary one, or none. */
export function pickCustomerDisplay<D extends { id: number }>(displays: readonly D[], primaryId: number): D | null {
  return displays.find((d) => d.id !== primaryId) ?? null;
}

/**
 * The customer-facing window on the second screen: the same hardening, no preload at all (it calls no
 * terminal method; it only shows what the counter window publishes), full screen on that display.
 */
export function createDisplayWindowOptions(bounds: { x: number; y: number; width: number; height: number }): BrowserWindowConstructorOptions {
  const base = createWindowOptions('');
  const { preload: _preload, ...webPreferences } = base.webPreferences ?? {};
  return {
    ...base,
    ...bounds,
    minWidth: undefined,
    minHeight: undefined,
    fullscreen: true,
    focusable: false,
    webPreferences,
  };
}
