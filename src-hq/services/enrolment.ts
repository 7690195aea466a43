/**
 * One-time enrolment codes (issue 17 item 2). HQ staff issue a code for a store and terminal number
 * (`POST /admin/enrolment-codes`); IT types or scans it on the new terminal, which trades it for its token
 * at `POST /v1/enrol`. A code expires, works once and changes nothing when refused. Using a code for a
 * terminal that exists (a replaced PC) gives it a new token — the old PC's stops working — and a new ledger
 * epoch, and answers HQ's last receipt and event sequence so the new PC continues after them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { enrolmentQrPayload, makeEnrolmentCode, normaliseEnrolmentCode } from '../../src-shared/domain/enrolment-code';
import type { EnrolResponse } from '../../src-shared/hq-protocol/schemas';
import { CreateTerminalInput, type IssueEnrolmentCodeInput } from '../admin-schemas';
import type { EnrolmentCodeRow } from '../db';
import { newTerminalToken, sha256Hex } from '../crypto';
import { HqError } from '../errors';
import { createTerminal } from './admin/terminals';
import type { HqContext } from './context';
import { ledgerState, terminalLedger } from './ledger';
import { terminalData } from './records';

/** How long a code is valid unless the request or HQ_ENROL_CODE_TTL_MINUTES says otherwise: 24 hours. */
export const DEFAULT_ENROL_CODE_TTL_MINUTES = 24 * 60;

export interface IssuedEnrolmentCode {
  codeId: string;
  /** Shown only in this answer; HQ keeps its SHA-256. */
  code: string;
  storeCode: string;
  terminalCode: string;
  terminalId: string;
  /** The terminal exists: using the code replaces its PC (new token, numbering continues). */
  replacesTerminal: boolean;
  createdAt: string;
  expiresAt: string;
  hqUrl: string;
  qr: { payload: string; svg: string; text: string };
}

export type EnrolmentCodeState = 'unused' | 'used' | 'expired' | 'revoked';

export interface EnrolmentCodeView {
  codeId: string;
  storeId: string;
  terminalCode: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
  revokedAt: string | null;
  state: EnrolmentCodeState;
}

function stateOf(row: EnrolmentCodeRow, now: Date): EnrolmentCodeState {
  if (row.used_at) return 'used';
  if (row.revoked_at) return 'revoked';
  return Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'unused';
}

function view(row: EnrolmentCodeRow, now: Date): EnrolmentCodeView {
  return {
    codeId: row.code_id,
    storeId: row.store_id,
    terminalCode: row.terminal_code,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedBy: row.used_by,
    revokedAt: row.revoked_at,
    state: stateOf(row, now),
  };
}

export async function issueEnrolmentCode(
  ctx: HqContext,
  input: IssueEnrolmentCodeInput,
  defaults: { ttlMinutes: number; hqUrl: string },
): Promise<IssuedEnrolmentCode> {
  const store = await ctx.repos.stores.findStoreByCode(input.storeCode);
  if (!store) throw new HqError('NOT_FOUND', `No store ${input.storeCode}.`);
  const terminalId = `${store.code}-${input.terminalCode}`;
  const existing = await ctx.repos.terminals.findById(terminalId);
  if (existing && existing.active !== 1) {
    throw new HqError('TERMINAL_DISABLED', `Terminal ${terminalId} is disabled; enable it (POST /admin/terminals/${terminalId}/enable) before enrolling a PC for it.`);
  }
  const now = ctx.now();
  const code = makeEnrolmentCode((n) => randomBytes(n));
  const ttl = input.ttlMinutes ?? defaults.ttlMinutes;
  const row = {
    code_id: `enr-${randomUUID()}`,
    code_sha256: sha256Hex(normaliseEnrolmentCode(code)!),
    store_id: store.store_id,
    terminal_code: input.terminalCode,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttl * 60_000).toISOString(),
  };
  await ctx.repos.enrolments.insert(row);
  const hqUrl = input.hqUrl ?? defaults.hqUrl;
  const payload = enrolmentQrPayload(code, hqUrl);
  ctx.logger.info({ codeId: row.code_id, terminalId, expiresAt: row.expires_at }, 'enrolment code issued');
  return {
    codeId: row.code_id,
    code,
    storeCode: store.code,
    terminalCode: input.terminalCode,
    terminalId,
    replacesTerminal: existing !== undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    hqUrl,
    qr: {
      payload,
      svg: await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      text: await QRCode.toString(payload, { type: 'utf8', errorCorrectionLevel: 'M', margin: 2 }),
    },
  };
}

