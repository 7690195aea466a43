/**
 * POST /v1/events: idempotent application of terminal events. A push (every event, its result, its
 * account changes, the sequence watermark and the audit anchor) is one transaction; a repeat of an
 * eventId answers the stored result (duplicate: true); the same eventId with another body is a
 * conflict and writes nothing.
 *
 * Across HQ processes on one PostgreSQL database: the push locks its terminal's row first, so one
 * terminal's pushes apply one after the other whichever process they reach; the event id and the
 * (terminal, terminalSeq) pair are unique in the database and the event row is inserted with
 * ON CONFLICT DO NOTHING — should another process have stored the same event in between, the
 * transaction is retried and then answers that stored result.
 */
import {
  OutboxEvent,
  type AuditHead,
  type EventResult,
  type EventsResponse,
  type RejectionCode,
  type SequenceState,
} from '../../src-shared/hq-protocol/schemas';
import type { EventRow, TerminalRow } from '../db';
import { canonicalJson, sha256Hex } from '../crypto';
import type { HqContext } from './context';
import { CONFLICT_MESSAGE, REJECTION_MESSAGES } from './rejections';
import { recordAuditAnchor } from './ledger';
import { applyDayClose, applyVoid, PushScope } from './sale-apply';
import { applyRenewalRun, type RenewalItem } from './renewal-batch';
import { applyAccountService, storedResult } from './account-service';
import { applyInvoiceRequest } from './invoice-apply';

const MAX_GAPS_REPORTED = 100;
const MAX_SEQS_SCANNED = 10_000;

export function rejection(eventId: string, code: RejectionCode, processedAt: string): EventResult {
  const m = REJECTION_MESSAGES[code];
  return { eventId, status: 'rejected', duplicate: false, processedAt, code, messageZh: m.zh, messageEn: m.en };
}

function conflict(eventId: string, processedAt: string): EventResult {
  return {
    eventId,
    status: 'conflict',
    duplicate: false,
    processedAt,
    code: 'IDEMPOTENCY_CONFLICT',
    messageZh: CONFLICT_MESSAGE.zh,
    messageEn: CONFLICT_MESSAGE.en,
  };
}

/** Another process stored this event id or sequence after we looked: retry the whole transaction. */
class StoredMeanwhile extends Error {
  readonly code = '40001';
  constructor(eventId: string) {
    super(`event ${eventId} was stored by another HQ process meanwhile`);
  }
}

/** What one push already holds, read in two round trips before its events are applied. */
interface PushHeld {
  events: Map<string, EventRow>;
  seqs: Set<number>;
}

async function processOne(ctx: HqContext, scope: PushScope, held: PushHeld, raw: Record<string, unknown>): Promise<{ result: EventResult; seq: number | null }> {
  const { repos } = ctx;
  const terminalId = scope.terminal.terminal_id;
  const eventId = String(raw.eventId);
  const processedAt = ctx.now().toISOString();
  const bodyHash = sha256Hex(canonicalJson(raw));
  const existing = held.events.get(eventId);
  if (existing) {
    if (existing.terminal_id !== terminalId || existing.body_sha256 !== bodyHash) {
      return { result: conflict(eventId, processedAt), seq: null };
    }
    return { result: { ...(JSON.parse(existing.result_json) as EventResult), duplicate: true }, seq: null };
  }

  const parsed = OutboxEvent.safeParse(raw);
  const seq = seqOf(raw);
  let holdsSeq = seq !== null;
  let result: EventResult;
  if (!parsed.success) {
    result = rejection(eventId, 'INVALID_EVENT', processedAt);
  } else if (seq !== null && held.seqs.has(seq)) {
    // Another event already came under this number: a replaced ledger restarted its sequence.
    result = rejection(eventId, 'SEQUENCE_USED', processedAt);
    holdsSeq = false;
  } else {
    const event = parsed.data;
    switch (event.type) {
      case 'sale.renewal':
        // processEvents applies every new, valid renewal in a run (renewal-batch.ts)
        result = (await applyRenewalRun(ctx, scope, [{ event, row: { event_id: eventId, terminal_id: terminalId, terminal_seq: seq, type: event.type, body_sha256: bodyHash, body_json: '', received_at: processedAt } }])).results[0]!;
        break;
      case 'sale.void':
        result = await applyVoid(ctx, scope, event);
        break;
      case 'day.close':
        result = await applyDayClose(ctx, scope, event);
        break;
      case 'account.reportLost':
      case 'account.cancelLost':
      case 'account.changePhone':
      case 'account.resetApp':
        result = await applyAccountService(ctx, scope, event);
        break;
      case 'sale.invoiceRequest':
        result = await applyInvoiceRequest(ctx, scope, event);
        break;
    }
  }
  const row: EventRow = {
    event_id: eventId,
    terminal_id: terminalId,
    terminal_seq: holdsSeq ? seq : null,
    type: typeof raw.type === 'string' ? raw.type : 'unknown',
    body_sha256: bodyHash,
    body_json: JSON.stringify(raw),
    status: result.status,
    // a repeat answers this stored result: never an app reset code (HQ keeps only its hash)
    result_json: JSON.stringify(storedResult(result)),
    received_at: processedAt,
  };
  if (!(await repos.events.insertIfNew(row))) throw new StoredMeanwhile(eventId);
  held.events.set(eventId, row);
  if (holdsSeq && seq !== null) held.seqs.add(seq);
  return { result, seq: holdsSeq ? seq : null };
}

