/**
 * POST /v1/events: idempotent application of terminal events. Each event is applied, its result
 * stored and its account change logged in one transaction; a repeat of an eventId answers the
 * stored result (duplicate: true); the same eventId with another body is a conflict and writes nothing.
 */
import {
  OutboxEvent,
  type AuditHead,
  type EventResult,
  type EventsResponse,
  type RejectionCode,
  type SequenceState,
} from '../../src-shared/hq-protocol/schemas';
import type { TerminalRow } from '../db';
import { canonicalJson, sha256Hex } from '../crypto';
import type { HqContext } from './context';
import { CONFLICT_MESSAGE, REJECTION_MESSAGES } from './rejections';
import { recordAuditAnchor } from './ledger';
import { applyDayClose, applyRenewal, applyVoid } from './sale-apply';

const MAX_GAPS_REPORTED = 100;
const MAX_SEQS_SCANNED = 10_000;

export type ProcessedEvent = { result: EventResult; stored: boolean };

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

/** One event in its own (nested) transaction. `raw.eventId` must already be a UUID string. */
export function processEvent(ctx: HqContext, terminal: TerminalRow, raw: Record<string, unknown>): ProcessedEvent {
  const { repos } = ctx;
  return repos.db.transaction((): ProcessedEvent => {
    const eventId = String(raw.eventId);
    const processedAt = ctx.now().toISOString();
    const bodyHash = sha256Hex(canonicalJson(raw));
    const existing = repos.events.findById(eventId);
    if (existing) {
      if (existing.terminal_id !== terminal.terminal_id || existing.body_sha256 !== bodyHash) {
        return { result: conflict(eventId, processedAt), stored: false };
      }
      return { result: { ...(JSON.parse(existing.result_json) as EventResult), duplicate: true }, stored: true };
    }

    const parsed = OutboxEvent.safeParse(raw);
    const seq = seqOf(raw);
    let result: EventResult;
    if (!parsed.success) {
      result = rejection(eventId, 'INVALID_EVENT', processedAt);
    } else if (seq !== null && repos.terminals.hasSeqReceived(terminal.terminal_id, seq)) {
      // Another event already came under this number: a replaced ledger restarted its sequence.
      result = rejection(eventId, 'SEQUENCE_USED', processedAt);
    } else {
      const event = parsed.data;
      switch (event.type) {
        case 'sale.renewal':
          result = applyRenewal(ctx, terminal, event);
          break;
        case 'sale.void':
          result = applyVoid(ctx, terminal, event);
          break;
        case 'day.close':
          result = applyDayClose(ctx, terminal, event);
          break;
      }
    }
    repos.events.insert({
      event_id: eventId,
      terminal_id: terminal.terminal_id,
      terminal_seq: seqOf(raw),
      type: typeof raw.type === 'string' ? raw.type : 'unknown',
      body_sha256: bodyHash,
      body_json: JSON.stringify(raw),
      status: result.status,
      result_json: JSON.stringify(result),
      received_at: processedAt,
    });
    if (seq !== null) repos.terminals.recordSeqReceived(terminal.terminal_id, seq);
    return { result, stored: true };
  })();
}

function seqOf(raw: Record<string, unknown>): number | null {
  const s = raw.terminalSeq;
  return typeof s === 'number' && Number.isSafeInteger(s) && s > 0 ? s : null;
}

/** A batch: every event in order, all in one outer transaction. */
export function processEvents(ctx: HqContext, terminal: TerminalRow, raws: Record<string, unknown>[], audit?: AuditHead): EventsResponse {
  return ctx.repos.db.transaction((): EventsResponse => {
    const results = raws.map((raw) => processEvent(ctx, terminal, raw).result);
    if (audit) recordAuditAnchor(ctx, terminal.terminal_id, audit);
    return { results, sequence: sequenceState(ctx, terminal.terminal_id) };
  })();
}

/** lastSeq and the ranges below it never received. */
export function sequenceState(ctx: HqContext, terminalId: string): SequenceState {
  const t = ctx.repos.terminals.findById(terminalId);
  if (!t) return { lastSeq: 0, gaps: [] };
  const gaps: [number, number][] = [];
  let expected = t.contiguous_seq + 1;
  for (const s of ctx.repos.terminals.listSeqsAboveWatermark(terminalId, MAX_SEQS_SCANNED)) {
    if (s > expected) {
      gaps.push([expected, s - 1]);
      if (gaps.length >= MAX_GAPS_REPORTED) break;
    }
    expected = s + 1;
  }
  return { lastSeq: t.last_seq, gaps };
}
