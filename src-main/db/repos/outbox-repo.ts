import type { Db } from '../../../src-node/db/connection';

export interface OutboxRow {
  seq: number;
  event_id: string;
  type: string;
  payload: string;
  created_at: string;
  state: 'pending' | 'acked' | 'dead';
  attempts: number;
  next_attempt_at: string | null;
  /** When HQ first failed on this event (5xx, an unreadable answer): the dead-letter window starts here. */
  first_failed_at: string | null;
  last_error: string | null;
  acked_at: string | null;
  result: string | null;
}

/** The durable outbox: rows are kept until HQ acknowledges them; failures are dead-lettered, never dropped. */
export function createOutboxRepo(db: Db) {
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO outbox (event_id, type, payload, created_at) VALUES (?, ?, ?, ?)',
  );
  const due = db.prepare<[string, number], OutboxRow>(
    `SELECT * FROM outbox WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
      ORDER BY seq LIMIT ?`,
  );
  const pendingHead = db.prepare<[number], OutboxRow>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?");
  const ack = db.prepare<[string, string, number]>(
    "UPDATE outbox SET state = 'acked', acked_at = ?, result = ?, last_error = NULL WHERE seq = ?",
  );
  const retry = db.prepare<[string | null, string, number]>(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?',
  );
  const hqFailed = db.prepare<[string, string | null, string, number]>(
    'UPDATE outbox SET attempts = attempts + 1, first_failed_at = coalesce(first_failed_at, ?), next_attempt_at = ?, last_error = ? WHERE seq = ?',
  );
  const dead = db.prepare<[string, string | null, number]>(
    "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, result = ? WHERE seq = ?",
  );
  const pendingStats = db.prepare<[], { n: number; oldest: string | null }>(
    "SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state = 'pending'",
  );
  const deadCount = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'dead'");
  const listDead = db.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE state = 'dead' ORDER BY seq");
  const bySeq = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE seq = ?');
  const requeue = db.prepare<[number]>(
    "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, first_failed_at = NULL WHERE seq = ? AND state = 'dead'",
  );
  return {
    /** Returns the per-terminal sequence number given to the event. */
    enqueueEvent(e: { eventId: string; type: string; payload: unknown; createdAt: string }): number {
      return Number(insert.run(e.eventId, e.type, JSON.stringify(e.payload), e.createdAt).lastInsertRowid);
    },
    findDueEvents: (now: string, limit: number): OutboxRow[] => due.all(now, limit),
    /** The oldest pending events in seq order, due or not (the outbox worker sends strictly from the head). */
    findPendingEvents: (limit: number): OutboxRow[] => pendingHead.all(limit),
    findEventBySeq: (seq: number): OutboxRow | undefined => bySeq.get(seq),
    markEventAcked: (seq: number, at: string, result: unknown): void => void ack.run(at, JSON.stringify(result), seq),
    scheduleEventRetry: (seq: number, nextAttemptAt: string | null, error: string): void => void retry.run(nextAttemptAt, error, seq),
    /** HQ failed on this event: count the try, keep the first failure's time, note when the next try is due. */
    noteHqFailure: (seq: number, at: string, nextAttemptAt: string | null, error: string): void => void hqFailed.run(at, nextAttemptAt, error, seq),
    deadLetterEvent: (seq: number, error: string, result?: unknown): void =>
      void dead.run(error, result === undefined ? null : JSON.stringify(result), seq),
    requeueDeadEvent: (seq: number): boolean => requeue.run(seq).changes > 0,
    pendingEventStats: (): { count: number; oldestCreatedAt: string | null } => {
      const r = pendingStats.get();
      return { count: r?.n ?? 0, oldestCreatedAt: r?.oldest ?? null };
    },
    deadEventCount: (): number => deadCount.get()?.n ?? 0,
    listDeadEvents: (): OutboxRow[] => listDead.all(),
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
