/**
 * HQ protocol v1: the only shapes the counter terminal and the headquarters service exchange.
 * Pure zod v4 (no node:*). The full protocol with examples is in docs/hq-protocol.md.
 *
 * Conventions:
 * - Money is integer fen. Instants are ISO-8601 strings with an offset (HQ writes UTC "Z").
 *   Business dates are store-local "YYYY-MM-DD".
 * - Every error body is `{ "error": { "code", "message" } }` with a matching HTTP status.
 * - `idHash` = lowercase hex HMAC-SHA256(key = base64-decoded `keyBase64` of store key `keyId`,
 *   message = UTF-8 of the normalised national ID: trimmed, lowercase x -> X).
 */
import { z } from 'zod';
import { PIN_LOCKOUT_LIMITS } from '../domain/pin-lockout';

export const HQ_PROTOCOL_VERSION = 'v1' as const;
/** Path prefix of every terminal-facing route. */
export const HQ_API_PREFIX = '/v1' as const;

/** Largest `events` batch HQ accepts in one POST /v1/events. */
export const MAX_EVENTS_PER_BATCH = 500;
/** Default and largest `limit` of GET /v1/changes. */
export const DEFAULT_CHANGES_LIMIT = 500;
export const MAX_CHANGES_LIMIT = 5000;

// ---------------------------------------------------------------------------------------------
// Primitives

const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const fen = z.number().int().nonnegative();
const id = z.string().min(1).max(64);

export const HqInstant = isoInstant;
export const HqBusinessDate = isoDate;

// ---------------------------------------------------------------------------------------------
// Errors

