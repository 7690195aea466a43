/**
 * Account services at the counter (issue 15 item 3): 挂失 (report a device lost), 解挂 (cancel that
 * report), change the bound phone number, reset the customer's app account. Pure rules both the
 * terminal and HQ use.
 */
import { domainError, type Failure } from './domain-errors';

export const ACCOUNT_SERVICES = ['reportLost', 'cancelLost', 'changePhone', 'resetApp'] as const;
export type AccountServiceKind = (typeof ACCOUNT_SERVICES)[number];

/** Which services need a supervisor's PIN: an HQ store setting (`settings.accountServiceSupervisor`). */
export type AccountServiceSupervisorRule = Record<AccountServiceKind, boolean>;

/**
 * Without the HQ setting: reporting a device lost protects the customer and needs no supervisor; lifting
 * the report and resetting the app account (both give someone the use of the account) do.
 */
export const DEFAULT_ACCOUNT_SERVICE_SUPERVISOR: AccountServiceSupervisorRule = {
  reportLost: false,
  cancelLost: true,
  changePhone: false,
  resetApp: true,
};

export function accountServiceSupervisorRule(setting: Partial<AccountServiceSupervisorRule> | undefined): AccountServiceSupervisorRule {
  return { ...DEFAULT_ACCOUNT_SERVICE_SUPERVISOR, ...(setting ?? {}) };
}

/** The reason code a device reported lost carries (src-shared/domain/status-reasons). */
export const REPORTED_LOST_REASON_CODE = 'reported_lost';
export const REPORTED_LOST_REASON_TEXT = '挂失';

/** A mainland mobile number: 11 digits starting 1 and 3–9 (spaces and dashes typed in it are dropped). */
export function validateMobilePhone(raw: string, field = 'phone'): { ok: true; value: string } | Failure {
  const v = raw.normalize('NFKC').replace(/[\s-]/g, '');
  if (v === '') return { ok: false, error: domainError('phoneEmpty', { field }) };
  if (!/^\d+$/.test(v)) return { ok: false, error: domainError('phoneNotDigits', { field }) };
  if (v.length !== 11) return { ok: false, error: domainError('phoneLength', { field, params: { length: v.length } }) };
  if (!/^1[3-9]/.test(v)) return { ok: false, error: domainError('phonePrefix', { field }) };
  return { ok: true, value: v };
}

/** 138****5678: first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '*'.repeat(phone.length);
}

/** How long an app reset code HQ issues stays usable. */
export const APP_RESET_CODE_HOURS = 24;
