import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_CLERKS } from '../src-hq/demo-data';
import { startTestHq } from '../src-hq/test-support';
import { openDatabase } from '../src-main/db/connection';
import { openTestTerminal } from '../src-main/testing/terminal-harness';
import { createBusinessDayRepo } from '../src-main/db/repos/business-day-repo';
import { createSaleRepo } from '../src-main/db/repos/sale-repo';
import { createShiftRepo } from '../src-main/db/repos/shift-repo';
import { createRenewalService } from '../src-main/services/renewal';
import type { BenchRow } from './lib';
import type { RenewalQuoteView } from '../src-shared/contract/sales';

/** Issue 4: renewal commits per second with synchronous=FULL, against a bare single-row FULL commit on the same disk. */
export async function salesRows(): Promise<BenchRow[]> {
  const N = 2000;
  const hq = await startTestHq();
  const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  const rows: BenchRow[] = [];
  try {
    const clerk = DEMO_CLERKS[0];
    await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
    await hq.stop(); // the terminal sells offline here: HQ traffic is not part of the commit
    t.ctx.syncState.markSuccess();
    const cards = [];
    for (const a of DEMO_ACCOUNTS.filter((x) => x.devices[0]!.status === 'active' || x.devices[0]!.status === 'expired')) {
      cards.push((await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account);
    }
    const quotes: RenewalQuoteView[] = [];
    for (let i = 0; i < N; i++) {
      const c = cards[i % cards.length]!;
      const plans = (await t.call('sales.plans', { accountId: c.accountId, deviceId: c.device.deviceId })).plans;
      const plan = plans.find((p) => p.code === c.plan.code) ?? plans[0]!;
      quotes.push((await t.call('sales.quote', { accountId: c.accountId, deviceId: c.device.deviceId, planCode: plan.code, termMonths: plan.terms[0]!.months })).quote);
    }
    const confirmInput = (q: (typeof quotes)[number]) => ({
      saleId: q.saleId,
      accountId: q.accountId,
      deviceId: q.deviceId,
      planCode: q.planCode,
      termMonths: q.termMonths,
      priceFen: q.priceFen,
      payments: [{ method: 'cash' as const, tenderedFen: q.priceFen }],
    });
    // A: the sale transaction alone — the same service, without waking the print and outbox workers
    const quiet = createRenewalService({ ctx: t.ctx, sales: createSaleRepo(t.ctx.db), days: createBusinessDayRepo(t.ctx.db), shifts: createShiftRepo(t.ctx.db) });
    const half = N / 2;
    let started = performance.now();
    for (const q of quotes.slice(0, half)) await quiet.confirm(confirmInput(q));
    const alonePerSec = half / ((performance.now() - started) / 1000);
    // B: end to end through the contract dispatch; each commit wakes the workers, which write their own attempts
    started = performance.now();
    for (const q of quotes.slice(half)) await t.call('sales.confirm', confirmInput(q));
    const salesPerSec = half / ((performance.now() - started) / 1000);

    const bareDir = fs.mkdtempSync(path.join(t.dir, 'bare-'));
    const bare = openDatabase({ file: path.join(bareDir, 'bare.db'), migrations: [{ version: 1, name: 'b', up: (d) => d.exec('CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT) STRICT') }] });
    const ins = bare.prepare('INSERT INTO b (v) VALUES (?)');
    const b0 = performance.now();
    for (let i = 0; i < N; i++) bare.transaction(() => ins.run(`row ${i}`))();
    const barePerSec = N / ((performance.now() - b0) / 1000);
    bare.close();
    rows.push({ name: 'bare single-row commit, synchronous=FULL', value: barePerSec, unit: 'commits/s' });
    rows.push({
      name: 'renewal commit: the sale transaction (sale + payments + subscription + outbox + print job + audit), FULL',
      value: alonePerSec,
      unit: 'sales/s',
      ratio: barePerSec / alonePerSec,
      baseline: 'bare commit is this many times faster',
      target: '≥ 500/s and within 2×',
      met: alonePerSec >= 500 && barePerSec / alonePerSec <= 2,
      note: `${half} sales; one FULL commit each`,
    });
    rows.push({
      name: 'renewal end to end via dispatch (workers woken after each sale; printer and HQ unreachable)',
      value: salesPerSec,
      unit: 'sales/s',
      ratio: barePerSec / salesPerSec,
      baseline: 'bare commit is this many times faster',
      target: '≥ 500/s and within 2×',
      met: salesPerSec >= 500 && barePerSec / salesPerSec <= 2,
      note: `${half} sales; the woken print and outbox workers add their own FULL commits (attempt bookkeeping) between sales`,
    });
  } finally {
    await t.close();
  }
  return rows;
}
