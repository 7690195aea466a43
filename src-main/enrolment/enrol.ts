/**
 * The terminal's side of enrolment (issue 17 item 2): IT's code and HQ address go to HQ's `POST /v1/enrol`;
 * the answer (token, terminal, HQ's last numbers, audit key) is written to the encrypted enrolment store.
 * Every refusal is a translated error naming the problem, and changes nothing on this terminal.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/errors';
import { normaliseEnrolmentCode, normaliseHqUrl, parseEnrolmentQr } from '../../src-shared/domain/enrolment-code';
import { EnrolResponse, HQ_ROUTES, HqErrorBody } from '../../src-shared/hq-protocol/schemas';
import { diskFullError } from '../../src-node/db/storage-errors';
import type { EnrolmentRecord, EnrolmentStore } from './enrolment-store';

export interface EnrolDeps {
  store: EnrolmentStore;
  dataDir: string;
  now: () => Date;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  timeoutMs?: number;
}

const REFUSALS: Record<string, { code: string; messageKey: string; field?: string }> = {
  ENROL_CODE_UNKNOWN: { code: 'ENROL_CODE_UNKNOWN', messageKey: 'enrol:codeUnknown', field: 'code' },
  ENROL_CODE_USED: { code: 'ENROL_CODE_USED', messageKey: 'enrol:codeUsed', field: 'code' },
  ENROL_CODE_EXPIRED: { code: 'ENROL_CODE_EXPIRED', messageKey: 'enrol:codeExpired', field: 'code' },
  TERMINAL_DISABLED: { code: 'TERMINAL_DISABLED', messageKey: 'enrol:terminalDisabled' },
};

/** The code and address as typed — or the whole QR payload scanned into either field. */
export function readEnrolInput(input: { hqUrl: string; code: string }): { hqUrl: string; code: string } {
  const scanned = parseEnrolmentQr(input.code) ?? parseEnrolmentQr(input.hqUrl);
  const hqRaw = scanned?.hqUrl ?? input.hqUrl;
  const codeRaw = scanned?.code ?? input.code;
  const hqUrl = normaliseHqUrl(hqRaw);
  if (!hqUrl) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'enrol:hqUrlInvalid', field: 'hqUrl' });
  if (!normaliseEnrolmentCode(codeRaw)) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'enrol:codeFormat', field: 'code' });
  return { hqUrl, code: codeRaw };
}

export async function enrolWithHq(input: { hqUrl: string; code: string }, deps: EnrolDeps): Promise<EnrolmentRecord> {
  const { hqUrl, code } = readEnrolInput(input);
  // the record must be writable before HQ uses the code up
  try {
    deps.store.checkWritable();
  } catch (err) {
    throw diskFullError(deps.dataDir, err);
  }
  let res: Response;
  try {
    res = await fetch(hqUrl + HQ_ROUTES.enrol, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      redirect: 'error',
    });
  } catch (err) {
    deps.logger.warn({ hqUrl, err: (err as Error).message }, 'enrolment: HQ not reachable');
    throw new AppError({ code: 'UNAVAILABLE', messageKey: 'enrol:hqUnreachable', field: 'hqUrl', params: { hqUrl } });
  }
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: below */
  }
  if (!res.ok) {
    const err = HqErrorBody.safeParse(body);
    const refusal = err.success ? REFUSALS[err.data.error.code] : undefined;
    deps.logger.warn({ hqUrl, status: res.status, code: err.success ? err.data.error.code : null }, 'enrolment refused by HQ');
    if (refusal) throw new AppError(refusal);
    if (!err.success) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'enrol:hqAnswerUnreadable', field: 'hqUrl', params: { hqUrl } });
    throw new AppError({ code: 'UNAVAILABLE', messageKey: 'enrol:hqError', params: { status: res.status, code: err.data.error.code } });
  }
  const answer = EnrolResponse.safeParse(body);
  if (!answer.success) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'enrol:hqAnswerUnreadable', field: 'hqUrl', params: { hqUrl } });
  const a = answer.data;
  const record: EnrolmentRecord = {
    version: 1,
    enrolmentId: randomUUID(),
    hqUrl,
    token: a.token,
    terminalId: a.terminal.terminalId,
    storeCode: a.store.code,
    storeName: a.store.name,
    terminalCode: a.terminal.code,
    enrolledAt: deps.now().toISOString(),
    reenrolled: a.reenrolled,
    ledger: { lastReceiptSeq: a.ledger.lastReceiptSeq, lastEventSeq: a.ledger.lastEventSeq, epoch: a.ledger.epoch },
    auditKey: a.ledger.auditKey,
  };
  try {
    await deps.store.write(record);
  } catch (err) {
    // HQ has used the code; a new one is needed once the folder takes writes (said in the log and on screen)
    deps.logger.warn({ err: (err as Error).message, file: deps.store.file }, 'enrolment accepted by HQ but not saved: ask HQ for a new code');
    throw diskFullError(deps.dataDir, err);
  }
  deps.logger.info({ terminalId: record.terminalId, hqUrl, reenrolled: record.reenrolled, lastReceiptSeq: record.ledger.lastReceiptSeq, protection: deps.store.protection }, 'terminal enrolled');
  return record;
}
