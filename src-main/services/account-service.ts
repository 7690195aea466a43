/**
 * Account services at the counter (issue 15 item 3): 挂失, 解挂, phone change, app account reset. Each is
 * an outbox event written with its audit entry in one transaction (exactly once at HQ, like a renewal),
 * then pushed at once; the call waits a moment for HQ's answer. A refusal changes nothing here and comes
 * back with HQ's reason. The app reset code is only in HQ's first answer: it goes to the printer from
 * memory and is kept nowhere (not in SQLite, the outbox, a print job or a log line).
 */
import { randomUUID } from 'node:crypto';
import type { AccountServiceOutcome } from '../../src-shared/contract/account';
import { AppError } from '../../src-shared/contract/errors';
import {
  accountServiceSupervisorRule,
  businessDate,
  DEFAULT_TIME_ZONE,
  formatLocalDateTime,
  maskDeviceNumber,
  maskPhone,
  validateMobilePhone,
  type AccountServiceKind,
} from '../../src-shared/domain';
import type { EventResult, OutboxEvent } from '../../src-shared/hq-protocol/schemas';
import { receiptLabeler, type ReportReceiptData } from '../../src-shared/receipt/sale-receipt';
import type { AppContext } from '../app-context';
import type { AccountDeviceRow } from '../db/repos/account-repo';
import { bytesForPayload } from '../printing/print-document';
import type { PrintPayload } from '../printing/print-payload';
import { sendToPrinter } from '../printing/printer-connection';
import type { ServiceAnswers } from '../sync/service-answers';

/** How long a call waits for HQ's answer before saying it is queued (or, for the reset, not answered). */
export const SERVICE_ANSWER_WAIT_MS = 8_000;

export interface AccountServiceDeps {
  ctx: AppContext;
  answers: ServiceAnswers;
  /** Send the outbox now (the worker's forced push). */
  pushNow: () => Promise<unknown>;
  /** A service slip was queued for the printer. */
  printQueued: () => void;
  waitMs?: number;
}

export interface ServiceInput {
  accountId: string;
  deviceId: string;
  supervisor?: { supervisorId: string; pin: string } | undefined;
  phone?: string;
}

const EVENT_TYPE = {
  reportLost: 'account.reportLost',
  cancelLost: 'account.cancelLost',
  changePhone: 'account.changePhone',
  resetApp: 'account.resetApp',
} as const satisfies Record<AccountServiceKind, OutboxEvent['type']>;

const TITLES: Record<AccountServiceKind, [string, string]> = {
  reportLost: ['设备挂失', 'DEVICE REPORTED LOST'],
  cancelLost: ['解除挂失', 'LOST REPORT CANCELLED'],
  changePhone: ['更换绑定手机', 'PHONE NUMBER CHANGED'],
  resetApp: ['App 账户重置', 'APP ACCOUNT RESET'],
};

