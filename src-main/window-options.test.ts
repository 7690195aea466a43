import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createWindowOptions } from './window-options';

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