/** Error codes HQ answers with (HTTP status in parentheses). */
export const HQ_ERROR_STATUS = {
  BAD_JSON: 400,
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  TERMINAL_DISABLED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_CONFLICT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNKNOWN_KEY_ID: 422,
  /** POST /v1/enrol: no such code (or withdrawn), already used, past its expiry. Nothing is changed. */
  ENROL_CODE_UNKNOWN: 404,
  ENROL_CODE_USED: 409,
  ENROL_CODE_EXPIRED: 410,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type HqErrorCode = keyof typeof HQ_ERROR_STATUS;

export const HqErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type HqErrorBody = z.infer<typeof HqErrorBody>;

// ---------------------------------------------------------------------------------------------
// Records pulled by the terminal

export const StoreSettings = z.object({
  /** How long the terminal may keep selling without reaching HQ. */
  offlineMaxHours: z.number().int().positive(),
  /** Largest single sale allowed while offline. */
  offlineMaxSaleFen: fen,
  /** Cash variance (expected vs counted) above which a supervisor must confirm the day close. */
  varianceThresholdFen: fen,
  idleLockMinutes: z.number().int().positive(),
  /** The account card prompts "expires in N days" when N ≤ this (issue 15 item 4). Default 7. */
  expiryPromptDays: z.number().int().min(0).max(60).optional(),
  /** Shift handover: the closing count is blind (expected cash shown only after the count). Default false. */
  blindShiftCount: z.boolean().optional(),
  /**
   * PIN lockout (issue 10 item 2): the n-th wrong PIN in a row locks for minutes[0], then minutes[1]…
   * (the last repeats). Optional: without it the terminal uses DEFAULT_PIN_LOCKOUT (5; 1 / 5 / 15 minutes).
   */
  pinLockout: z
    .object({
      maxFailures: z.number().int().min(PIN_LOCKOUT_LIMITS.maxFailures.min).max(PIN_LOCKOUT_LIMITS.maxFailures.max),
      minutes: z
        .array(z.number().int().min(PIN_LOCKOUT_LIMITS.minutes.min).max(PIN_LOCKOUT_LIMITS.minutes.max))
        .min(PIN_LOCKOUT_LIMITS.steps.min)
        .max(PIN_LOCKOUT_LIMITS.steps.max),
    })
    .optional(),
  receiptFooterZh: z.string(),
  receiptFooterEn: z.string(),
  /**
   * Which account services need a supervisor's PIN (issue 15 item 3); a service left out keeps the
   * default of src-shared/domain/account-service (reportLost no, cancelLost yes, changePhone no, resetApp yes).
   */
  accountServiceSupervisor: z
    .object({ reportLost: z.boolean(), cancelLost: z.boolean(), changePhone: z.boolean(), resetApp: z.boolean() })
    .partial()
    .optional(),
});
export type StoreSettings = z.infer<typeof StoreSettings>;

export const StoreData = z.object({
  storeId: id,
  code: z.string().min(1),
  name: z.string().min(1),
  address: z.string(),
  phone: z.string(),
  /** IANA zone, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1),
  settings: StoreSettings,
});
export type StoreData = z.infer<typeof StoreData>;

/** HMAC key for national-ID hashes. Rotation adds a new key (and HQ asks terminals to re-snapshot). */
export const StoreKeyData = z.object({
  keyId: id,
  keyBase64: z.string().min(1),
  createdAt: isoInstant,
});
export type StoreKeyData = z.infer<typeof StoreKeyData>;

export const DeviceKind = z.enum(['imei', 'iccid']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const PlanTerm = z.object({
  months: z.number().int().min(1).max(36),
  priceFen: fen,
});
export type PlanTerm = z.infer<typeof PlanTerm>;

export const PlanData = z.object({
  code: z.string().min(1),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  /** Monthly data allowance in MB (for "unlimited" plans: the fair-use amount before throttling). */
  dataQuotaMb: z.number().int().nonnegative(),
  /** Which devices the plan is sold for: pocket-WiFi routers (IMEI) or SIM cards (ICCID). */
  deviceKind: DeviceKind,
  terms: z.array(PlanTerm).min(1),
  active: z.boolean(),
});
export type PlanData = z.infer<typeof PlanData>;

/** Store-local wall-clock time 'YYYY-MM-DDTHH:mm' (a promotion window is read in each store's own time zone). */
export const LocalDateTime = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, 'expected YYYY-MM-DDTHH:mm');

const promotionBase = {
  promotionId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  nameZh: z.string().min(1).max(40),
  nameEn: z.string().min(1).max(40),
  /** Inclusive start, store-local wall clock. */
  startsLocal: LocalDateTime,
  /** Exclusive end, store-local wall clock. */
  endsLocal: LocalDateTime,
  /** Store codes the promotion runs in; null = every store. */
  storeCodes: z.array(z.string().min(1).max(16)).min(1).nullable(),
  /** Combines with the other stackable promotions (in stackOrder); otherwise only ever applied alone. */
  stackable: z.boolean(),
  /** Order in a stack: lower first, ties by promotionId. */
  stackOrder: z.number().int().min(0).max(1000),
};

/**
 * A promotion as HQ defines it and terminals pull it (docs/payments.md#promotions):
 * - percentOff: 限时折扣, the plan term's price less `percentOff` percent (1-99);
 * - fixedPrice: 限时特价, the plan term sells at `priceFen`;
 * - spendSave: 满减, spend `thresholdFen` or more, save `saveFen` on the sale total.
 * planDiscount kinds target one plan, one term (`termMonths`) or every term (null).
 * `setVersion`: the promotion-set version after this promotion's last change.
 */
export const PromotionData = z.discriminatedUnion('kind', [
  z.object({ ...promotionBase, kind: z.literal('percentOff'), planCode: z.string().min(1), termMonths: z.number().int().min(1).max(36).nullable(), percentOff: z.number().int().min(1).max(99) }),
  z.object({ ...promotionBase, kind: z.literal('fixedPrice'), planCode: z.string().min(1), termMonths: z.number().int().min(1).max(36).nullable(), priceFen: z.number().int().min(1) }),
  z.object({ ...promotionBase, kind: z.literal('spendSave'), thresholdFen: z.number().int().min(1), saveFen: z.number().int().min(1) }),
]);
export type PromotionData = z.infer<typeof PromotionData>;

/** A promotion with the set version of its last change (the change feed's `promotion` records). */
export const PromotionRecord = z.object({ setVersion: z.number().int().positive(), promotion: PromotionData });
export type PromotionRecord = z.infer<typeof PromotionRecord>;

export const ClerkRole = z.enum(['clerk', 'supervisor']);
export type ClerkRole = z.infer<typeof ClerkRole>;

/** PIN hash format: `scrypt$N$r$p$saltB64$hashB64` (standard base64, 32-byte derived key). */
export const PIN_HASH_PATTERN = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

export const ClerkData = z.object({
  clerkId: id,
  code: z.string().min(1),
  name: z.string().min(1),
  role: ClerkRole,
  pinHash: z.string().regex(PIN_HASH_PATTERN),
  active: z.boolean(),
  /**
   * When HQ last cleared this clerk's PIN lockout (admin "unlock clerk", issue 10 item 3). A terminal that
   * pulls a value it has not applied yet clears its lock for the clerk. Absent: never.
   */
  unlockedAt: isoInstant.optional(),
});
export type ClerkData = z.infer<typeof ClerkData>;

export const SubscriptionStatus = z.enum(['active', 'expired', 'suspended', 'cancelled']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

export const Subscription = z.object({
  planCode: z.string().min(1),
  expiresAt: isoInstant,
  /** Monthly allowance of the current plan, MB. */
  dataQuotaMb: z.number().int().nonnegative(),
  dataUsedMb: z.number().int().nonnegative(),
  usageAsOf: isoInstant,
  status: SubscriptionStatus,
  /** Why the subscription is suspended or cancelled, in Chinese as HQ staff typed it (e.g. 挂失). */
  statusReason: z.string().optional(),
  /**
   * The same reason as a code (src-shared/domain/status-reasons) terminals translate; a terminal shows
   * statusReason only for a code it does not know or when the code is absent (older HQ).
   */
  statusReasonCode: z.string().min(1).max(40).optional(),
});
export type Subscription = z.infer<typeof Subscription>;

export const DeviceRecord = z.object({
  deviceId: id,
  kind: DeviceKind,
  number: z.string().regex(/^\d{15,20}$/),
  subscription: Subscription,
});
export type DeviceRecord = z.infer<typeof DeviceRecord>;

export const AccountStatus = z.enum(['active', 'suspended', 'closed']);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const AccountRecord = z.object({
  accountId: id,
  /** Display name as the clerk may see it, e.g. 王*芳. Never the full name. */
  holderName: z.string(),
  idHash: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: id,
  /** First 3 and last 4 characters, e.g. 110***********002X. */
  idMasked: z.string(),
  status: AccountStatus.optional(),
  /** The bound mobile number masked, e.g. 138****5678; absent when none is bound. */
  phoneMasked: z.string().max(20).optional(),
  devices: z.array(DeviceRecord),
  /** Increases by one on every change HQ makes to the account or its devices. */
  version: z.number().int().positive(),
  updatedAt: isoInstant,
});
export type AccountRecord = z.infer<typeof AccountRecord>;

export const TerminalConfig = z.object({
  /** Printed before the receipt number, e.g. "S001-T01-". */
  receiptPrefix: z.string(),
  /** Suggested pull interval when online. */
  pullIntervalSeconds: z.number().int().positive(),
});
export type TerminalConfig = z.infer<typeof TerminalConfig>;

/** Only ever sent to the terminal it describes. */
export const TerminalData = z.object({
  terminalId: id,
  code: z.string().min(1),
  name: z.string(),
  storeId: id,
  active: z.boolean(),
  config: TerminalConfig,
});
export type TerminalData = z.infer<typeof TerminalData>;

// ---------------------------------------------------------------------------------------------
// GET /v1/changes

export const ChangeOp = z.enum(['upsert', 'delete']);
export type ChangeOp = z.infer<typeof ChangeOp>;

const changeBase = { seq: z.number().int().positive(), op: ChangeOp };

/** `data` is the record's full state after the change (for `delete`: its last state). */
export const Change = z.discriminatedUnion('kind', [
  z.object({ ...changeBase, kind: z.literal('store'), data: StoreData }),
  z.object({ ...changeBase, kind: z.literal('storeKey'), data: StoreKeyData }),
  z.object({ ...changeBase, kind: z.literal('plan'), data: PlanData }),
  z.object({ ...changeBase, kind: z.literal('clerk'), data: ClerkData }),
  z.object({ ...changeBase, kind: z.literal('account'), data: AccountRecord }),
  z.object({ ...changeBase, kind: z.literal('terminal'), data: TerminalData }),
  z.object({ ...changeBase, kind: z.literal('promotion'), data: PromotionRecord }),
]);
export type Change = z.infer<typeof Change>;
export type ChangeKind = Change['kind'];
export const CHANGE_KINDS = ['store', 'storeKey', 'plan', 'clerk', 'account', 'terminal', 'promotion'] as const;

export const ChangesQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_LIMIT).default(DEFAULT_CHANGES_LIMIT),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

/**
 * `cursor`: pass it back next time (the last seq this answer covers). `resetRequired`: the asked
 * cursor is older than what HQ retains; `changes` is then empty and the terminal must take
 * a config snapshot and an accounts snapshot, then pull from their cursors.
 */
export const ChangesResponse = z.object({
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  resetRequired: z.boolean(),
  changes: z.array(Change),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

// ---------------------------------------------------------------------------------------------
// GET /v1/snapshot/config

/** Everything but accounts, as of `snapshotCursor`. Used on first start and after resetRequired. */
export const ConfigSnapshot = z.object({
  snapshotCursor: z.number().int().nonnegative(),
  store: StoreData,
  /** All keys still valid, oldest first; the last one is current. */
  storeKeys: z.array(StoreKeyData).min(1),
  plans: z.array(PlanData),
  clerks: z.array(ClerkData),
  terminal: TerminalData,
  /** Every promotion HQ holds (each terminal picks its store's); absent from an HQ without promotions. */
  promotions: z.array(PromotionData).default([]),
  /** The promotion-set version the list is (0: none defined yet). */
  promotionSetVersion: z.number().int().nonnegative().default(0),
});
export type ConfigSnapshot = z.infer<typeof ConfigSnapshot>;

// ---------------------------------------------------------------------------------------------
// GET /v1/snapshot/accounts (NDJSON, one JSON object per line)

export const SnapshotAccountsQuery = z.object({
  /** Resume: only accounts with accountId > after (string order). */
  after: z.string().max(64).optional(),
  /** Store key the idHash values are computed with; default: the current key. */
  keyId: z.string().max(64).optional(),
});
export type SnapshotAccountsQuery = z.infer<typeof SnapshotAccountsQuery>;

export const SnapshotHeaderLine = z.object({
  type: z.literal('header'),
  snapshotCursor: z.number().int().nonnegative(),
  keyId: id,
  /** Accounts this stream will send (those after `after`). */
  total: z.number().int().nonnegative(),
});
export const SnapshotAccountLine = AccountRecord.extend({ type: z.literal('account') });
export const SnapshotEndLine = z.object({ type: z.literal('end'), count: z.number().int().nonnegative() });
export const SnapshotLine = z.discriminatedUnion('type', [SnapshotHeaderLine, SnapshotAccountLine, SnapshotEndLine]);
export type SnapshotHeaderLine = z.infer<typeof SnapshotHeaderLine>;
export type SnapshotAccountLine = z.infer<typeof SnapshotAccountLine>;
export type SnapshotEndLine = z.infer<typeof SnapshotEndLine>;
export type SnapshotLine = z.infer<typeof SnapshotLine>;
export const SNAPSHOT_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

// ---------------------------------------------------------------------------------------------
// POST /v1/accounts/lookup

export const AccountLookupRequest = z.object({
  idHash: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: id,
  deviceNumber: z.string().regex(/^\d{15,20}$/),
});
export type AccountLookupRequest = z.infer<typeof AccountLookupRequest>;

/** null when the pair does not match (HQ does not say which of the two numbers exists). */
export const AccountLookupResponse = z.object({ account: AccountRecord.nullable() });
export type AccountLookupResponse = z.infer<typeof AccountLookupResponse>;

// ---------------------------------------------------------------------------------------------
// POST /v1/accounts/by-id (the ID-only lookup: a customer who forgot the device number)

export const AccountsByIdRequest = z.object({
  idHash: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: id,
});
export type AccountsByIdRequest = z.infer<typeof AccountsByIdRequest>;

/** The accounts (with all their devices) whose holder has this ID; empty when none. */
export const AccountsByIdResponse = z.object({ accounts: z.array(AccountRecord) });
export type AccountsByIdResponse = z.infer<typeof AccountsByIdResponse>;

// ---------------------------------------------------------------------------------------------
// POST /v1/events

export const PaymentMethod = z.enum(['cash', 'card', 'alipay', 'wechat']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const SalePayment = z.object({
  method: PaymentMethod,
  amountFen: z.number().int().positive(),
  /** Reference number of the card / QR payment terminal. */
  reference: z.string().max(64).optional(),
});
export type SalePayment = z.infer<typeof SalePayment>;

export const RenewalPayload = z.object({
  saleId: id,
  receiptNo: z.string().min(1).max(64),
  businessDate: isoDate,
  clerkId: id,
  accountId: id,
  deviceNumber: z.string().regex(/^\d{15,20}$/),
  planCode: z.string().min(1),
  termMonths: z.number().int().min(1).max(36),
  priceFen: fen,
  /** Expiry the terminal saw before the sale. */
  previousExpiry: isoInstant,
  /** Expiry the terminal computed (HQ computes its own and answers it). */
  newExpiry: isoInstant,
  payments: z.array(SalePayment).min(1),
  changeFen: fen,
  createdAt: isoInstant,
  /** The plan term's catalog price before promotions (absent: no promotion applied, priceFen is the list price). */
  listPriceFen: fen.optional(),
  /** The promotions the terminal applied, in the order applied, each with what it took off. */
  promotions: z.array(z.object({ promotionId: z.string().min(1).max(32), discountFen: z.number().int().positive() })).max(20).optional(),
  /** The promotion-set version the terminal priced the sale with. */
  promotionSetVersion: z.number().int().nonnegative().optional(),
});
export type RenewalPayload = z.infer<typeof RenewalPayload>;

export const VoidPayload = z.object({
  saleId: id,
  receiptNo: z.string().min(1).max(64),
  reason: z.string().min(1).max(200),
  supervisorClerkId: id,
  voidedAt: isoInstant,
  /**
   * How each payment went back (issue 14 item 3): cash from the drawer, a code payment through the
   * gateway (refund number; pending until the gateway confirms), a card-terminal line with that
   * terminal's refund reference. Optional: terminals before this field send none. HQ checks the
   * per-method totals against the sale (checkVoidRefunds) and keeps them with the void.
   */
  refunds: z
    .array(
      z.object({
        lineNo: z.number().int().positive(),
        method: PaymentMethod,
        route: z.enum(['drawer', 'gateway', 'cardTerminal']),
        amountFen: z.number().int().positive(),
        reference: z.string().max(64).nullable(),
        state: z.enum(['pending', 'done']),
      }),
    )
    .max(20)
    .optional(),
});
export type VoidPayload = z.infer<typeof VoidPayload>;

export const DayClosePayload = z.object({
  businessDate: isoDate,
  /** The Z report summary as the terminal printed it (HQ stores it as-is). */
  zReport: z.record(z.string(), z.unknown()),
  closedAt: isoInstant,
  /** The day was closed with unsynced sales or a variance a supervisor overrode. */
  pendingOverride: z.boolean(),
});
export type DayClosePayload = z.infer<typeof DayClosePayload>;

/** What every account service event carries (issue 15 item 3). */
const accountServiceBase = {
  /** The service's id on the terminal (the event id). */
  serviceId: id,
  businessDate: isoDate,
  clerkId: id,
  /** The supervisor who entered a PIN for it, when the store's setting asks for one. */
  supervisorClerkId: id.optional(),
  accountId: id,
  requestedAt: isoInstant,
};

/** 挂失: HQ suspends the device (reason `reported_lost`). */
export const ReportLostPayload = z.object({ ...accountServiceBase, deviceId: id });
export type ReportLostPayload = z.infer<typeof ReportLostPayload>;
/** 解挂: HQ lifts the report; the device is active again (or expired, when its plan ran out meanwhile). */
export const CancelLostPayload = z.object({ ...accountServiceBase, deviceId: id });
export type CancelLostPayload = z.infer<typeof CancelLostPayload>;
/** The account's bound mobile number changes; HQ checks its shape (PHONE_INVALID) and that it differs. */
export const ChangePhonePayload = z.object({ ...accountServiceBase, phone: z.string().max(20) });
export type ChangePhonePayload = z.infer<typeof ChangePhonePayload>;
/** HQ issues a one-time app reset code: answered once, in the result, never stored as such by either side. */
export const ResetAppPayload = z.object(accountServiceBase);
export type ResetAppPayload = z.infer<typeof ResetAppPayload>;

/**
 * E-invoice (发票) request on a sale (issue 15 item 7): one per sale, sent after the sale's own event.
 * taxNumber is a unified social credit code (check character checked) for a company, null for a person.
 */
export const InvoiceRequestPayload = z.object({
  saleId: id,
  buyerType: z.enum(['company', 'personal']),
  title: z.string().min(1).max(100),
  taxNumber: z.string().length(18).nullable(),
  email: z.string().min(3).max(120),
  clerkId: id,
  requestedAt: isoInstant,
});
export type InvoiceRequestPayload = z.infer<typeof InvoiceRequestPayload>;

const eventBase = {
  eventId: z.uuid(),
  terminalSeq: z.number().int().positive(),
  createdAt: isoInstant,
};

export const OutboxEvent = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('sale.renewal'), payload: RenewalPayload }),
  z.object({ ...eventBase, type: z.literal('sale.void'), payload: VoidPayload }),
  z.object({ ...eventBase, type: z.literal('day.close'), payload: DayClosePayload }),
  z.object({ ...eventBase, type: z.literal('account.reportLost'), payload: ReportLostPayload }),
  z.object({ ...eventBase, type: z.literal('account.cancelLost'), payload: CancelLostPayload }),
  z.object({ ...eventBase, type: z.literal('account.changePhone'), payload: ChangePhonePayload }),
  z.object({ ...eventBase, type: z.literal('account.resetApp'), payload: ResetAppPayload }),
  z.object({ ...eventBase, type: z.literal('sale.invoiceRequest'), payload: InvoiceRequestPayload }),
]);
export type OutboxEvent = z.infer<typeof OutboxEvent>;
export type OutboxEventType = OutboxEvent['type'];
export const OUTBOX_EVENT_TYPES = ['sale.renewal', 'sale.void', 'day.close', 'account.reportLost', 'account.cancelLost', 'account.changePhone', 'account.resetApp', 'sale.invoiceRequest'] as const;

/** Why HQ rejected an event. Rejections are final: retrying the same event gives the same answer. */
export const REJECTION_CODES = [
  'INVALID_EVENT',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_CLOSED',
  'DEVICE_NOT_ON_ACCOUNT',
  'SUBSCRIPTION_SUSPENDED',
  'SUBSCRIPTION_CANCELLED',
  'PLAN_NOT_FOUND',
  'PLAN_INACTIVE',
  'PLAN_DEVICE_MISMATCH',
  'TERM_NOT_OFFERED',
  'PRICE_MISMATCH',
  'PAYMENT_MISMATCH',
  'SALE_NOT_FOUND',
  'SUPERVISOR_REQUIRED',
  /** A void's refunds do not return, per payment method, what the sale took (checkVoidRefunds). */
  'REFUND_MISMATCH',
  /** This terminal already sent a sale under this receipt number or receipt sequence (a replaced ledger). */
  'RECEIPT_NUMBER_USED',
  /** This terminal already sent another event under this terminalSeq (a replaced ledger). */
  'SEQUENCE_USED',
  /** Account services (issue 15 item 3). */
  'ALREADY_REPORTED_LOST',
  'NOT_REPORTED_LOST',
  'PHONE_INVALID',
  'PHONE_UNCHANGED',
  /** E-invoice request (issue 15 item 7): the sale already has one with other data, or it is voided. */
  'INVOICE_EXISTS',
  'SALE_VOIDED',
] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

const resultBase = {
  eventId: z.string(),
  /** true when HQ had already processed this eventId; the rest is the stored first answer. */
  duplicate: z.boolean(),
  processedAt: isoInstant,
};

export const EventResult = z.discriminatedUnion('status', [
  z.object({
    ...resultBase,
    status: z.literal('confirmed'),
    /** Renewal: HQ's authoritative expiry. Void: the expiry after reversal. Absent for day.close. */
    newExpiry: isoInstant.optional(),
    /** 挂失 / 解挂: the device's status now. */
    subscriptionStatus: SubscriptionStatus.optional(),
    /** Phone change: the new number, masked. */
    phoneMasked: z.string().max(20).optional(),
    /**
     * App reset: the one-time code, in HQ's first answer only (HQ keeps its hash; a repeat of the event
     * answers without it). The terminal prints it and keeps it nowhere.
     */
    resetCode: z.string().regex(/^\d{8}$/).optional(),
    resetCodeExpiresAt: isoInstant.optional(),
  }),
  z.object({
    ...resultBase,
    status: z.literal('rejected'),
    code: RejectionCode,
    messageZh: z.string(),
    messageEn: z.string(),
  }),
  z.object({
    ...resultBase,
    status: z.literal('conflict'),
    code: z.literal('IDEMPOTENCY_CONFLICT'),
    messageZh: z.string(),
    messageEn: z.string(),
  }),
]);
export type EventResult = z.infer<typeof EventResult>;
export type EventStatus = EventResult['status'];

/** The terminal's audit chain head when it pushed: HQ keeps it as an anchor outside the terminal. */
export const AuditHead = z.object({
  /** Entries in the chain. */
  count: z.number().int().nonnegative(),
  /**
   * Hash of the newest entry as the terminal stores it: 64 lowercase hex (an entry written before the
   * terminal had its audit key; 64 zeros for an empty chain) or `hmac-sha256$<keyId>$<64 hex>`.
   */
  head: z.string().regex(/^(?:[0-9a-f]{64}|hmac-sha256\$[A-Za-z0-9_-]{1,64}\$[0-9a-f]{64})$/),
});
export type AuditHead = z.infer<typeof AuditHead>;

export const EventsRequest = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
  audit: AuditHead.optional(),
});
export type EventsRequest = { events: OutboxEvent[] };