function seqOf(raw: Record<string, unknown>): number | null {
  const s = raw.terminalSeq;
  return typeof s === 'number' && Number.isSafeInteger(s) && s > 0 ? s : null;
}

/** A push: every event in order, in one transaction. `raws[i].eventId` must already be a UUID string. */
export function processEvents(ctx: HqContext, terminal: TerminalRow, raws: Record<string, unknown>[], audit?: AuditHead): Promise<EventsResponse> {
  return ctx.repos.db.tx(async (): Promise<EventsResponse> => {
    const locked = (await ctx.repos.terminals.findByIdForUpdate(terminal.terminal_id)) ?? terminal;
    const scope = new PushScope(ctx, locked);
    const seqsSent = raws.map(seqOf).filter((s): s is number => s !== null);
    const held: PushHeld = {
      events: await ctx.repos.events.findByIds(raws.map((r) => String(r.eventId))),
      seqs: await ctx.repos.events.heldTerminalSeqs(terminal.terminal_id, seqsSent),
    };
    const results: EventResult[] = [];
    const seqs: number[] = [];
    // Consecutive new, valid renewals are applied together (services/renewal-batch.ts); anything else
    // (a repeat, a conflict, a held sequence number, a void, a day close, an invalid event) one by one.
    let run: (RenewalItem & { at: number })[] = [];
    const runIds = new Set<string>();
    const runSeqs = new Set<number>();
    const flushRun = async (): Promise<void> => {
      if (run.length === 0) return;
      const applied = await applyRenewalRun(ctx, scope, run);
      if ((await ctx.repos.events.insertManyIfNew(applied.rows)) !== applied.rows.length) throw new StoredMeanwhile(run[0]!.row.event_id);
      applied.rows.forEach((row, i) => {
        held.events.set(row.event_id, row);
        if (row.terminal_seq !== null) {
          held.seqs.add(row.terminal_seq);
          seqs.push(row.terminal_seq);
        }
        results[run[i]!.at] = applied.results[i]!;
      });
      run = [];
      runIds.clear();
      runSeqs.clear();
    };
    for (const raw of raws) {
      const eventId = String(raw.eventId);
      const seq = seqOf(raw);
      if (!held.events.has(eventId) && !runIds.has(eventId) && (seq === null || (!held.seqs.has(seq) && !runSeqs.has(seq)))) {
        const parsed = OutboxEvent.safeParse(raw);
        if (parsed.success && parsed.data.type === 'sale.renewal') {
          run.push({
            at: results.length,
            event: parsed.data,
            row: {
              event_id: eventId,
              terminal_id: terminal.terminal_id,
              terminal_seq: seq,
              type: 'sale.renewal',
              body_sha256: sha256Hex(canonicalJson(raw)),
              body_json: JSON.stringify(raw),
              received_at: ctx.now().toISOString(),
            },
          });
          results.push(undefined as unknown as EventResult); // filled by flushRun
          runIds.add(eventId);
          if (seq !== null) runSeqs.add(seq);
          continue;
        }
      }
      await flushRun();
      const one = await processOne(ctx, scope, held, raw);
      results.push(one.result);
      if (one.seq !== null) seqs.push(one.seq);
    }
    await flushRun();
    const state = await ctx.repos.terminals.recordSeqsReceived(locked, seqs);
    if (audit) await recordAuditAnchor(ctx, terminal.terminal_id, audit);
    return { results, sequence: { lastSeq: state.lastSeq, gaps: gapsOf(state.contiguous, state.above) } };
  });
}

/** One event (POST /v1/events/:id). */
export async function processEvent(ctx: HqContext, terminal: TerminalRow, raw: Record<string, unknown>): Promise<{ result: EventResult; sequence: SequenceState }> {
  const r = await processEvents(ctx, terminal, [raw]);
  return { result: r.results[0]!, sequence: r.sequence };
}

/** The ranges below the highest received number never received, from the watermark and the numbers held above it. */
function gapsOf(contiguous: number, above: readonly number[]): [number, number][] {
  const gaps: [number, number][] = [];
  let expected = contiguous + 1;
  for (const s of above.slice(0, MAX_SEQS_SCANNED)) {
    if (s > expected) {
      gaps.push([expected, s - 1]);
      if (gaps.length >= MAX_GAPS_REPORTED) break;
    }
    expected = s + 1;
  }
  return gaps;
}
