import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHq } from '../../test-support/hq';
import { openTestTerminal } from '../../test-support/terminal-harness';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHILD = path.join(ROOT, 'node_modules', '.cache', 'counter-tests', 'crash-child.cjs');
const ROUNDS = 15;
let dir = '';

beforeAll(async () => {
  await build({ entryPoints: [path.join(ROOT, 'test-support/crash-child.ts')], outfile: CHILD, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
  // a terminal database filled from a real HQ, then used offline by the child
  const hq = await startTestHq();
  const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  dir = t.dir;
  await t.close();
  await hq.stop();
}, 60_000);

afterAll(() => undefined);

/** Run the child until it has acknowledged a few sales, then SIGKILL it at a random moment. */
function runAndKill(minAcks: number): Promise<{ acks: Map<string, string>; exitSignal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, CRASH_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks = new Map<string, string>();
    let buf = '';
    let err = '';
    let killTimer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const [tag, saleId, receiptNo] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        if (tag === 'ACK' && saleId && receiptNo) acks.set(saleId, receiptNo);
        if (acks.size >= minAcks && !killTimer) killTimer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ acks, exitSignal: signal }) : reject(new Error(`child exited by itself: ${err}`))));
  });
}

describe('crash safety of the sale commit', () => {
  it(`keeps every acknowledged sale exactly once, intact and gapless across ${ROUNDS} SIGKILLs`, async () => {
    const acknowledged = new Map<string, string>();
    for (let round = 1; round <= ROUNDS; round++) {
      const { acks } = await runAndKill(1 + Math.floor(Math.random() * 6));
      for (const [k, v] of acks) acknowledged.set(k, v);
      const db = new Database(path.join(dir, 'counter.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const sales = db.prepare('SELECT sale_id, receipt_no, receipt_seq FROM sales ORDER BY receipt_seq').all() as { sale_id: string; receipt_no: string; receipt_seq: number }[];
        const bySale = new Map(sales.map((s) => [s.sale_id, s.receipt_no]));
        for (const [saleId, receiptNo] of acknowledged) expect(bySale.get(saleId)).toBe(receiptNo);
        expect(sales.map((s) => s.receipt_seq)).toEqual(sales.map((_, i) => i + 1));
        const events = db.prepare("SELECT count(*) AS n, count(DISTINCT json_extract(payload, '$.saleId')) AS d FROM outbox WHERE type = 'sale.renewal'").get() as { n: number; d: number };
        const jobs = db.prepare("SELECT count(*) AS n FROM print_jobs WHERE kind = 'sale'").get() as { n: number };
        const payments = db.prepare('SELECT count(DISTINCT sale_id) AS n FROM sale_payments').get() as { n: number };
        expect(events).toEqual({ n: sales.length, d: sales.length });
        expect(jobs.n).toBe(sales.length);
        expect(payments.n).toBe(sales.length);
        if (round === ROUNDS) {
          console.log(`crash test: ${ROUNDS} SIGKILLs, ${sales.length} sales committed, ${acknowledged.size} acknowledged, all present once; receipt numbers 1..${sales.length} without gaps; integrity_check ok`);
        }
      } finally {
        db.close();
      }
    }
    // the audit chain survived every kill
    const t = await openTestTerminal({ dir, hqUrl: 'http://127.0.0.1:9', hqToken: 'x', seedFromHq: false });
    expect(t.ctx.audit.verify().ok).toBe(true);
    await t.close();
  }, 180_000);
});