/** Per-terminal sequence state after this batch. */
export const SequenceState = z.object({
  /** Highest terminalSeq HQ has received from this terminal. */
  lastSeq: z.number().int().nonnegative(),
  /** Inclusive ranges of terminalSeq values below lastSeq HQ has never received (at most 100). */
  gaps: z.array(z.tuple([z.number().int().positive(), z.number().int().positive()])),
});
export type SequenceState = z.infer<typeof SequenceState>;

export const EventsResponse = z.object({
  /** Same order as the request's events. */
  results: z.array(EventResult),
  sequence: SequenceState,
});
export type EventsResponse = z.infer<typeof EventsResponse>;

/** POST /v1/events/:eventId answers one event: 200 with this, or 409 IDEMPOTENCY_CONFLICT. */
export const SingleEventResponse = z.object({ result: EventResult, sequence: SequenceState });
export type SingleEventResponse = z.infer<typeof SingleEventResponse>;

// ---------------------------------------------------------------------------------------------
// GET /v1/ledger, POST /v1/ledger/reenrol

/** HMAC-SHA256 key for this terminal's audit chain entries (only ever sent to that terminal). */
export const AuditKeyData = z.object({ keyId: id, keyBase64: z.string().min(1) });
export type AuditKeyData = z.infer<typeof AuditKeyData>;

