/**
 * Test helpers: a real HQ on a free loopback port over a real SQLite file in a temp folder, or (backend
 * 'postgres') over a fresh database on the test process's own PostgreSQL server (test-support/hq-db/pg-cluster.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHq, type RunningHq, type StartHqOptions } from '../src-hq/server';
import type { OutboxEvent, RenewalPayload, VoidPayload } from '../src-shared/hq-protocol/schemas';
import type { Backend } from '../src-hq/db';
import { sharedPgDatabase } from './hq-db/shared-cluster';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Parsed JSON bodies in tests: the assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = any;

export interface TestHq extends RunningHq {
  dir: string;
  /** The PostgreSQL database this HQ uses (undefined on SQLite). */
  databaseUrl: string | undefined;
  /** One value from the HQ database (either backend), e.g. `await hq.scalar('SELECT count(*) AS n FROM sales')`. */
  scalar(sql: string, params?: unknown[]): Promise<unknown>;
  token: string;
  clock: { now: Date };
  get(p: string, token?: string | null): Promise<{ status: number; body: JsonBody; headers: Headers; text: string }>;
  post(p: string, body: unknown, token?: string | null): Promise<{ status: number; body: JsonBody; headers: Headers }>;
  admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: JsonBody }>;
  stop(): Promise<void>;
}

export async function startTestHq(opts: Partial<StartHqOptions> & { backend?: Backend } = {}): Promise<TestHq> {
  const { backend, ...rest } = opts;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-test-'));
  const clock = { now: new Date() };
  const databaseUrl = rest.databaseUrl ?? (backend === 'postgres' ? await sharedPgDatabase() : undefined);
  const hq = await startHq({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    adminToken: TEST_ADMIN_TOKEN,
    seed: 'demo',
    now: () => clock.now,
    ...rest,
  });
  const token = hq.demoTerminalToken ?? '';
  const auth = (t: string | null | undefined): Record<string, string> =>
    t === null ? {} : { authorization: `Bearer ${t ?? token}` };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  return {
    ...hq,
    get db() {
      return hq.db;
    },
    dir,
    databaseUrl,
    async scalar(sql, params = []) {
      const row = await hq.store.get<Record<string, unknown>>(sql, params);
      return row ? Object.values(row)[0] : undefined;
    },
    token,
    clock,
    async get(p, t) {
      const r = await fetch(hq.url + p, { headers: auth(t) });
      const text = await r.text();
      return { status: r.status, body: parse(text), headers: r.headers, text };
    },
    async post(p, body, t) {
      const r = await fetch(hq.url + p, {
        method: 'POST',
        headers: { ...auth(t), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: parse(await r.text()), headers: r.headers };
    },
    async admin(method, p, body) {
      const r = await fetch(hq.url + p, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: parse(await r.text()) };
    },
    async stop() {
      await hq.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A renewal event as a terminal would send it; override any payload field. */
export function renewalEvent(p: Partial<RenewalPayload> & Pick<RenewalPayload, 'accountId' | 'deviceNumber'>, terminalSeq = ++seq): OutboxEvent {
  const createdAt = p.createdAt ?? new Date().toISOString();
  const priceFen = p.priceFen ?? 2_900;
  return {
    eventId: randomUUID(),
    terminalSeq,
    type: 'sale.renewal',
    createdAt,
    payload: {
      saleId: randomUUID(),
      receiptNo: `S001T01-${String(terminalSeq).padStart(6, '0')}`,
      businessDate: createdAt.slice(0, 10),
      clerkId: 'S001-1001',
      planCode: 'M30G',
      termMonths: 1,
      priceFen,
      previousExpiry: createdAt,
      newExpiry: createdAt,
      payments: [{ method: 'cash', amountFen: priceFen }],
      changeFen: 0,
      ...p,
      createdAt,
    },
  };
}

export function voidEvent(saleId: string, terminalSeq: number, supervisorClerkId = 'S001-9001', refunds?: VoidPayload['refunds']): OutboxEvent {
  return {
    eventId: randomUUID(),
    terminalSeq,
    type: 'sale.void',
    createdAt: new Date().toISOString(),
    payload: { saleId, receiptNo: 'S001T01-000001', reason: '顾客取消', supervisorClerkId, voidedAt: new Date().toISOString(), ...(refunds ? { refunds } : {}) },
  };
}

// what the terminal's tests need of HQ's data, so they import test-support and never src-hq
export { DEMO_ACCOUNTS, DEMO_CLERKS } from '../src-hq/demo-data';
export { syntheticIdentity } from '../src-hq/services/seed';
