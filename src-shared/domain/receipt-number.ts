/**
 * Receipt numbers: STORE-TERMINAL-YYYYMMDD-SEQ, e.g. S001-T01-20261125-000042.
 * The sequence is gapless per terminal across days (it does not restart each day); the date is
 * the business date of the sale and is informative only.
 */
import { AppError, type AppErrorShape } from '../contract/errors';
import { parseCompactDate, parseIsoDate } from './calendar';
import { domainError } from './domain-errors';

export interface ReceiptNumberParts {
  /** e.g. 'S001': uppercase letters and digits */
  storeCode: string;
  /** e.g. 'T01': uppercase letters and digits */
  terminalCode: string;
  /** 'YYYY-MM-DD' */
  businessDate: string;
  /** 1, 2, 3 ... per terminal */
  seq: number;
}

export type ParseReceiptNumberResult = { ok: true; value: ReceiptNumberParts } | { ok: false; error: AppErrorShape };

const CODE = /^[A-Z0-9]{1,16}$/;
const SEQ_WIDTH = 6;

function bad(name: string): AppError {
  return new AppError(domainError('invalidArgument', { params: { name } }));
}

/** Throws AppError INVALID_ARGUMENT naming the bad part. Sequences past 999999 just get wider. */
export function formatReceiptNumber(parts: ReceiptNumberParts): string {
  if (!CODE.test(parts.storeCode)) throw bad('storeCode');
  if (!CODE.test(parts.terminalCode)) throw bad('terminalCode');
  if (!parseIsoDate(parts.businessDate)) throw bad('businessDate');
  if (!Number.isSafeInteger(parts.seq) || parts.seq < 1) throw bad('seq');
  const date = parts.businessDate.replaceAll('-', '');
  return `${parts.storeCode}-${parts.terminalCode}-${date}-${String(parts.seq).padStart(SEQ_WIDTH, '0')}`;
}

/** Parses a typed or scanned receipt number (spaces trimmed, lowercase accepted). */
export function parseReceiptNumber(text: string, field = 'receiptNumber'): ParseReceiptNumberResult {
  const s = typeof text === 'string' ? text.normalize('NFKC').trim().toUpperCase() : '';
  const m = /^([A-Z0-9]{1,16})-([A-Z0-9]{1,16})-(\d{8})-(\d{6,15})$/.exec(s);
  const date = m ? parseCompactDate(m[3] ?? '') : null;
  const seq = m ? Number(m[4]) : 0;
  const canonicalSeq = m ? (m[4] ?? '').length === SEQ_WIDTH || !(m[4] ?? '').startsWith('0') : false;
  if (!m || !date || seq < 1 || !canonicalSeq) {
    return { ok: false, error: domainError('receiptNumberFormat', { field }) };
  }
  const d = m[3] ?? '';
  return {
    ok: true,
    value: {
      storeCode: m[1] ?? '',
      terminalCode: m[2] ?? '',
      businessDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      seq,
    },
  };
}

/**
 * Sequence numbers missing between the lowest and highest of `seqs` (sorted ascending). For the
 * Z report and audits: a gapless terminal returns []. Lists at most 10,000 numbers.
 */
export function findSequenceGaps(seqs: readonly number[]): number[] {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] ?? 0;
    const cur = sorted[i] ?? 0;
    for (let s = prev + 1; s < cur && gaps.length < 10_000; s++) gaps.push(s);
  }
  return gaps;
}