/**
 * This terminal's receipt key (issue 15 item 6): the receipt QR is `<verifyBaseUrl>/r/<saleId>?s=<signature>`,
 * the signature HMAC-SHA256 with this key (src-node/crypto/receipt-signature.ts), so the terminal signs offline
 * and HQ's verify page refuses an id without its signature. Only ever sent to that terminal.
 */
export const ReceiptKeyData = z.object({ keyId: id, keyBase64: z.string().min(1), verifyBaseUrl: z.string().regex(/^https?:\/\/[^\s?#]+$/) });
export type ReceiptKeyData = z.infer<typeof ReceiptKeyData>;

/** `GET /v1/devices/:deviceId/service` (issue 15 items 4, 5): usage by month, past renewals, the unlimited plans. */
export const DeviceServiceInfo = z.object({
  deviceId: id,
  /** Store-local months (YYYY-MM) before the current one, oldest first (at most 3). */
  usage: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), usedMb: z.number().int().nonnegative() })),
  /** Newest first (at most 20), from every store. */
  renewals: z.array(
    z.object({
      saleId: z.string().min(1),
      receiptNo: z.string(),
      soldAt: isoInstant,
      planCode: z.string().min(1),
      termMonths: z.number().int().positive(),
      priceFen: fen,
      storeCode: z.string(),
      storeName: z.string(),
      status: z.enum(['confirmed', 'rejected', 'voided']),
    }),
  ),
  /** Plans whose `dataQuotaMb` is a fair-use limit (HQ setting). */
  unlimitedPlanCodes: z.array(z.string()),
  asOf: isoInstant,
});
export type DeviceServiceInfo = z.infer<typeof DeviceServiceInfo>;

