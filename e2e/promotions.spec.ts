/**
 * Promotions end to end (issue 14 item 1): HQ defines a 20% discount on M30G and a 满减 on the total through
 * its admin API; the terminal pulls them with the catalog; the quote shows the list price, both promotions
 * and the price due; the cash sale's receipt bytes at the virtual TCP printer list the discounts; HQ
 * receives the promotion ids and the promotion-set version and honours them; an ended promotion no longer
 * applies; the X report lists the discounts per promotion.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { localMinute } from '../src-shared/domain/promotions';
import { expect, screenshot, signIn, test } from './fixtures';
import { pay, quoteRenewal } from './flows';

const ADMIN = { authorization: 'Bearer e2e-admin-token-0123456789', 'content-type': 'application/json' };
const ZONE = 'Asia/Shanghai';
const inHours = (h: number) => localMinute(new Date(Date.now() + h * 3_600_000), ZONE);

async function admin(hqUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(hqUrl + path, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function definePromotions(hqUrl: string): Promise<void> {
  const common = { startsLocal: inHours(-1), endsLocal: inHours(3), stackable: true };
  const pct = await admin(hqUrl, 'POST', '/admin/promotions', { ...common, promotionId: 'DEC20', kind: 'percentOff', nameZh: '限时八折', nameEn: '20% off this week', planCode: 'M30G', termMonths: null, percentOff: 20, stackOrder: 1 });
  expect(pct.status).toBe(201);
  const mj = await admin(hqUrl, 'POST', '/admin/promotions', { ...common, promotionId: 'MJ60', kind: 'spendSave', nameZh: '满60减5', nameEn: 'Spend 60, save 5', thresholdFen: 6_000, saveFen: 500, stackOrder: 2 });
  expect(mj.status).toBe(201);
  // one that already ended: it never shows
  const old = await admin(hqUrl, 'POST', '/admin/promotions', {
    promotionId: 'OLD', kind: 'fixedPrice', nameZh: '旧特价', nameEn: 'Old special', planCode: 'M30G', termMonths: 3, priceFen: 1_000, startsLocal: inHours(-5), endsLocal: inHours(-2),
  });
  expect(old.status).toBe(201);
  expect((await admin(hqUrl, 'GET', '/admin/promotions')).body.setVersion).toBe(3);
}

/** Ask the terminal to pull now and wait until the pull is over. */
async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-now')).toBeEnabled({ timeout: 20_000 });
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`HQ promotions reach the quote, the receipt and HQ; an ended one no longer applies (${lang})`, async ({ page, counter }, testInfo) => {
    await definePromotions(counter.hq.url);
    // "sync now" sits in the status bar from 1280 px (at 1024 px it is in the sync panel)
    await page.setViewportSize({ width: 1920, height: 1080 });
    await signIn(page, counter.app.launchUrl, lang);
    await syncNow(page);
    await quoteRenewal(page, 3);
    // M30G × 3 months ¥84.00 − 20% (¥16.80) = ¥67.20 ≥ ¥60 − ¥5.00 = ¥62.20
    await expect(page.getByTestId('quote-list-price')).toHaveText('¥84.00');
    await expect(page.getByTestId('quote-promotion-DEC20')).toHaveText('-¥16.80');
    await expect(page.getByTestId('quote-promotion-MJ60')).toHaveText('-¥5.00');
    await expect(page.getByTestId('quote-promotion-OLD')).toHaveCount(0);
    await expect(page.getByTestId('quote-price')).toHaveText('¥62.20');
    await expect(page.getByTestId('quote-promotions')).toContainText(lang === 'zh-CN' ? '优惠：限时八折' : 'Promotion: 20% off this week');
    await screenshot(page, testInfo, `promotions-quote-${lang}-1920x1080`);
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByTestId('quote-price')).toBeVisible();
    await screenshot(page, testInfo, `promotions-quote-${lang}-1024x768`);
    await page.setViewportSize({ width: 1920, height: 1080 });

    const receiptNo = await pay(page, [{ method: 'cash', yuan: '62.20' }]);
    // the receipt at the virtual TCP printer (zh-CN receipts by default: GB18030 bytes)
    const [job] = await counter.printer.waitForJobs(1, 20_000);
    const bytes = fs.readFileSync(job!.files.bin);
    expect(bytes.includes(iconv.encode('优惠 限时八折', 'gb18030'))).toBe(true);
    expect(bytes.includes(iconv.encode('优惠 满60减5', 'gb18030'))).toBe(true);
    expect(job!.transcript).toContain('原价');
    expect(job!.transcript).toContain('¥84.00');
    expect(job!.transcript).toContain('-¥16.80');
    expect(job!.transcript).toContain('-¥5.00');
    expect(job!.transcript).toContain('¥62.20');

    // HQ got the ids and the set version, and honoured them
    await expect
      .poll(
        async () => {
          const sales = (await admin(counter.hq.url, 'GET', '/admin/sales')).body.sales as Record<string, unknown>[];
          const s = sales.find((x) => x.receiptNo === receiptNo);
          return s ? { priceFen: s.priceFen, listPriceFen: s.listPriceFen, promotions: s.promotions, version: s.promotionSetVersion, check: s.promotionCheck } : null;
        },
        { timeout: 30_000 },
      )
      .toEqual({
        priceFen: 6_220,
        listPriceFen: 8_400,
        promotions: [
          { promotionId: 'DEC20', discountFen: 1_680 },
          { promotionId: 'MJ60', discountFen: 500 },
        ],
        version: 3,
        check: 'honoured',
      });

    // today's sales (F3): the sale detail lists the discounts too
    await page.keyboard.press('Enter');
    await page.keyboard.press('F3');
    await page.getByTestId(`sale-row-${receiptNo}`).click();
    await expect(page.getByTestId('detail-promotion-DEC20')).toHaveText('-¥16.80');
    await expect(page.getByTestId('detail-list-price')).toHaveText('¥84.00');

    // the X report (the Z report's reading of the day so far) lists the discounts per promotion on paper
    await page.keyboard.press('F5');
    await page.getByTestId('print-x').click();
    await expect(page.getByTestId('x-printed')).toBeVisible();
    const jobs = await counter.printer.waitForJobs(2, 20_000);
    const x = jobs[1]!.transcript;
    expect(x).toContain('促销优惠');
    expect(x).toMatch(/限时八折\s+1 \/ -¥16\.80/);
    expect(x).toMatch(/满60减5\s+1 \/ -¥5\.00/);

    // HQ ends the 20% now: after the pull the quote has the 满减 alone
    expect((await admin(counter.hq.url, 'PATCH', '/admin/promotions/DEC20', { endsLocal: inHours(0) })).status).toBe(200);
    await page.keyboard.press('F1');
    await syncNow(page);
    await quoteRenewal(page, 3);
    await expect(page.getByTestId('quote-promotion-MJ60')).toHaveText('-¥5.00');
    await expect(page.getByTestId('quote-promotion-DEC20')).toHaveCount(0);
    await expect(page.getByTestId('quote-price')).toHaveText('¥79.00');
  });
}
