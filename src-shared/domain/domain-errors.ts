/**
 * Every error the domain rules can produce, in one table.
 *
 * A message id (the table key) is the i18next key in the `domain` namespace; each has a stable
 * `code` (several messages may share a code, e.g. the three "reference missing" texts) and the
 * names of the `params` its translation interpolates. Building errors only through `domainError`
 * means a rule cannot produce a messageKey that has no translation (see domain-errors.test.ts).
 */
import { AppError, type AppErrorShape } from '../contract/errors';

export const DOMAIN_NAMESPACE = 'domain';

interface MessageSpec {
  readonly code: string;
  readonly params: readonly string[];
}

export const DOMAIN_MESSAGES = {
  // programming errors (a caller passed something the type already forbids)
  invalidArgument: { code: 'INVALID_ARGUMENT', params: ['name'] },

  // money
  moneyEmpty: { code: 'MONEY_EMPTY', params: [] },
  moneyFormat: { code: 'MONEY_FORMAT', params: [] },
  moneyTooManyDecimals: { code: 'MONEY_TOO_MANY_DECIMALS', params: [] },
  moneyNegative: { code: 'MONEY_NEGATIVE', params: [] },
  moneyTooLarge: { code: 'MONEY_TOO_LARGE', params: [] },
  moneyNotFen: { code: 'MONEY_NOT_FEN', params: ['value'] },

  // national resident ID
  nationalIdEmpty: { code: 'NATIONAL_ID_EMPTY', params: [] },
  nationalIdLength: { code: 'NATIONAL_ID_LENGTH', params: ['length'] },
  nationalIdCharacters: { code: 'NATIONAL_ID_CHARACTERS', params: [] },
  nationalIdBirthDate: { code: 'NATIONAL_ID_BIRTH_DATE', params: [] },
  nationalIdCheckChar: { code: 'NATIONAL_ID_CHECK_CHAR', params: [] },

  // mobile phone numbers (account service: change the bound phone)
  phoneEmpty: { code: 'PHONE_EMPTY', params: [] },
  phoneNotDigits: { code: 'PHONE_NOT_DIGITS', params: [] },
  phoneLength: { code: 'PHONE_LENGTH', params: ['length'] },
  phonePrefix: { code: 'PHONE_PREFIX', params: [] },

  // device numbers
  deviceNumberEmpty: { code: 'DEVICE_NUMBER_EMPTY', params: [] },
  deviceNumberFormat: { code: 'DEVICE_NUMBER_FORMAT', params: [] },
  deviceNumberCheckDigit: { code: 'DEVICE_NUMBER_CHECK_DIGIT', params: ['kind'] },

  // time
  timeZoneInvalid: { code: 'TIME_ZONE_INVALID', params: ['timeZone'] },
  timeInvalidInstant: { code: 'TIME_INVALID_INSTANT', params: [] },
  timeInvalidParts: { code: 'TIME_INVALID_PARTS', params: ['value'] },
  dateFormat: { code: 'DATE_FORMAT', params: [] },

  // renewal
  subscriptionSuspended: { code: 'SUBSCRIPTION_SUSPENDED', params: ['reason'] },
  subscriptionSuspendedNoReason: { code: 'SUBSCRIPTION_SUSPENDED', params: [] },
  subscriptionCancelled: { code: 'SUBSCRIPTION_CANCELLED', params: ['reason'] },
  subscriptionCancelledNoReason: { code: 'SUBSCRIPTION_CANCELLED', params: [] },
  subscriptionStatusUnknown: { code: 'SUBSCRIPTION_STATUS_UNKNOWN', params: ['status'] },
  planInactive: { code: 'PLAN_INACTIVE', params: ['plan'] },
  termNotOffered: { code: 'TERM_NOT_OFFERED', params: ['months', 'offered'] },

  // payment
  paymentDueInvalid: { code: 'PAYMENT_DUE_INVALID', params: [] },
  paymentMethodUnknown: { code: 'PAYMENT_METHOD_UNKNOWN', params: ['method'] },
  paymentAmountInvalid: { code: 'PAYMENT_AMOUNT_INVALID', params: [] },
  paymentMultipleCash: { code: 'PAYMENT_MULTIPLE_CASH', params: [] },
  paymentReferenceMissingCard: { code: 'PAYMENT_REFERENCE_MISSING', params: [] },
  paymentReferenceMissingAlipay: { code: 'PAYMENT_REFERENCE_MISSING', params: [] },
  paymentReferenceMissingWechat: { code: 'PAYMENT_REFERENCE_MISSING', params: [] },
  paymentReferenceFormatCard: { code: 'PAYMENT_REFERENCE_FORMAT', params: [] },
  paymentReferenceFormatAlipay: { code: 'PAYMENT_REFERENCE_FORMAT', params: [] },
  paymentReferenceFormatWechat: { code: 'PAYMENT_REFERENCE_FORMAT', params: [] },
  paymentReferenceDuplicate: { code: 'PAYMENT_REFERENCE_DUPLICATE', params: [] },
  paymentNonCashOver: { code: 'PAYMENT_NON_CASH_OVER', params: ['due', 'paid'] },
  paymentShort: { code: 'PAYMENT_SHORT', params: ['due', 'paid', 'short'] },
  paymentCashNotNeeded: { code: 'PAYMENT_CASH_NOT_NEEDED', params: [] },
  paymentCodeEmpty: { code: 'PAYMENT_CODE_EMPTY', params: [] },
  paymentCodeUnknown: { code: 'PAYMENT_CODE_UNKNOWN', params: [] },
  paymentMultipleCode: { code: 'PAYMENT_MULTIPLE_CODE', params: [] },
  refundReferenceMissing: { code: 'REFUND_REFERENCE_MISSING', params: [] },
  refundReferenceFormat: { code: 'REFUND_REFERENCE_FORMAT', params: [] },

  // cash count and reconciliation
  cashCountDenominationUnknown: { code: 'CASH_COUNT_DENOMINATION_UNKNOWN', params: ['denomination'] },
  cashCountInvalid: { code: 'CASH_COUNT_INVALID', params: ['denomination'] },
  reconcileReasonRequired: { code: 'RECONCILE_REASON_REQUIRED', params: ['variance', 'threshold'] },
  handoverFloatReasonRequired: { code: 'HANDOVER_FLOAT_REASON_REQUIRED', params: ['counted', 'float'] },

  // receipt numbers
  receiptNumberFormat: { code: 'RECEIPT_NUMBER_FORMAT', params: [] },

  // unified social credit code (invoice tax number, GB 32100-2015)
  creditCodeEmpty: { code: 'CREDIT_CODE_EMPTY', params: [] },
  creditCodeLength: { code: 'CREDIT_CODE_LENGTH', params: ['length'] },
  creditCodeCharacters: { code: 'CREDIT_CODE_CHARACTERS', params: [] },
  creditCodeCheckChar: { code: 'CREDIT_CODE_CHECK_CHAR', params: [] },

  // ID card read by a reader (validity dates printed on the card)
  idCardExpired: { code: 'ID_CARD_EXPIRED', params: ['until'] },
  idCardNotYetValid: { code: 'ID_CARD_NOT_YET_VALID', params: ['from'] },
  idCardValidityFormat: { code: 'ID_CARD_VALIDITY_FORMAT', params: [] },
} as const satisfies Record<string, MessageSpec>;

