/** HQ back-office routes under /admin (the caller has checked the admin token). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CreateAccountInput,
  CreateClerkInput,
  CreateDeviceInput,
  CreatePlanInput,
  CreatePromotionInput,
  CreateStoreGroupInput,
  CreateStoreInput,
  CreateTerminalInput,
  FaultInput,
  IssueEnrolmentCodeInput,
  SnapshotScopeInput,
  PruneInput,
  UpdateAccountInput,
  UpdateClerkInput,
  UpdatePlanInput,
  UpdatePromotionInput,
  UpdateStoreInput,
  UpdateSubscriptionInput,
  UnlimitedPlansInput,
  UsageMonthInput,
} from '../admin-schemas';
import { HqError } from '../errors';
import * as admin from '../services/admin';
import { changeFloor, pruneChanges } from '../services/change-feed';
import { issueEnrolmentCode, listEnrolmentCodes, revokeEnrolmentCode } from '../services/enrolment';
import type { HqContext } from '../services/context';
import { setSnapshotScope, snapshotScope } from '../services/snapshot-scope';
import { setUnlimitedPlanCodes, unlimitedPlanCodes } from '../services/device-service';
import type { FaultSwitch } from './faults';
import * as backups from '../services/backups';
import { readJson, sendBytes, sendJson } from './respond';

/** A route's answer sent as bytes (a download) instead of JSON. */
class BytesAnswer {
  constructor(readonly data: Buffer, readonly headers: Record<string, string>) {}
}

type Handler = (args: { params: string[]; req: IncomingMessage; url: URL }) => Promise<unknown>;
interface Route {
  method: string;
  pattern: RegExp;
  status?: number;
  handler: Handler;
}

function limitOf(url: URL): number {
  const n = Number(url.searchParams.get('limit') ?? 100);
  return Number.isInteger(n) && n > 0 && n <= 10_000 ? n : 100;
}

export interface AdminRouteOptions {
  /** Default validity of an enrolment code. */
  enrolCodeTtlMinutes: number;
  /** The HQ address enrolment QR codes carry (HQ_PUBLIC_URL); undefined: `http://<Host of the admin request>`. */
  publicUrl: string | undefined;
}