export const AuditAnchor = AuditHead.extend({ receivedAt: isoInstant });
export type AuditAnchor = z.infer<typeof AuditAnchor>;

/** What HQ holds of this terminal's ledger: asked at start-up, by re-enrolment and by audit:verify. */
export const LedgerState = z.object({
  terminalId: id,
  /** Highest terminalSeq HQ received from this terminal. */
  lastEventSeq: z.number().int().nonnegative(),
  /** Highest receipt sequence of a sale HQ stored for this terminal. */
  lastReceiptSeq: z.number().int().nonnegative(),
  /** Increases when a supervisor re-enrols a replacement PC; anchors are per epoch. */
  epoch: z.number().int().nonnegative(),
  auditKey: AuditKeyData,
  /** Absent from an HQ before issue 15: the terminal then prints the offline QR `CT1|<receiptNo>|<saleId>`. */
  receiptKey: ReceiptKeyData.optional(),
  /** Audit-chain anchors of this epoch, newest first (at most 1000). */
  anchors: z.array(AuditAnchor),
});
export type LedgerState = z.infer<typeof LedgerState>;

// ---------------------------------------------------------------------------------------------
// Routes (terminal-facing). Auth: `Authorization: Bearer <terminal token>`.

export const HQ_ROUTES = {
  changes: '/v1/changes',
  configSnapshot: '/v1/snapshot/config',
  accountsSnapshot: '/v1/snapshot/accounts',
  accountLookup: '/v1/accounts/lookup',
  accountsById: '/v1/accounts/by-id',
  events: '/v1/events',
  /** Append `/<eventId>` for the single-event variant. */
  singleEvent: '/v1/events',
  health: '/v1/health',
  ledger: '/v1/ledger',
  ledgerReenrol: '/v1/ledger/reenrol',
  /** Append `/<deviceId>/service`. */
  devices: '/v1/devices',
  /** POST a sealed ledger backup (application/octet-stream); GET lists this terminal's; append `/<backupId>` to download one. */
  backups: '/v1/backups',
  /** POST one crash dump (application/octet-stream, `?name=<file name>`). */
  crashReports: '/v1/crash-reports',
  /** No bearer token: the one-time enrolment code is the credential. */
  enrol: '/v1/enrol',
} as const;