export type DomainMessageId = keyof typeof DOMAIN_MESSAGES;

type ParamsOf<M extends DomainMessageId> = (typeof DOMAIN_MESSAGES)[M]['params'][number];

/** Extra parts of an error: the form field it belongs to and its translation params. */
export type DomainErrorExtras<M extends DomainMessageId> = {
  field?: string;
} & ([ParamsOf<M>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamsOf<M>, string | number> });

/** The result every validating domain function returns instead of throwing. */
export type Failure = { ok: false; error: AppErrorShape };

export function domainError<M extends DomainMessageId>(
  id: M,
  ...[extras]: [ParamsOf<M>] extends [never] ? [DomainErrorExtras<M>?] : [DomainErrorExtras<M>]
): AppErrorShape {
  const shape: AppErrorShape = { code: DOMAIN_MESSAGES[id].code, messageKey: `${DOMAIN_NAMESPACE}:${id}` };
  if (extras?.field !== undefined) shape.field = extras.field;
  if (extras?.params !== undefined) shape.params = { ...extras.params };
  return shape;
}

export function fail<M extends DomainMessageId>(
  id: M,
  ...rest: [ParamsOf<M>] extends [never] ? [DomainErrorExtras<M>?] : [DomainErrorExtras<M>]
): Failure {
  return { ok: false, error: domainError(id, ...rest) };
}

/** Thrown for caller mistakes (wrong types, impossible arguments), never for user input. */
export function invalidArgument(name: string): AppError {
  return new AppError(domainError('invalidArgument', { params: { name } }));
}