export function adminRoutes(ctx: HqContext, faults: FaultSwitch, options: AdminRouteOptions): Route[] {
  const body = async <T>(req: IncomingMessage, schema: { parse(v: unknown): T }): Promise<T> => schema.parse(await readJson(req));
  return [
    { method: 'GET', pattern: /^\/admin\/plans$/, handler: async () => ({ plans: await admin.listPlans(ctx) }) },
    { method: 'POST', pattern: /^\/admin\/plans$/, status: 201, handler: async ({ req }) => ({ plan: await admin.createPlan(ctx, await body(req, CreatePlanInput)) }) },
    { method: 'PATCH', pattern: /^\/admin\/plans\/([^/]+)$/, handler: async ({ req, params }) => ({ plan: await admin.updatePlan(ctx, params[0]!, await body(req, UpdatePlanInput)) }) },

    { method: 'GET', pattern: /^\/admin\/promotions$/, handler: async () => await admin.listPromotions(ctx) },
    { method: 'POST', pattern: /^\/admin\/promotions$/, status: 201, handler: async ({ req }) => await admin.createPromotion(ctx, await body(req, CreatePromotionInput)) },
    { method: 'PATCH', pattern: /^\/admin\/promotions\/([^/]+)$/, handler: async ({ req, params }) => await admin.updatePromotion(ctx, params[0]!, await body(req, UpdatePromotionInput)) },
    { method: 'GET', pattern: /^\/admin\/promotion-flags$/, handler: async ({ url }) => ({ sales: await admin.listPromotionFlags(ctx, limitOf(url)) }) },

    { method: 'POST', pattern: /^\/admin\/accounts$/, status: 201, handler: async ({ req }) => ({ account: await admin.createAccount(ctx, await body(req, CreateAccountInput)) }) },
    { method: 'GET', pattern: /^\/admin\/accounts\/([^/]+)$/, handler: async ({ params }) => ({ account: await admin.getAccount(ctx, params[0]!) }) },
    { method: 'PATCH', pattern: /^\/admin\/accounts\/([^/]+)$/, handler: async ({ req, params }) => ({ account: await admin.setAccountStatus(ctx, params[0]!, (await body(req, UpdateAccountInput)).status) }) },
    { method: 'POST', pattern: /^\/admin\/accounts\/([^/]+)\/devices$/, status: 201, handler: async ({ req, params }) => ({ account: await admin.addDevice(ctx, params[0]!, await body(req, CreateDeviceInput)) }) },
    { method: 'PATCH', pattern: /^\/admin\/devices\/([^/]+)\/subscription$/, handler: async ({ req, params }) => ({ account: await admin.updateSubscription(ctx, params[0]!, await body(req, UpdateSubscriptionInput)) }) },

    { method: 'GET', pattern: /^\/admin\/stores$/, handler: async () => ({ stores: await admin.listStores(ctx) }) },
    { method: 'PATCH', pattern: /^\/admin\/stores\/([^/]+)$/, handler: async ({ req, params }) => ({ store: await admin.updateStore(ctx, params[0]!, await body(req, UpdateStoreInput)) }) },
    { method: 'POST', pattern: /^\/admin\/stores$/, status: 201, handler: async ({ req }) => ({ store: await admin.createStore(ctx, await body(req, CreateStoreInput)) }) },
    { method: 'GET', pattern: /^\/admin\/store-groups$/, handler: async () => ({ storeGroups: await admin.listStoreGroups(ctx) }) },
    { method: 'POST', pattern: /^\/admin\/store-groups$/, status: 201, handler: async ({ req }) => ({ storeGroup: await admin.createStoreGroup(ctx, await body(req, CreateStoreGroupInput)) }) },
    { method: 'GET', pattern: /^\/admin\/settings$/, handler: async () => ({ snapshotScope: await snapshotScope(ctx), unlimitedPlanCodes: await unlimitedPlanCodes(ctx) }) },
    { method: 'PUT', pattern: /^\/admin\/settings\/unlimited-plans$/, handler: async ({ req }) => ({ unlimitedPlanCodes: await setUnlimitedPlanCodes(ctx, (await body(req, UnlimitedPlansInput)).codes) }) },
    {
      method: 'PUT',
      pattern: /^\/admin\/devices\/([^/]+)\/usage\/(\d{4}-\d{2})$/,
      handler: async ({ req, params }) => {
        const { usedMb } = await body(req, UsageMonthInput);
        if (!(await ctx.repos.accounts.findDeviceById(params[0]!))) throw new HqError('NOT_FOUND', `No device ${params[0]!}.`);
        await ctx.repos.service.upsertUsageMonth({ device_id: params[0]!, month: params[1]!, used_mb: usedMb });
        return { deviceId: params[0]!, month: params[1]!, usedMb };
      },
    },
    { method: 'PUT', pattern: /^\/admin\/settings\/snapshot-scope$/, handler: async ({ req }) => ({ snapshotScope: await setSnapshotScope(ctx, (await body(req, SnapshotScopeInput)).scope) }) },
    { method: 'POST', pattern: /^\/admin\/store-keys\/rotate$/, status: 201, handler: async () => ({ key: await admin.rotateStoreKey(ctx) }) },

    { method: 'GET', pattern: /^\/admin\/terminals$/, handler: async () => ({ terminals: await admin.listTerminals(ctx) }) },
    { method: 'POST', pattern: /^\/admin\/terminals$/, status: 201, handler: async ({ req }) => await admin.createTerminal(ctx, await body(req, CreateTerminalInput)) },
    { method: 'POST', pattern: /^\/admin\/terminals\/([^/]+)\/(disable|enable)$/, handler: async ({ params }) => ({ terminal: await admin.setTerminalActive(ctx, params[0]!, params[1] === 'enable') }) },

    {
      method: 'POST',
      pattern: /^\/admin\/enrolment-codes$/,
      status: 201,
      handler: async ({ req }) => ({
        enrolment: await issueEnrolmentCode(ctx, await body(req, IssueEnrolmentCodeInput), {
          ttlMinutes: options.enrolCodeTtlMinutes,
          hqUrl: options.publicUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`,
        }),
      }),
    },
    { method: 'GET', pattern: /^\/admin\/enrolment-codes$/, handler: async ({ url }) => ({ enrolmentCodes: await listEnrolmentCodes(ctx, limitOf(url)) }) },
    { method: 'DELETE', pattern: /^\/admin\/enrolment-codes\/([^/]+)$/, handler: async ({ params }) => ({ enrolmentCode: await revokeEnrolmentCode(ctx, params[0]!) }) },

    { method: 'GET', pattern: /^\/admin\/terminals\/([^/]+)\/backups$/, handler: async ({ params }) => { await backups.requireTerminal(ctx, params[0]!); return { backups: await backups.listBackups(ctx, params[0]!) }; } },
    { method: 'GET', pattern: /^\/admin\/terminals\/([^/]+)\/crash-reports$/, handler: async ({ params }) => { await backups.requireTerminal(ctx, params[0]!); return { crashReports: await backups.listCrashReports(ctx, params[0]!) }; } },
    {
      method: 'GET',
      pattern: /^\/admin\/crash-reports\/([^/]+)$/,
      handler: async ({ params }) => {
        const { info, data } = await backups.crashReportBytes(ctx, params[0]!);
        return new BytesAnswer(data, { 'content-disposition': `attachment; filename="${info.fileName}"` });
      },
    },

    { method: 'GET', pattern: /^\/admin\/clerks$/, handler: async () => ({ clerks: await admin.listClerks(ctx) }) },
    { method: 'POST', pattern: /^\/admin\/clerks$/, status: 201, handler: async ({ req }) => ({ clerk: await admin.createClerk(ctx, await body(req, CreateClerkInput)) }) },
    { method: 'POST', pattern: /^\/admin\/clerks\/([^/]+)\/unlock$/, handler: async ({ params }) => ({ clerk: await admin.unlockClerk(ctx, params[0]!) }) },
    { method: 'PATCH', pattern: /^\/admin\/clerks\/([^/]+)$/, handler: async ({ req, params }) => ({ clerk: await admin.updateClerk(ctx, params[0]!, await body(req, UpdateClerkInput)) }) },

    {
      method: 'GET',
      pattern: /^\/admin\/events$/,
      handler: async ({ url }) => ({
        events: await admin.listEvents(ctx, {
          limit: limitOf(url),
          ...(url.searchParams.get('terminalId') ? { terminalId: url.searchParams.get('terminalId')! } : {}),
          ...(url.searchParams.get('type') ? { type: url.searchParams.get('type')! } : {}),
        }),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/admin\/sales$/,
      handler: async ({ url }) => ({
        sales: await admin.listSales(ctx, {
          limit: limitOf(url),
          ...(url.searchParams.get('terminalId') ? { terminalId: url.searchParams.get('terminalId')! } : {}),
        }),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/admin\/reprint-requests$/,
      handler: async ({ url }) => ({
        reprintRequests: await admin.listReprintRequests(ctx, {
          limit: limitOf(url),
          ...(url.searchParams.get('saleId') ? { saleId: url.searchParams.get('saleId')! } : {}),
        }),
      }),
    },
    { method: 'GET', pattern: /^\/admin\/invoice-requests$/, handler: async ({ url }) => ({ invoiceRequests: await admin.listInvoiceRequests(ctx, limitOf(url)) }) },
    { method: 'GET', pattern: /^\/admin\/day-closes$/, handler: async ({ url }) => ({ dayCloses: await admin.listDayCloses(ctx, limitOf(url)) }) },

    {
      method: 'GET',
      pattern: /^\/admin\/changes$/,
      handler: async () => ({ head: await ctx.repos.changes.headSeq(), floor: await changeFloor(ctx), retained: await ctx.repos.changes.count() }),
    },
    { method: 'POST', pattern: /^\/admin\/changes\/prune$/, handler: async ({ req }) => await pruneChanges(ctx, (await body(req, PruneInput)).keep) },

    { method: 'GET', pattern: /^\/admin\/faults$/, handler: async () => ({ fault: faults.state() }) },
    { method: 'POST', pattern: /^\/admin\/faults$/, handler: async ({ req }) => ({ fault: faults.set(await body(req, FaultInput)) }) },
    { method: 'DELETE', pattern: /^\/admin\/faults$/, handler: async () => { faults.clear(); return { fault: null }; } },
  ];
}

export async function handleAdmin(routes: Route[], req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(url.pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== req.method) continue;
    const result = await r.handler({ params: m.slice(1).map(decodeURIComponent), req, url });
    if (result instanceof BytesAnswer) sendBytes(res, result.data, result.headers);
    else sendJson(res, r.status ?? 200, result);
    return;
  }
  if (pathMatched) throw new HqError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}.`);
  throw new HqError('NOT_FOUND', `No route ${url.pathname}.`);
}
