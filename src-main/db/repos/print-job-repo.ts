import type { Db } from '../../../src-node/db/connection';

export type PrintJobKind = 'sale' | 'void' | 'reprint' | 'report' | 'test';
export type PrintJobState = 'queued' | 'printing' | 'done' | 'failed' | 'cancelled';

export interface PrintJobRow {
  job_id: number;
  kind: PrintJobKind;
  ref_id: string | null;
  payload: string;
  open_drawer: number;
  state: PrintJobState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  printed_at: string | null;
}

/** The persistent print queue: a job is created in the same transaction as what it prints. */
export function createPrintJobRepo(db: Db) {
  const insert = db.prepare<[string, string | null, string, number, string]>(
    'INSERT INTO print_jobs (kind, ref_id, payload, open_drawer, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const nextDue = db.prepare<[string], PrintJobRow>(
    `SELECT * FROM print_jobs WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
      ORDER BY job_id LIMIT 1`,
  );
  const setState = db.prepare<[PrintJobState, number]>('UPDATE print_jobs SET state = ? WHERE job_id = ?');
  const done = db.prepare<[string, number]>(
    "UPDATE print_jobs SET state = 'done', printed_at = ?, attempts = attempts + 1, last_error = NULL WHERE job_id = ?",
  );
  const failAttempt = db.prepare<[PrintJobState, string | null, string, number]>(
    'UPDATE print_jobs SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE job_id = ?',
  );
  const retry = db.prepare<[number]>(
    "UPDATE print_jobs SET state = 'queued', next_attempt_at = NULL WHERE job_id = ? AND state IN ('failed', 'queued')",
  );
  const cancel = db.prepare<[number]>(
    "UPDATE print_jobs SET state = 'cancelled' WHERE job_id = ? AND state IN ('failed', 'queued')",
  );
  const resetPrinting = db.prepare("UPDATE print_jobs SET state = 'queued' WHERE state = 'printing'");
  const counts = db.prepare<[], { state: PrintJobState; n: number }>(
    "SELECT state, count(*) AS n FROM print_jobs WHERE state IN ('queued', 'printing', 'failed') GROUP BY state",
  );
  const open = db.prepare<[], PrintJobRow>(
    "SELECT * FROM print_jobs WHERE state IN ('queued', 'printing', 'failed') ORDER BY job_id",
  );
  const byId = db.prepare<[number], PrintJobRow>('SELECT * FROM print_jobs WHERE job_id = ?');
  const recent = db.prepare<[number], PrintJobRow>('SELECT * FROM print_jobs ORDER BY job_id DESC LIMIT ?');
  const dueNow = db.prepare(
    "UPDATE print_jobs SET next_attempt_at = NULL WHERE state = 'queued' AND next_attempt_at IS NOT NULL",
  );
  const byRef = db.prepare<[string], PrintJobRow>('SELECT * FROM print_jobs WHERE ref_id = ? ORDER BY job_id');
  return {
    enqueuePrintJob(j: { kind: PrintJobKind; refId: string | null; payload: unknown; openDrawer: boolean; createdAt: string }): number {
      return Number(insert.run(j.kind, j.refId, JSON.stringify(j.payload), j.openDrawer ? 1 : 0, j.createdAt).lastInsertRowid);
    },
    nextDuePrintJob: (now: string): PrintJobRow | undefined => nextDue.get(now),
    markPrintJobPrinting: (jobId: number): void => void setState.run('printing', jobId),
    markPrintJobDone: (jobId: number, at: string): void => void done.run(at, jobId),
    /** After a failed attempt: queued again at `nextAttemptAt`, or failed (waiting for the clerk) when null. */
    recordPrintJobFailure: (jobId: number, nextAttemptAt: string | null, error: string): void =>
      void failAttempt.run(nextAttemptAt ? 'queued' : 'failed', nextAttemptAt, error, jobId),
    retryPrintJob: (jobId: number): boolean => retry.run(jobId).changes > 0,
    cancelPrintJob: (jobId: number): boolean => cancel.run(jobId).changes > 0,
    /** After a crash, a job caught mid-print is queued again (a duplicate paper beats a missing one). */
    requeueInterruptedPrintJobs: (): number => resetPrinting.run().changes,
    printJobCounts(): { queued: number; printing: number; failed: number } {
      const out = { queued: 0, printing: 0, failed: 0 };
      for (const r of counts.all()) out[r.state as 'queued' | 'printing' | 'failed'] = r.n;
      return out;
    },
    listOpenPrintJobs: (): PrintJobRow[] => open.all(),
    findPrintJob: (jobId: number): PrintJobRow | undefined => byId.get(jobId),
    findPrintJobsFor: (refId: string): PrintJobRow[] => byRef.all(refId),
    /** The newest jobs of any state, newest first (the printer screen's history). */
    listRecentPrintJobs: (limit: number): PrintJobRow[] => recent.all(limit),
    /** The printer is back: jobs waiting out a backoff become due now (failed ones still wait for the clerk). */
    makeWaitingPrintJobsDueNow: (): number => dueNow.run().changes,
  };
}
export type PrintJobRepo = ReturnType<typeof createPrintJobRepo>;