export function createAccountService(deps: AccountServiceDeps) {
  const { ctx, answers } = deps;
  const waitMs = deps.waitMs ?? SERVICE_ANSWER_WAIT_MS;

  function rules() {
    return accountServiceSupervisorRule(ctx.store()?.settings.accountServiceSupervisor);
  }

  function requireDevice(accountId: string, deviceId: string): AccountDeviceRow {
    const row = ctx.repos.accounts.findAccountDevice(accountId, deviceId);
    if (!row) throw new AppError({ code: 'NOT_FOUND', messageKey: 'account:accountGone' });
    return row;
  }

  /** The service slip: masked customer, what was done, who did it; `resetCode` only on the reset slip (never stored). */
  function slip(kind: AccountServiceKind, row: AccountDeviceRow, r: Extract<EventResult, { status: 'confirmed' }>, who: { clerk: string; supervisor: string | null }, serviceId: string, at: Date): ReportReceiptData {
    const l = receiptLabeler(ctx.local.receiptLanguage);
    const zone = ctx.store()?.timeZone ?? DEFAULT_TIME_ZONE;
    const rows = [
      { label: l.pick('客户', 'Customer'), value: row.holder_name },
      { label: l.pick('证件号', 'ID'), value: row.id_masked },
    ];
    if (kind === 'reportLost' || kind === 'cancelLost') {
      rows.push({ label: l.pick('设备', 'Device'), value: maskDeviceNumber(row.number) });
      rows.push({
        label: l.pick('状态', 'Status'),
        value: kind === 'reportLost' ? l.pick('已挂失，服务暂停', 'reported lost, service suspended') : r.subscriptionStatus === 'expired' ? l.pick('已解挂（套餐已过期）', 'unlocked (plan expired)') : l.pick('已解挂，恢复使用', 'unlocked, in service'),
      });
    }
    if (kind === 'changePhone' && r.phoneMasked) rows.push({ label: l.pick('新手机号', 'New phone'), value: r.phoneMasked });
    const sections: ReportReceiptData['sections'] = [{ rows }];
    if (kind === 'resetApp' && r.resetCode) {
      sections.push({
        heading: l.pick('一次性重置码（仅限本人使用）', 'One-time reset code (for the holder only)'),
        rows: [
          { label: l.pick('重置码', 'Code'), value: `${r.resetCode.slice(0, 4)} ${r.resetCode.slice(4)}`, emphasis: true },
          { label: l.pick('有效至', 'Valid until'), value: r.resetCodeExpiresAt ? formatLocalDateTime(new Date(r.resetCodeExpiresAt), zone) : '' },
        ],
      });
    }
    sections.push({
      rows: [
        { label: l.pick('店员', 'Clerk'), value: who.clerk },
        ...(who.supervisor ? [{ label: l.pick('主管', 'Supervisor'), value: who.supervisor }] : []),
        { label: l.pick('业务号', 'Service no.'), value: serviceId.slice(0, 8).toUpperCase() },
      ],
    });
    return {
      title: l.pick(...TITLES[kind]),
      headerLines: [ctx.store()?.name ?? '', `${ctx.terminal()?.code ?? ''} ${formatLocalDateTime(at, zone)}`],
      sections,
      footerLines: [
        ...(kind === 'resetApp' ? [l.pick('请妥善保管，勿告知他人。', 'Keep it safe; tell no one.')] : []),
        l.pick('客户签字：', 'Customer signature:'),
        '',
        '________________________',
      ],
    };
  }

  async function answerOf(eventId: string): Promise<EventResult | null> {
    const answer = answers.wait(eventId, waitMs);
    // a forced push already under way may have started before this event was written: then one more
    void deps
      .pushNow()
      .then(() => deps.pushNow())
      .catch(() => undefined);
    return answer;
  }

  async function run(kind: AccountServiceKind, clerkId: string, input: ServiceInput): Promise<AccountServiceOutcome> {
    const row = requireDevice(input.accountId, input.deviceId);
    let phone: string | undefined;
    if (kind === 'changePhone') {
      const checked = validateMobilePhone(input.phone ?? '');
      if (!checked.ok) throw new AppError(checked.error);
      phone = checked.value;
    }
    if (kind === 'resetApp' && !ctx.syncState.snapshot().online) {
      throw new AppError({ code: 'UNAVAILABLE', messageKey: 'account:resetNeedsHq' });
    }
    let supervisorId: string | undefined;
    if (rules()[kind]) {
      if (!input.supervisor) throw new AppError({ code: 'SUPERVISOR_REQUIRED', messageKey: 'account:supervisorRequired' });
      supervisorId = (await ctx.auth.verifySupervisor(input.supervisor.supervisorId, input.supervisor.pin, `account.${kind}`)).clerkId;
    } else if (input.supervisor) {
      supervisorId = (await ctx.auth.verifySupervisor(input.supervisor.supervisorId, input.supervisor.pin, `account.${kind}`)).clerkId;
    }

    const at = ctx.now();
    const eventId = randomUUID();
    const base = {
      serviceId: eventId,
      businessDate: businessDate(at, ctx.store()?.timeZone ?? DEFAULT_TIME_ZONE),
      clerkId,
      ...(supervisorId ? { supervisorClerkId: supervisorId } : {}),
      accountId: row.account_id,
      requestedAt: at.toISOString(),
    };
    const payload = kind === 'changePhone' ? { ...base, phone } : kind === 'resetApp' ? base : { ...base, deviceId: row.device_id };
    ctx.db.transaction(() => {
      ctx.repos.outbox.enqueueEvent({ eventId, type: EVENT_TYPE[kind], payload, createdAt: at.toISOString() });
      ctx.audit.record(`account.${kind}`, clerkId, {
        serviceId: eventId,
        accountId: row.account_id,
        deviceId: row.device_id,
        ...(supervisorId ? { supervisorId } : {}),
        ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
      });
    })();

    const result = await answerOf(eventId);
    const outcome: AccountServiceOutcome = {
      serviceId: eventId,
      status: 'queued',
      code: null,
      messageZh: null,
      messageEn: null,
      subscriptionStatus: null,
      phoneMasked: null,
      slipPrinted: false,
      resetCodeExpiresAt: null,
    };
    if (!result || result.status === 'conflict') {
      ctx.audit.record(`account.${kind}.noAnswer`, clerkId, { serviceId: eventId });
      return { ...outcome, status: kind === 'resetApp' ? 'noAnswer' : 'queued' };
    }
    if (result.status === 'rejected') {
      ctx.audit.record(`account.${kind}.refused`, clerkId, { serviceId: eventId, code: result.code });
      return { ...outcome, status: 'rejected', code: result.code, messageZh: result.messageZh, messageEn: result.messageEn };
    }

    const names = (id: string | undefined) => (id ? (ctx.auth.listClerks().find((c) => c.clerkId === id)?.name ?? id) : null);
    const data = slip(kind, row, result, { clerk: names(clerkId) ?? clerkId, supervisor: names(supervisorId) }, eventId, at);
    const printPayload: PrintPayload = { type: 'report', title: data.title, input: data };
    let slipPrinted = false;
    if (kind === 'resetApp') {
      // straight to the printer from memory: a print job would keep the code in SQLite
      try {
        await sendToPrinter(ctx.local.printerTarget, bytesForPayload(printPayload, false, { ...ctx.local, timeZone: ctx.store()?.timeZone }, at), { timeoutMs: 10_000 });
        slipPrinted = true;
      } catch (err) {
        ctx.logger.warn({ serviceId: eventId, err: (err as Error).message }, 'app reset slip not printed');
      }
    } else {
      ctx.repos.printJobs.enqueuePrintJob({ kind: 'report', refId: `service:${eventId}`, payload: printPayload, openDrawer: false, createdAt: at.toISOString() });
      deps.printQueued();
      slipPrinted = true;
    }
    ctx.audit.record(`account.${kind}.confirmed`, clerkId, { serviceId: eventId, slipPrinted });
    return {
      ...outcome,
      status: 'confirmed',
      subscriptionStatus: result.subscriptionStatus ?? null,
      phoneMasked: result.phoneMasked ?? null,
      slipPrinted,
      resetCodeExpiresAt: result.resetCodeExpiresAt ?? null,
    };
  }

  return {
    rules,
    run,
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
