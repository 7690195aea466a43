import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import type { MethodInput } from '../../src-shared/contract';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Issue 10 item 4: a sale confirmed while the disk is full or the data folder read-only gets the translated
 * DISK_FULL error, writes nothing (sale, payments, outbox, print job, audit), the terminal keeps running and
 * shows the fault on the status bar; once space returns the same sale id commits exactly once.
 */

// each terminal gets its own HQ: HQ remembers a terminal's receipt sequence, and a second fresh database
// under the same terminal token is (rightly) refused as a replaced ledger (item 5)
const hqs: TestHq[] = [];
afterAll(async () => {
  for (const hq of hqs) await hq.stop();
});

const TABLES = ['sales', 'sale_payments', 'outbox', 'print_jobs', 'audit_log'] as const;
function rowCounts(t: TestTerminal): Record<string, number> {
  return Object.fromEntries(TABLES.map((name) => [name, (t.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${name}`).get() as { n: number }).n]));
}

async function signedInTerminal(dir?: string): Promise<TestTerminal> {
  const hq = await startTestHq();
  hqs.push(hq);
  const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, ...(dir ? { dir } : {}) });
  const clerk = DEMO_CLERKS[0]!;
  const clerkId = t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId;
  await t.call('auth.signIn', { clerkId, pin: clerk.pin });
  t.ctx.syncState.markSuccess();
  return t;
}

/** `n` confirm inputs for one customer's device, each with its own sale id from a quote. */
async function confirmInputs(t: TestTerminal, i: number, n: number): Promise<MethodInput<'sales.confirm'>[]> {
  const a = DEMO_ACCOUNTS[i]!;
  const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const out: MethodInput<'sales.confirm'>[] = [];
  for (let k = 0; k < n; k++) {
    const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
    out.push({ saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] });
  }
  t.ctx.audit.flush(); // the lookup's audit entry is written now, not by a timer while the disk is full
  return out;
}

async function faultCodes(t: TestTerminal): Promise<string[]> {
  const s = await t.call('system.status', {});
  return s.faults.map((f) => f.code);
}

/** Wait until the storage probe has seen the disk writable again (it runs at most once a second). */
async function faultsClear(t: TestTerminal): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let codes = await faultCodes(t);
  while (codes.includes('DISK_FULL') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    codes = await faultCodes(t);
  }
  return codes;
}

/**
 * The full-disk story, whatever makes the disk refuse writes: `fill()`, then sell until a sale is refused
 * (a database at its size limit may still have room in its last pages for a sale or two), then `free()`.
 */
async function fullDiskStory(t: TestTerminal, fill: () => void, free: () => void, i: number) {
  const inputs = await confirmInputs(t, i, 20);
  fill();
  let refused: unknown;
  let failed: MethodInput<'sales.confirm'> | undefined;
  let before: Record<string, number> = {};
  let faults: string[];
  let soldWhileFilling = 0;
  try {
    for (const input of inputs) {
      before = rowCounts(t);
      try {
        await t.call('sales.confirm', input);
        soldWhileFilling++;
      } catch (err) {
        refused = err;
        failed = input;
        break;
      }
    }
  } finally {
    faults = await faultCodes(t)
      .catch((err: unknown) => [`system.status failed: ${(err as Error).message}`])
      .finally(free);
  }
  expect(refused, 'a confirm must be refused while the disk is full').toBeDefined();
  expect((refused as { shape: unknown }).shape).toMatchObject({ code: 'DISK_FULL', messageKey: 'errors:diskFull' });
  expect(faults).toContain('DISK_FULL');
  expect(rowCounts(t), 'nothing half-written').toEqual(before);
  // space is back: the same sale id commits, once
  const first = await t.call('sales.confirm', failed!);
  expect(first.repeated).toBe(false);
  const again = await t.call('sales.confirm', failed!);
  expect(again.repeated).toBe(true);
  expect(again.sale.receiptNo).toBe(first.sale.receiptNo);
  const after = rowCounts(t);
  expect(after.sales).toBe(before.sales! + 1);
  expect(after.sale_payments).toBe(before.sale_payments! + 1);
  expect(after.outbox).toBe(before.outbox! + 1);
  expect(after.print_jobs).toBe(before.print_jobs! + 1);
  expect(after.audit_log).toBe(before.audit_log! + 1);
  expect(t.ctx.db.prepare('SELECT COUNT(*) AS n FROM sales WHERE sale_id = ?').get(failed!.saleId)).toEqual({ n: 1 });
  expect(await faultsClear(t)).not.toContain('DISK_FULL');
  return { receiptNo: first.sale.receiptNo, soldWhileFilling };
}

describe('a full or read-only database on a sale (no mount needed)', () => {
  it('SQLITE_FULL (real SQLite, PRAGMA max_page_count at the current size): DISK_FULL, nothing written, the same sale id commits once after space returns', async () => {
    const t = await signedInTerminal();
    try {
      // Pack the file so no page has room to spare, then forbid it to grow: the next sale needs a page.
      t.ctx.db.exec('VACUUM');
      const { receiptNo, soldWhileFilling } = await fullDiskStory(
        t,
        () => {
          const pages = t.ctx.db.pragma('page_count', { simple: true }) as number;
          t.ctx.db.pragma(`max_page_count = ${pages}`);
        },
        () => t.ctx.db.pragma('max_page_count = 4294967294'),
        0,
      );
      console.log(`SQLITE_FULL: ${soldWhileFilling} sale(s) fitted in the last pages, the next was refused with DISK_FULL and 0 rows written; after space returned it committed once as ${receiptNo}`);
    } finally {
      await t.close();
    }
  });

  it('SQLITE_READONLY (real SQLite, PRAGMA query_only): DISK_FULL, nothing written, commits once when writable again', async () => {
    const t = await signedInTerminal();
    try {
      await fullDiskStory(
        t,
        () => t.ctx.db.pragma('query_only = ON'),
        () => t.ctx.db.pragma('query_only = OFF'),
        1,
      );
    } finally {
      await t.close();
    }
  });
});

function tryMount(dir: string, sizeMb: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here (${((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim()})`;
  }
}

describe('a tmpfs data folder that really fills up (kernel ENOSPC)', () => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-tmpfs-'));
  // can we mount at all? (mounted for real inside the test, so a filtered run never leaves a mount behind)
  const whyNot = process.platform === 'linux' ? tryMount(mnt, 24) : 'tmpfs needs Linux';
  if (whyNot) console.log(`SKIPPED tmpfs disk-full tests: ${whyNot}`);
  else execFileSync('umount', [mnt]);
  afterAll(() => fs.rmSync(mnt, { recursive: true, force: true }));

  it.skipIf(whyNot !== null)('a tmpfs data folder filled to the last block (kernel ENOSPC): DISK_FULL on the sale, nothing written, the same sale id commits once after space is freed', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt]);
    const t = await signedInTerminal(path.join(mnt, 'terminal')).catch((err: unknown) => {
      execFileSync('umount', [mnt]);
      throw err;
    });
    const filler = path.join(mnt, 'filler');
    try {
      // the start-up backup (async) must be done before the disk is filled
      await new Promise((r) => setTimeout(r, 500));
      const fill = () => {
        t.ctx.db.pragma('wal_checkpoint(TRUNCATE)'); // the next commit must grow the WAL on disk
        const fd = fs.openSync(filler, 'w');
        const chunk = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        }
        try {
          for (;;) fs.writeSync(fd, chunk, 0, 512);
        } catch {
          /* full to the last block */
        }
        fs.closeSync(fd);
      };
      const { receiptNo, soldWhileFilling } = await fullDiskStory(t, fill, () => fs.rmSync(filler), 4);
      console.log(`tmpfs full (kernel ENOSPC): ${soldWhileFilling} sale(s) fitted, the next was refused with DISK_FULL, 0 rows written; after the filler was removed it committed once as ${receiptNo}`);
    } finally {
      fs.rmSync(filler, { force: true });
      await t.close();
      execFileSync('umount', [mnt]);
    }
  });
});

describe('background writes on a full disk', () => {
  it('a lookup while the database refuses writes: its delayed audit entry neither escapes its timer nor is lost', async () => {
    const t = await signedInTerminal();
    const escaped: unknown[] = [];
    const onUncaught = (err: unknown) => escaped.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const audits = () => (t.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'lookup%'").get() as { n: number }).n;
      const before = audits();
      t.ctx.db.pragma('query_only = ON');
      const a = DEMO_ACCOUNTS[0]!;
      await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number });
      await new Promise((r) => setTimeout(r, 1200)); // the audit flush timer (500 ms) has fired on the read-only database
      t.ctx.db.pragma('query_only = OFF');
      expect(escaped.map((e) => (e as { code?: string }).code)).toEqual([]);
      t.ctx.audit.flush();
      expect(audits()).toBe(before + 1);
    } finally {
      process.off('uncaughtException', onUncaught);
      t.ctx.db.pragma('query_only = OFF');
      await t.close();
    }
  });
});
