/** Inputs of the HQ admin API (HQ-only; terminals never see these). */
import { z } from 'zod';
import { ClerkRole, DeviceKind, PlanTerm, PromotionData, StoreSettings, SubscriptionStatus, AccountStatus } from '../src-shared/hq-protocol/schemas';
import { StatusReasonCode } from '../src-shared/domain/status-reasons';

export const CreatePlanInput = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  nameZh: z.string().min(1).max(60),
  nameEn: z.string().min(1).max(60),
  dataQuotaMb: z.number().int().nonnegative(),
  deviceKind: DeviceKind,
  terms: z.array(PlanTerm).min(1),
  active: z.boolean().default(true),
});
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;

export const UpdatePlanInput = CreatePlanInput.omit({ code: true }).partial();
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;

export const CreateDeviceInput = z.object({
  kind: DeviceKind,
  number: z.string().min(1),
  planCode: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  dataUsedMb: z.number().int().nonnegative().default(0),
  status: SubscriptionStatus.default('active'),
  statusReason: z.string().max(100).optional(),
  /** Why, as a code terminals translate (src-shared/domain/status-reasons); statusReason is the staff's text. */
  statusReasonCode: StatusReasonCode.optional(),
});
export type CreateDeviceInput = z.infer<typeof CreateDeviceInput>;

export const CreateAccountInput = z.object({
  /** Full legal name (HQ keeps it; terminals get it masked). */
  holderName: z.string().min(1).max(40),
  /** Raw national ID; HQ validates it, keeps it and computes the hashes terminals get. */
  nationalId: z.string().min(1).max(30),
  status: AccountStatus.default('active'),
  devices: z.array(CreateDeviceInput).default([]),
  /** The store the account belongs to for scoped snapshots; omitted = in every store's snapshot. */
  homeStoreCode: z.string().min(1).optional(),
});
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateSubscriptionInput = z
  .object({
    status: SubscriptionStatus.optional(),
    statusReason: z.string().max(100).nullable().optional(),
    statusReasonCode: StatusReasonCode.nullable().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    dataUsedMb: z.number().int().nonnegative().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateSubscriptionInput = z.infer<typeof UpdateSubscriptionInput>;

export const UpdateAccountInput = z.object({ status: AccountStatus });

export const CreateTerminalInput = z.object({
  storeCode: z.string().min(1),
  code: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
  name: z.string().max(60).default(''),
  pullIntervalSeconds: z.number().int().positive().default(30),
});
export type CreateTerminalInput = z.infer<typeof CreateTerminalInput>;

export const CreateClerkInput = z.object({
  storeCode: z.string().min(1),
  code: z.string().regex(/^\d{4,8}$/),
  name: z.string().min(1).max(40),
  role: ClerkRole,
  pin: z.string().regex(/^\d{4,8}$/),
});
export type CreateClerkInput = z.infer<typeof CreateClerkInput>;

export const UpdateClerkInput = z.object({
  name: z.string().min(1).max(40).optional(),
  role: ClerkRole.optional(),
  pin: z.string().regex(/^\d{4,8}$/).optional(),
  active: z.boolean().optional(),
});
export type UpdateClerkInput = z.infer<typeof UpdateClerkInput>;

export const UpdateStoreInput = z.object({
  name: z.string().min(1).optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  timeZone: z.string().min(1).optional(),
  settings: StoreSettings.partial().optional(),
  /** Put the store in a store group (null: in none). */
  groupId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).nullable().optional(),
});
export type UpdateStoreInput = z.infer<typeof UpdateStoreInput>;

export const CreateStoreInput = z.object({
  code: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
  name: z.string().min(1).max(60),
  address: z.string().max(200).default(''),
  phone: z.string().max(40).default(''),
  timeZone: z.string().min(1).default('Asia/Shanghai'),
  groupId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
});
export type CreateStoreInput = z.infer<typeof CreateStoreInput>;

export const CreateStoreGroupInput = z.object({
  groupId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  name: z.string().min(1).max(60),
});
export type CreateStoreGroupInput = z.infer<typeof CreateStoreGroupInput>;

export const SnapshotScopeInput = z.object({ scope: z.enum(['chain', 'store', 'group']) });

export const FaultInput = z.object({
  /** unavailable = 503, rateLimited = 429 (both with Retry-After), delay = answer late, reset = drop the connection. */
  kind: z.enum(['unavailable', 'rateLimited', 'delay', 'reset']),
  /** How many of the next /v1 requests it applies to. */
  count: z.number().int().min(1).max(100_000).default(1),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  delayMs: z.number().int().min(0).max(120_000).default(1000),
  /** Only requests whose path starts with this (default: every /v1 path). */
  pathPrefix: z.string().startsWith('/v1').default('/v1'),
});
export type FaultInput = z.infer<typeof FaultInput>;

export const PruneInput = z.object({ keep: z.number().int().nonnegative() });

/** POST /admin/enrolment-codes (issue 17 item 2). */
export const IssueEnrolmentCodeInput = z
  .object({
    storeCode: z.string().min(1),
    terminalCode: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
    /** Minutes the code is valid: 1 to 10080 (7 days); default HQ_ENROL_CODE_TTL_MINUTES (1440). */
    ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
    /** The HQ address the QR carries; default HQ_PUBLIC_URL, else this request's Host. */
    hqUrl: z.string().url().refine((v) => /^https?:\/\//.test(v), { message: 'must start with http:// or https://' }).optional(),
  })
  .strict();
export type IssueEnrolmentCodeInput = z.infer<typeof IssueEnrolmentCodeInput>;

/** What an admin may leave out of a new promotion. */
const promotionDefaults = {
  storeCodes: z.array(z.string().min(1).max(16)).min(1).nullable().default(null),
  stackable: z.boolean().default(false),
  stackOrder: z.number().int().min(0).max(1000).default(0),
};

/** POST /admin/promotions: a PromotionData (docs/payments.md#promotions) with defaults. */
export const CreatePromotionInput = z.discriminatedUnion('kind', [
  PromotionData.options[0].extend(promotionDefaults).strict(),
  PromotionData.options[1].extend(promotionDefaults).strict(),
  PromotionData.options[2].extend(promotionDefaults).strict(),
]);
export type CreatePromotionInput = z.infer<typeof CreatePromotionInput>;

/** PATCH /admin/promotions/:id: any field but promotionId and kind (only the fields of the promotion's kind). */
export const UpdatePromotionInput = z
  .object({ ...PromotionData.options[0].shape, ...PromotionData.options[1].shape, ...PromotionData.options[2].shape })
  .omit({ promotionId: true, kind: true })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdatePromotionInput = z.infer<typeof UpdatePromotionInput>;

/** PUT /admin/settings/unlimited-plans (issue 15 item 4): the plans whose quota is a fair-use limit. */
export const UnlimitedPlansInput = z.object({ codes: z.array(z.string().min(1).max(16)).max(100) }).strict();
/** PUT /admin/devices/:deviceId/usage/:month: MB the device used in that store-local month. */
export const UsageMonthInput = z.object({ usedMb: z.number().int().min(0).max(100_000_000) }).strict();
