/**
 * What the outbox worker does with HQ's answers: rejections flag the sale with HQ's reason and put the
 * cached device back; unreadable events and idempotency conflicts are dead-lettered with a visible
 * reason; a supervisor can requeue. Real HQ, real terminal SQLite; the proxy only holds events back.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HARNESS_ADMIN_TOKEN, eventsOnly, startSyncRig, waitFor, type SyncRig } from '../../test-support/sync-harness';
import type { SyncDetails } from '../../src-shared/contract/sync';

let rig: SyncRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const FAST = { batchSize: 10, requestTimeoutMs: 1_500, pollIntervalMs: 100, backoff: { baseMs: 20, capMs: 200 } };

async function call<T>(r: SyncRig, name: string, input: unknown): Promise<T> {
  const res = await r.app.dispatch(name, input, { transport: 'test' });
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
  return res.result as T;
}

describe('outbox worker results', { timeout: 60_000 }, () => {
  it('a sale HQ rejects is flagged with HQ reason; the cached device goes back to its previous expiry', async () => {
    let hold = true;
    rig = await startSyncRig({ outbox: FAST, plan: eventsOnly(() => (hold ? 'reset' : 'pass')) });
    await rig.signIn();
    const [saleId] = await rig.makeSales(1); // the first renewable device is A000000001's
    const sale = rig.sale(saleId!)!;
    const admin = await fetch(`${rig.hq.url}/admin/accounts/${sale.account_id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${HARNESS_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'suspended' }),
    });
    expect(admin.status).toBe(200);
    hold = false;
    const after = await waitFor('the rejection', () => (rig!.sale(saleId!)?.hq_status === 'rejected' ? rig!.sale(saleId!) : null));
    expect(after.hq_reason_code).toBe('ACCOUNT_SUSPENDED');
    expect(after.hq_reason_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(after.hq_reason_en!.length).toBeGreaterThan(5);
    const dev = rig.app.ctx!.repos.accounts.findAccountDevice(sale.account_id, sale.device_id)!;
    expect(dev.expires_at).toBe(sale.previous_expiry);
    expect(rig.app.ctx!.repos.outbox.pendingEventStats().count).toBe(0);
    expect(rig.app.ctx!.repos.outbox.deadEventCount()).toBe(0);
  });

  it('unreadable events and idempotency conflicts are dead-lettered with reasons, listed, and requeued by a supervisor', async () => {
    rig = await startSyncRig({ outbox: FAST });
    await rig.signIn();
    const outbox = rig.app.ctx!.repos.outbox;
    const now = new Date().toISOString();
    outbox.enqueueEvent({ eventId: randomUUID(), type: 'sale.renewal', payload: { saleId: 'x' }, createdAt: now });
    // An eventId HQ already holds with another body (as a terminal bug would make it).
    const conflictId = randomUUID();
    const dayClose = { businessDate: now.slice(0, 10), zReport: { sales: 1 }, closedAt: now, pendingOverride: false };
    const token = (await import('node:fs')).readFileSync(`${rig.hqDir}/demo-terminal-token.txt`, 'utf8').trim();
    const first = await fetch(`${rig.hq.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ eventId: conflictId, terminalSeq: 1000, type: 'day.close', createdAt: now, payload: dayClose }] }),
    });
    expect(first.status).toBe(200);
    outbox.enqueueEvent({ eventId: conflictId, type: 'day.close', payload: { ...dayClose, zReport: { sales: 2 } }, createdAt: now });
    const good = await rig.makeSales(2);
    await waitFor('good sales confirmed', () => good.every((id) => rig!.sale(id)?.hq_status === 'confirmed'));
    const details = await waitFor('two dead letters', async () => {
      const d = await call<SyncDetails>(rig!, 'sync.details', {});
      return d.deadCount === 2 ? d : null;
    });
    expect(details.deadLetters.map((d) => d.code).sort()).toEqual(['IDEMPOTENCY_CONFLICT', 'UNREADABLE_EVENT']);
    expect(details.deadLetters.every((d) => d.detail.length > 0)).toBe(true);
    expect(details.pendingCount).toBe(0);
    expect(details.online).toBe(true);
    console.log(`[sync-fault] dead letters: ${details.deadLetters.map((d) => `${d.code}(${d.detail.slice(0, 40)})`).join(', ')}`);

    const bad = await app_call_error(rig, 'sync.requeueDead', { supervisorId: 'S001-1001', pin: '1234' });
    expect(bad).toBe('FORBIDDEN');
    const { requeued } = await call<{ requeued: number }>(rig, 'sync.requeueDead', { supervisorId: 'S001-9001', pin: '8888' });
    expect(requeued).toBe(2);
    // Same answers again: back in the dead letters, never dropped.
    await waitFor('dead again', () => outbox.deadEventCount() === 2 && outbox.pendingEventStats().count === 0);
  });
});

async function app_call_error(r: SyncRig, name: string, input: unknown): Promise<string> {
  const res = await r.app.dispatch(name, input, { transport: 'test' });
  return res.ok ? 'OK' : res.error.code;
}
