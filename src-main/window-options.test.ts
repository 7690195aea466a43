import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createDisplayWindowOptions, createWindowOptions, pickCustomerDisplay } from './window-options';

describe('hardened window options', () => {
  const opts = createWindowOptions('/app/dist/main/preload.cjs');
  const web = opts.webPreferences!;

  it('isolates the renderer from Node and Electron', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webviewTag).toBe(false);
  });

  it('keeps web security on and loads only our preload', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.preload).toBe('/app/dist/main/preload.cjs');
  });

  it('fits the smallest counter screen', () => {
    expect(opts.minWidth).toBe(1024);
    expect(opts.minHeight).toBe(768);
  });

  it('has a CSP with no remote or inline script', () => {
    const script = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
  });
});

describe('customer display window (second screen)', () => {
  const opts = createDisplayWindowOptions({ x: 1920, y: 0, width: 1280, height: 800 });
  it('is as hardened as the counter window and has no preload (no terminal method)', () => {
    expect(opts.webPreferences?.preload).toBeUndefined();
    expect(opts.webPreferences?.sandbox).toBe(true);
    expect(opts.webPreferences?.contextIsolation).toBe(true);
    expect(opts.webPreferences?.nodeIntegration).toBe(false);
  });
  it('fills the second screen and never takes the keyboard from the counter', () => {
    expect(opts).toMatchObject({ x: 1920, y: 0, width: 1280, height: 800, fullscreen: true, focusable: false });
  });
  it('goes on the first screen that is not the primary, and nowhere with one screen', () => {
    expect(pickCustomerDisplay([{ id: 1 }, { id: 2 }], 1)).toEqual({ id: 2 });
    expect(pickCustomerDisplay([{ id: 2 }, { id: 1 }], 1)).toEqual({ id: 2 });
    expect(pickCustomerDisplay([{ id: 1 }], 1)).toBeNull();
  });
});