// ---------------------------------------------------------------------------------------------
// POST /v1/enrol (issue 17 item 2)

export const EnrolRequest = z.object({ code: z.string().min(1).max(64) }).strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  /** The terminal's bearer token, shown only in this answer (HQ keeps its SHA-256). */
  token: z.string().min(8),
  terminal: TerminalData,
  store: z.object({ storeId: id, code: z.string().min(1), name: z.string() }),
  /** HQ's record of this terminal's ledger: a replaced PC continues after lastReceiptSeq / lastEventSeq. */
  ledger: LedgerState,
  /** The terminal existed: its old token no longer works and its ledger epoch moved on. */
  reenrolled: z.boolean(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

// ---------------------------------------------------------------------------------------------
// Backups and crash reports (issue 17 item 6)

/** A sealed ledger backup HQ holds for a terminal (the public header's facts; HQ cannot decrypt the bytes). */
export const BackupInfo = z.object({
  backupId: z.string(),
  terminalId: z.string(),
  /** When the terminal took the backup. */
  createdAt: z.string(),
  receivedAt: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  keySource: z.enum(['backupKey', 'hqToken']),
  sales: z.number().int().nonnegative(),
  lastReceiptSeq: z.number().int().nonnegative(),
  lastReceiptNo: z.string().nullable(),
  lastEventSeq: z.number().int().nonnegative(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;
export const BackupUploadResponse = z.object({ backup: BackupInfo, duplicate: z.boolean() });
export const BackupListResponse = z.object({ backups: z.array(BackupInfo) });

export const CrashReportInfo = z.object({
  reportId: z.string(),
  terminalId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  receivedAt: z.string(),
});
export type CrashReportInfo = z.infer<typeof CrashReportInfo>;
export const CrashReportUploadResponse = z.object({ crashReport: CrashReportInfo, duplicate: z.boolean() });
