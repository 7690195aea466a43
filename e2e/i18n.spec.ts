import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { expect, signIn, test } from './fixtures';
import { pay, quoteRenewal, scan } from './flows';

const BLOCKED = DEMO_ACCOUNTS[2]!; // suspended at HQ: 挂失

test('one language at a time: HQ reasons translated, notices re-rendered on a switch, sync panel times in the store zone', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await scan(page, BLOCKED.nationalId, BLOCKED.devices[0]!.number);
  await expect(page.getByTestId('card-status')).toHaveText('Suspended · reported lost');
  await expect(page.getByTestId('renew-blocked')).toContainText('(reported lost)');
  await expect(page.getByTestId('account-card')).not.toContainText('挂失');
  await page.getByTestId('lang-zh-CN').click();
  await expect(page.getByTestId('card-status')).toHaveText('已暂停 · 挂失');
  await page.getByTestId('lang-en').click();
  await page.keyboard.press('Escape');

  // a notice made before a switch follows the switch
  await quoteRenewal(page, 1);
  const receiptNo = await pay(page, [{ method: 'cash', yuan: '29' }]);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F3');
  await page.getByTestId(`sale-row-${receiptNo}`).click();
  await page.getByTestId('reprint-sale').click();
  await expect(page.getByTestId('reprint-notice')).toBeVisible();
  const en = (await page.getByTestId('reprint-notice').textContent()) ?? '';
  await page.getByTestId('lang-zh-CN').click();
  await expect(page.getByTestId('reprint-notice')).not.toHaveText(en);
  await expect(page.getByTestId('reprint-notice')).toContainText('重印');

  // the sync panel: translated, times as YYYY-MM-DD HH:mm (store zone), no ISO or US dates
  await page.getByTestId('sync-now').click();
  await page.getByTestId('status-sync').click();
  await expect(page.getByTestId('sync-panel')).toBeVisible();
  await expect(page.getByTestId('sync-panel')).toContainText(/上次成功同步：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  const text = (await page.getByTestId('sync-panel').textContent()) ?? '';
  expect(text).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}|T\d{2}:\d{2}|AM|PM/);
  await page.getByTestId('sync-panel-now').click();
  await expect(page.getByTestId('sync-message')).toContainText('已确认');
  // the switch sits under the open dialog: the language changes (as from another window) while it shows
  await page.getByTestId('lang-en').dispatchEvent('click');
  await expect(page.getByTestId('sync-message')).toContainText('confirmed');
});

test('the lock screen has the language switch', async ({ page, counter }) => {
  await page.clock.install();
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await page.clock.fastForward('05:30');
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('idle-lock')).toContainText('PIN');
  await expect(page.getByTestId('lock-unlock')).toContainText('Unlock');
});

test('HQ sends a reason code: the card shows its translation, never HQ staff text in English', async ({ page, counter }) => {
  const ACTIVE = DEMO_ACCOUNTS[0]!;
  const admin = { authorization: 'Bearer e2e-admin-token-0123456789', 'content-type': 'application/json' };
  const got = (await (await fetch(`${counter.hq.url}/admin/accounts/${ACTIVE.accountId}`, { headers: admin })).json()) as {
    account: { devices: { deviceId: string }[] };
  };
  const deviceId = got.account.devices[0]!.deviceId;
  const patched = await fetch(`${counter.hq.url}/admin/devices/${deviceId}/subscription`, {
    method: 'PATCH',
    headers: admin,
    body: JSON.stringify({ status: 'suspended', statusReason: '客户来电：设备在地铁上丢失', statusReasonCode: 'reported_lost' }),
  });
  expect(patched.status).toBe(200);
  const refused = await fetch(`${counter.hq.url}/admin/devices/${deviceId}/subscription`, {
    method: 'PATCH',
    headers: admin,
    body: JSON.stringify({ statusReasonCode: 'not-a-code' }),
  });
  expect(refused.status).toBe(400);

  await signIn(page, counter.app.launchUrl, 'en');
  await page.getByTestId('status-sync').click();
  await page.getByTestId('sync-panel-now').click();
  await expect(page.getByTestId('sync-message')).toContainText('confirmed');
  // the panel's button was disabled while it synced: focus must still be in the panel, so Esc closes it
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-panel')).toBeHidden();
  await scan(page, ACTIVE.nationalId, ACTIVE.devices[0]!.number);
  await expect(page.getByTestId('card-status')).toHaveText('Suspended · reported lost');
  await expect(page.getByTestId('renew-blocked')).toContainText('(reported lost)');
  await expect(page.getByTestId('account-card')).not.toContainText('地铁');
  await page.getByTestId('lang-zh-CN').click();
  await expect(page.getByTestId('card-status')).toHaveText('已暂停 · 挂失');
});