export async function listEnrolmentCodes(ctx: HqContext, limit: number): Promise<EnrolmentCodeView[]> {
  const now = ctx.now();
  return (await ctx.repos.enrolments.listRecent(limit)).map((r) => view(r, now));
}

export async function revokeEnrolmentCode(ctx: HqContext, codeId: string): Promise<EnrolmentCodeView> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.enrolments.findById(codeId);
    if (!row) throw new HqError('NOT_FOUND', `No enrolment code ${codeId}.`);
    if (!(await ctx.repos.enrolments.revoke(codeId, ctx.now().toISOString()))) {
      throw new HqError('CONFLICT', `Enrolment code ${codeId} was already ${row.used_at ? 'used' : 'withdrawn'}.`);
    }
    return view((await ctx.repos.enrolments.findById(codeId))!, ctx.now());
  });
}

/**
 * The terminal's side of a code: refused (unknown or withdrawn, used, expired) with nothing changed, or
 * used — in one transaction with the terminal's creation or its token replacement.
 */
export async function enrolTerminal(ctx: HqContext, rawCode: string): Promise<EnrolResponse> {
  const normalised = normaliseEnrolmentCode(rawCode);
  if (!normalised) throw new HqError('ENROL_CODE_UNKNOWN', 'This is not an enrolment code HQ issued; check the code or ask HQ for a new one.');
  return await ctx.repos.db.tx(async () => {
    const now = ctx.now();
    const row = await ctx.repos.enrolments.findByHashForUpdate(sha256Hex(normalised));
    if (!row || row.revoked_at) throw new HqError('ENROL_CODE_UNKNOWN', 'HQ does not know this enrolment code (or it was withdrawn); ask HQ for a new one.');
    if (row.used_at) throw new HqError('ENROL_CODE_USED', 'This enrolment code was already used; ask HQ for a new one.');
    if (Date.parse(row.expires_at) <= now.getTime()) throw new HqError('ENROL_CODE_EXPIRED', 'This enrolment code has expired; ask HQ for a new one.');
    const store = await ctx.repos.stores.findStoreById(row.store_id);
    if (!store) throw new HqError('NOT_FOUND', 'The store of this enrolment code no longer exists.');
    const terminalId = `${store.code}-${row.terminal_code}`;
    if (!(await ctx.repos.enrolments.claim(row.code_id, terminalId, now.toISOString()))) {
      throw new HqError('ENROL_CODE_USED', 'This enrolment code was already used; ask HQ for a new one.');
    }
    const token = newTerminalToken();
    const existing = await ctx.repos.terminals.findByIdForUpdate(terminalId);
    if (existing) {
      if (existing.active !== 1) throw new HqError('TERMINAL_DISABLED', 'This terminal is disabled at HQ; call HQ support.');
      await ctx.repos.terminals.replaceToken(terminalId, sha256Hex(token));
      await terminalLedger(ctx, terminalId);
      await ctx.repos.ledgers.startNewEpoch(terminalId, now.toISOString());
      ctx.logger.warn({ terminalId, codeId: row.code_id }, 'terminal re-enrolled with a code: the old token no longer works, numbering continues');
    } else {
      await createTerminal(ctx, CreateTerminalInput.parse({ storeCode: store.code, code: row.terminal_code }), token);
      ctx.logger.info({ terminalId, codeId: row.code_id }, 'terminal enrolled with a code');
    }
    const terminal = (await ctx.repos.terminals.findById(terminalId))!;
    return {
      token,
      terminal: terminalData(terminal),
      store: { storeId: store.store_id, code: store.code, name: store.name },
      ledger: await ledgerState(ctx, terminalId),
      reenrolled: existing !== undefined,
    };
  });
}
