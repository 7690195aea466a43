import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { walkScreens, type ScreenState } from './screens';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

async function noHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${where}: page wider than the screen`).toBeLessThanOrEqual(width);
}

/** Inside the window and above the status bar (which is always on screen, on one line). */
async function onScreen(page: Page, testId: string, where: string): Promise<void> {
  const el = page.getByTestId(testId).first();
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const bar = await page.getByTestId('status-bar').boundingBox();
  const { height, width } = page.viewportSize()!;
  expect(box, `${where}: ${testId} present`).not.toBeNull();
  expect(box!.y, `${where}: ${testId} top on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${where}: ${testId} right edge on screen`).toBeLessThanOrEqual(width + 0.5);
  const bottom = bar ? bar.y : height;
  expect(box!.y + box!.height, `${where}: ${testId} above the status bar / fold`).toBeLessThanOrEqual(bottom + 0.5);
}

/** Before any scrolling: the primary action is already in view (Enter visibly does something). */
async function inViewWithoutScrolling(page: Page, testId: string, where: string): Promise<void> {
  const inView = await page.getByTestId(testId).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    const bar = document.querySelector('[data-testid="status-bar"]')?.getBoundingClientRect();
    const bottom = bar ? bar.top : window.innerHeight;
    return r.top >= 0 && r.bottom <= bottom + 0.5 && r.height > 0;
  });
  expect(inView, `${where}: ${testId} visible without scrolling`).toBe(true);
}

/** No two visible controls (buttons, inputs, selects, alerts, status items) overlap, and the status bar is one line. */
async function noOverlaps(page: Page, where: string): Promise<void> {
  const overlaps = await page.evaluate(() => {
    const sel = 'button, input, select, textarea, [role="alert"], [role="status"], .status-item, h1, .pill, .badge';
    /** The part of an element its scrolling ancestors let through (content scrolled under the status bar is clipped, not on top). */
    const visibleRect = (e: HTMLElement) => {
      let { left, top, right, bottom } = e.getBoundingClientRect();
      for (let p = e.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p);
        if (o.overflowX !== 'visible' || o.overflowY !== 'visible') {
          const c = p.getBoundingClientRect();
          left = Math.max(left, c.left);
          top = Math.max(top, c.top);
          right = Math.min(right, c.right);
          bottom = Math.min(bottom, c.bottom);
        }
      }
      return { left, top, right, bottom, width: right - left, height: bottom - top };
    };
    const els = [...document.querySelectorAll<HTMLElement>(sel)].filter((e) => {
      const r = visibleRect(e);
      if (r.width <= 0 || r.height <= 0) return false;
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden') return false;
      // only what is in the top layer: a dialog covers the screen behind it on purpose
      const dialog = document.querySelector('[aria-modal="true"]');
      return !dialog || dialog.contains(e);
    });
    const out: string[] = [];
    const name = (e: HTMLElement) => e.dataset.testid ?? `${e.tagName.toLowerCase()}.${e.className}:${(e.textContent ?? '').trim().slice(0, 20)}`;
    for (let i = 0; i < els.length; i++) {
      for (let j = i + 1; j < els.length; j++) {
        const a = els[i]!;
        const b = els[j]!;
        if (a.contains(b) || b.contains(a)) continue;
        const r = visibleRect(a);
        const s = visibleRect(b);
        const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
        const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (w > 1 && h > 1) out.push(`${name(a)} × ${name(b)}`);
      }
    }
    const bar = document.querySelector<HTMLElement>('[data-testid="status-bar"]');
    if (bar) {
      const items = [...bar.querySelectorAll<HTMLElement>(':scope > *')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
      // a second line: some item starts below where another one ends
      if (items.some((a) => items.some((b) => a.top >= b.bottom - 1))) out.push('status bar wraps to a second line');
      const content = document.querySelector<HTMLElement>('.content, .signin');
      if (content && content.getBoundingClientRect().bottom > bar.getBoundingClientRect().top + 0.5) out.push('content runs under the status bar');
    }
    return out;
  });
  expect(overlaps, `${where}: overlapping boxes`).toEqual([]);
}

for (const lang of ['zh-CN', 'en'] as const) {
  for (const size of SIZES) {
    test(`every screen fits ${size.width}×${size.height} (${lang}): primary action and errors on screen, nothing overlaps`, async ({ page, counter }, testInfo) => {
      await page.setViewportSize(size);
      await walkScreens(page, counter, lang, async (s: ScreenState) => {
        const where = `${s.name} ${size.width} ${lang}`;
        await screenshot(page, testInfo, `${s.name}-${size.width}-${lang}`);
        await noHorizontalScroll(page, where);
        await noOverlaps(page, where);
        if (s.primary) {
          await inViewWithoutScrolling(page, s.primary, where);
          await onScreen(page, s.primary, where);
        }
        if (s.error) await onScreen(page, s.error, where);
        if (s.name === 'renew-quote' && size.width >= 1600) {
          // wide screens: the renew screen uses two columns (choice left, payment right)
          const plans = await page.getByTestId('renew-choice').boundingBox();
          const quote = await page.getByTestId('quote').boundingBox();
          expect(quote!.x, `${where}: payment beside the plans`).toBeGreaterThan(plans!.x + plans!.width - 1);
          expect(quote!.x + quote!.width, `${where}: renew screen uses the width`).toBeGreaterThan(size.width * 0.75);
        }
      });
    });
  }
}
