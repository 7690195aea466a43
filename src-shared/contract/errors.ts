/**
 * The one error model every contract method, transport and screen speaks.
 * `messageKey` is an i18next key (namespace "errors"); the renderer translates it, with `params`.
 */
export interface AppErrorShape {
  code: string;
  messageKey: string;
  field?: string;
  params?: Record<string, string | number>;
}

/** HTTP status the web transport uses for each error code family. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BAD_JSON: 400,
  /** A request line, path or method name that cannot be decoded (bad percent-escape, NUL or control byte). */
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_SIGNED_IN: 401,
  FORBIDDEN: 403,
  FORBIDDEN_ORIGIN: 403,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** A code payment is waiting for the customer or for the gateway's answer: ask payments.status. */
  PAYMENT_PENDING: 409,
  PAYMENT_DECLINED: 402,
  PAYMENT_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_INPUT: 422,
  LOCKED: 423,
  LEDGER_RESTORE_REQUIRED: 409,
  /** Enrolment (issue 17): this terminal is not joined to HQ yet / the code HQ refused. */
  NOT_ENROLLED: 409,
  ENROL_CODE_UNKNOWN: 404,
  ENROL_CODE_USED: 409,
  ENROL_CODE_EXPIRED: 410,
  TERMINAL_DISABLED: 403,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** Disk full or data folder read-only (SQLITE_FULL, ENOSPC, EROFS, SQLITE_READONLY, SQLITE_IOERR…): nothing was saved. */
  DISK_FULL: 507,
};

export class AppError extends Error implements AppErrorShape {
  readonly code: string;
  readonly messageKey: string;
  readonly field?: string;
  readonly params?: Record<string, string | number>;

  constructor(shape: AppErrorShape) {
    super(`${shape.code}: ${shape.messageKey}${shape.field ? ` (${shape.field})` : ''}`);
    this.name = 'AppError';
    this.code = shape.code;
    this.messageKey = shape.messageKey;
    if (shape.field !== undefined) this.field = shape.field;
    if (shape.params !== undefined) this.params = shape.params;
  }

  toShape(): AppErrorShape {
    const out: AppErrorShape = { code: this.code, messageKey: this.messageKey };
    if (this.field !== undefined) out.field = this.field;
    if (this.params !== undefined) out.params = this.params;
    return out;
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { messageKey?: unknown }).messageKey === 'string'
  );
}

export function httpStatusFor(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 400;
}

/** The envelope both transports carry: a result or an error, never a thrown string. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: AppErrorShape };
