/**
 * Crash-test child: signs a clerk in and makes renewals in a loop on an existing terminal database,
 * printing `ACK <saleId> <receiptNo>` after each confirm returns. The parent kills it with SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_CLERKS } from '../src-hq/demo-data';
import { openTestTerminal } from './terminal-harness';

async function main(): Promise<void> {
  const t = await openTestTerminal({ dir: process.env.CRASH_DIR!, hqUrl: 'http://127.0.0.1:9', hqToken: 'offline-token', seedFromHq: false });
  const clerk = DEMO_CLERKS[0];
  const clerkId = t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId;
  await t.call('auth.signIn', { clerkId, pin: clerk.pin });
  const renewable = DEMO_ACCOUNTS.filter((a) => a.devices[0]!.status === 'active' || a.devices[0]!.status === 'expired');
  for (let i = 0; ; i++) {
    const a = renewable[i % renewable.length]!;
    const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
    const plans = (await t.call('sales.plans', { accountId: card.accountId, deviceId: card.device.deviceId })).plans;
    const plan = plans.find((p) => p.code === card.plan.code) ?? plans[0]!;
    const term = plan.terms[0]!;
    const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: plan.code, termMonths: term.months })).quote;
    const saleId = i % 2 === 0 ? q.saleId : randomUUID();
    const r = await t.call('sales.confirm', {
      saleId,
      accountId: q.accountId,
      deviceId: q.deviceId,
      planCode: q.planCode,
      termMonths: q.termMonths,
      priceFen: q.priceFen,
      payments: [{ method: 'cash', tenderedFen: q.priceFen + (i % 3) * 100 }],
    });
    process.stdout.write(`ACK ${r.sale.saleId} ${r.sale.receiptNo}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
