/**
 * Concurrent writers and pullers on one HQ store, for the change-feed test and the `hq.feed.missed`
 * benchmark row. Each writer commits transactions that append change rows and pause inside the
 * transaction (so commits finish in another order than they started); each puller follows the feed
 * with a cursor until it has caught up with the final head. Returns, per puller, how many changes it
 * never received and how many it received twice.
 *
 * `naive` runs the same schedule against a plain sequence-numbered table (`seq` from nextval at insert,
 * `WHERE seq > cursor`) to show what the feed design prevents.
 */
import pino from 'pino';
import { createRepos, type HqStore, type TerminalRow } from '../../src-hq/db';
import { listChanges } from '../../src-hq/services/change-feed';

export interface FeedStressOptions {
  writers: number;
  txPerWriter: number;
  /** Change rows per transaction (1..n, varied). */
  maxRowsPerTx: number;
  pullers: number;
  /** Upper bound of the pause inside each writer transaction, ms. */
  pauseMs: number;
  naive?: boolean;
}

export interface FeedStressResult {
  expected: number;
  pullers: { received: number; missed: number; duplicated: number }[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runFeedStress(store: HqStore, o: FeedStressOptions): Promise<FeedStressResult> {
  const ctx = { repos: createRepos(store), now: () => new Date(), logger: pino({ level: 'silent' }) };
  if (o.naive) {
    await store.run('CREATE TABLE IF NOT EXISTS naive_change_log (seq bigserial PRIMARY KEY, entity_id text NOT NULL)');
  }
  const terminal = { terminal_id: 'stress-t', store_id: 'stress-s' } as TerminalRow;
  const written = new Set<string>();
  let writersDone = false;

  const writer = async (w: number): Promise<void> => {
    for (let i = 0; i < o.txPerWriter; i++) {
      const rows = 1 + ((w * 7 + i * 3) % o.maxRowsPerTx);
      const ids = Array.from({ length: rows }, (_, j) => `w${w}-${i}-${j}`);
      await store.tx(async () => {
        for (const id of ids) {
          if (o.naive) await store.run('INSERT INTO naive_change_log (entity_id) VALUES (?)', [id]);
          else await store.appendChange({ kind: 'plan', op: 'upsert', entity_id: id, store_id: null, terminal_id: null, data_json: '{}', created_at: new Date().toISOString() });
        }
        await sleep(Math.random() * o.pauseMs);
      });
      for (const id of ids) written.add(id);
    }
  };

  const pull = async (cursor: number): Promise<{ ids: string[]; cursor: number; hasMore: boolean }> => {
    if (o.naive) {
      const rows = await store.all<{ seq: number; entity_id: string }>('SELECT seq, entity_id FROM naive_change_log WHERE seq > ? ORDER BY seq LIMIT 200', [cursor]);
      return { ids: rows.map((r) => r.entity_id), cursor: rows.length ? rows[rows.length - 1]!.seq : cursor, hasMore: rows.length === 200 };
    }
    const page = await listChanges(ctx, terminal, cursor, 200);
    if (page.resetRequired) throw new Error('feed asked for a reset');
    return { ids: page.changes.map((c) => String(c.seq)), cursor: page.cursor, hasMore: page.hasMore };
  };

  // For the real feed the puller sees positions; map them to entity ids once everything is written.
  const puller = async (): Promise<string[]> => {
    const got: string[] = [];
    let cursor = 0;
    for (;;) {
      const done = writersDone;
      const page = await pull(cursor);
      got.push(...page.ids);
      cursor = page.cursor;
      if (done && !page.hasMore) return got;
      if (!page.hasMore) await sleep(1);
    }
  };

  const pullers = Array.from({ length: o.pullers }, () => puller());
  await Promise.all(Array.from({ length: o.writers }, (_, w) => writer(w)));
  writersDone = true;
  const results = await Promise.all(pullers);

  let bySeq: Map<string, string> | null = null;
  if (!o.naive) {
    const rows = await store.all<{ seq: number; entity_id: string }>('SELECT seq, entity_id FROM change_log');
    bySeq = new Map(rows.map((r) => [String(r.seq), r.entity_id]));
  }
  return {
    expected: written.size,
    pullers: results.map((got) => {
      const ids = bySeq ? got.map((s) => bySeq.get(s) ?? `?${s}`) : got;
      const seen = new Set<string>();
      let duplicated = 0;
      for (const id of ids) {
        if (seen.has(id)) duplicated++;
        seen.add(id);
      }
      let missed = 0;
      for (const id of written) if (!seen.has(id)) missed++;
      return { received: ids.length, missed, duplicated };
    }),
  };
}
