import { HQ_ERROR_STATUS, type HqErrorCode } from '../src-shared/hq-protocol/schemas';

/** An error HQ answers as `{ error: { code, message } }` with the code's HTTP status. */
export class HqError extends Error {
  readonly status: number;
  constructor(
    readonly code: HqErrorCode,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HqError';
    this.status = HQ_ERROR_STATUS[code];
  }
}
