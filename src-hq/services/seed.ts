/** Demo seed (HQ_SEED=demo) and bulk synthetic accounts (HQ_SYNTHETIC_ACCOUNTS). */
import fs from 'node:fs';
import path from 'node:path';
import { addDays, dayNumber, fromDayNumber, type CalendarDate } from '../../src-shared/domain/calendar';
import { makeNationalId } from '../../src-shared/domain/national-id';
import { makeImei } from '../../src-shared/domain/device-number';
import { localParts, zonedDateTimeToInstant } from '../../src-shared/domain/time';
import { DEMO_ACCOUNTS, DEMO_CLERKS, DEMO_PLANS, DEMO_STORE, DEMO_TERMINAL, demoUsageMonths, type DemoExpiry } from '../demo-data';
import { newStoreKeyB64, newTerminalToken } from '../crypto';
import { compactAll, recordStoreChange, recordStoreKeyChange } from './change-feed';
import type { AccountRow, DeviceRow } from '../db';
import type { HqContext } from './context';
import { lastMonths, setUnlimitedPlanCodes } from './device-service';
import { createAccount, createClerk, createPlan, createTerminal, formatAccountId, formatDeviceId } from './admin';

export const DEMO_TOKEN_FILE = 'demo-terminal-token.txt';

/** 23:59:59 store-local on a calendar date: a subscription is valid through that day. */
function endOfLocalDay(d: CalendarDate, timeZone: string): Date {
  return zonedDateTimeToInstant({ year: d.year, month: d.month, day: d.day, hour: 23, minute: 59, second: 59 }, timeZone);
}

export function demoExpiry(expiry: DemoExpiry, now: Date, timeZone: string): Date {
  const today = localParts(now, timeZone);
  if ('daysFromNow' in expiry) return endOfLocalDay(addDays(today, expiry.daysFromNow), timeZone);
  const year = today.month === 1 ? today.year : today.year + 1;
  return endOfLocalDay({ year, month: 1, day: 31 }, timeZone);
}

/** The store and its first key, if the database has none yet. Returns false when already there. */
async function seedStore(ctx: HqContext): Promise<boolean> {
  if (await ctx.repos.stores.findStoreByCode(DEMO_STORE.code)) return false;
  const at = ctx.now().toISOString();
  await ctx.repos.db.tx(async () => {
    await ctx.repos.stores.insertStore({
      store_id: DEMO_STORE.storeId,
      code: DEMO_STORE.code,
      name: DEMO_STORE.name,
      address: DEMO_STORE.address,
      phone: DEMO_STORE.phone,
      time_zone: DEMO_STORE.timeZone,
      settings_json: JSON.stringify(DEMO_STORE.settings),
      updated_at: at,
    });
    await recordStoreChange(ctx, DEMO_STORE.storeId);
  });
  return true;
}

/** Every HQ needs one key before it can hash IDs. */
export async function ensureStoreKey(ctx: HqContext): Promise<void> {
  if ((await ctx.repos.stores.listKeys()).length > 0) return;
  await ctx.repos.db.tx(async () => {
    await ctx.repos.stores.insertKey({ key_id: 'k1', key_b64: newStoreKeyB64(), created_at: ctx.now().toISOString() });
    await ctx.repos.meta.write('key_no', 1);
    await recordStoreKeyChange(ctx, 'k1');
  });
}

/**
 * Seeds the demo data set once. Returns the demo terminal's token: new on the first run, read back
 * from `<dataDir>/demo-terminal-token.txt` on later runs (HQ itself keeps only its hash).
 */
/** Three months of usage for every demo device (the advice on the plan reads them). */
async function seedDemoUsage(ctx: HqContext, now: Date): Promise<void> {
  const months = lastMonths(now, DEMO_STORE.timeZone, 3);
  for (const a of DEMO_ACCOUNTS) {
    for (const d of a.devices) {
      const device = await ctx.repos.accounts.findDeviceByNumber(d.number);
      if (!device) continue;
      const used = demoUsageMonths(d);
      for (let i = 0; i < 3; i++) await ctx.repos.service.upsertUsageMonth({ device_id: device.device_id, month: months[i]!, used_mb: used[i]! });
    }
  }
}

export async function seedDemo(ctx: HqContext, dataDir: string): Promise<string> {
  const tokenFile = path.join(dataDir, DEMO_TOKEN_FILE);
  await ensureStoreKey(ctx);
  if (!await seedStore(ctx)) {
    if (fs.existsSync(tokenFile)) return fs.readFileSync(tokenFile, 'utf8').trim();
    throw new Error(`demo data exists but ${tokenFile} is missing; delete ${dataDir} to re-seed`);
  }
  const now = ctx.now();
  for (const plan of DEMO_PLANS) await createPlan(ctx, plan);
  for (const c of DEMO_CLERKS) await createClerk(ctx, { storeCode: DEMO_STORE.code, ...c });
  const token = newTerminalToken();
  await createTerminal(ctx, { storeCode: DEMO_STORE.code, code: DEMO_TERMINAL.code, name: DEMO_TERMINAL.name, pullIntervalSeconds: 30 }, token);
  for (const a of DEMO_ACCOUNTS) {
    await createAccount(
      ctx,
      {
        holderName: a.holderName,
        nationalId: a.nationalId,
        status: a.status,
        devices: a.devices.map((d) => ({
          kind: d.kind,
          number: d.number,
          planCode: d.planCode,
          expiresAt: demoExpiry(d.expiry, now, DEMO_STORE.timeZone).toISOString(),
          dataUsedMb: d.dataUsedMb,
          status: d.status,
          ...(d.statusReason ? { statusReason: d.statusReason } : {}),
          ...(d.statusReasonCode ? { statusReasonCode: d.statusReasonCode } : {}),
        })),
      },
      a.accountId,
    );
  }
  await seedDemoUsage(ctx, now);
  await setUnlimitedPlanCodes(ctx, ['YUNL']);
  await ctx.repos.meta.write('account_no', DEMO_ACCOUNTS.length);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return token;
}

// ---- synthetic accounts

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'.split('');
const GIVEN = [
  '伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞',
  '平', '刚', '桂英', '建华', '文', '华', '红', '建国', '志强', '海燕', '晓东', '雪梅', '子涵', '浩然', '欣怡', '宇轩', '梓萱', '俊杰', '思远', '佳怡',
];
/** Area codes the demo accounts do not use, so synthetic IDs never collide with them. */
const AREAS = ['130102', '210102', '330106', '420106', '500103', '610113', '370202', '350203'];
/** Type allocation codes the demo devices do not use. */
const TACS = ['35391710', '86751204', '35925806', '86887103', '35467210', '86140605'];
const BIRTH_DAYS = 20_000; // from 1950-01-01
const PER_AREA = BIRTH_DAYS * 1000;
const BATCH = 10_000;

let birthTable: string[] | null = null;
function birthDates(): string[] {
  if (!birthTable) {
    const epoch = dayNumber({ year: 1950, month: 1, day: 1 });
    birthTable = Array.from({ length: BIRTH_DAYS }, (_, k) => {
      const d = fromDayNumber(epoch + k);
      return `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
    });
  }
  return birthTable;
}

/** The national ID and IMEI of synthetic account number `i` (0-based): benchmarks look them up. */
export function syntheticIdentity(i: number, births: readonly string[] = birthDates()): { nationalId: string; imei: string } {
  const area = AREAS[Math.floor(i / PER_AREA)]!;
  const inArea = i % PER_AREA;
  return {
    nationalId: makeNationalId(area, births[inArea % BIRTH_DAYS]!, String(Math.floor(inArea / BIRTH_DAYS)).padStart(3, '0')),
    imei: makeImei(TACS[Math.floor(i / 1_000_000)]! + String(i % 1_000_000).padStart(6, '0')),
  };
}

export interface SyntheticSeedReport {
  added: number;
  total: number;
  ms: number;
  perSecond: number;
}

/**
 * Adds accounts until `target` synthetic ones exist (one IMEI device each, valid ID and IMEI,
 * spread expiries and plans). One transaction per 10,000 accounts. Bulk accounts bypass the change
 * log: the log is compacted afterwards so terminals re-snapshot.
 */
export async function seedSyntheticAccounts(ctx: HqContext, target: number): Promise<SyntheticSeedReport> {
  const started = performance.now();
  const { repos } = ctx;
  const already = await repos.meta.readInt('synthetic_count');
  if (target <= already) return { added: 0, total: already, ms: 0, perSecond: 0 };
  if (target > PER_AREA * AREAS.length || target > TACS.length * 1_000_000) throw new Error('too many synthetic accounts');
  const plans = (await repos.plans.listAll()).filter((p) => p.active === 1 && p.device_kind === 'imei');
  if (plans.length === 0) throw new Error('synthetic accounts need at least one active IMEI plan (seed demo first)');
  const store = (await repos.stores.listStores())[0];
  const timeZone = store?.time_zone ?? DEMO_STORE.timeZone;

  const now = ctx.now();
  const nowIso = now.toISOString();
  const births = birthDates();
  const today = localParts(now, timeZone);
  const expiries = Array.from({ length: 420 }, (_, k) => endOfLocalDay(addDays(today, k - 60), timeZone).toISOString());

  let accountNo = await repos.meta.readInt('account_no');
  let deviceNo = await repos.meta.readInt('device_no');
  let i = already;
  const insertBatch = (end: number): Promise<void> =>
    repos.db.tx(async () => {
      const accounts: AccountRow[] = [];
      const devices: DeviceRow[] = [];
      for (; i < end; i++) {
        const { nationalId, imei } = syntheticIdentity(i, births);
        const accountId = formatAccountId(++accountNo);
        const plan = plans[i % plans.length]!;
        const expiryIdx = (i * 7919) % expiries.length;
        const suspended = i % 199 === 0;
        accounts.push({
          account_id: accountId,
          holder_name: SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!,
          national_id: nationalId,
          status: 'active',
          version: 1,
          created_at: nowIso,
          updated_at: nowIso,
        });
        devices.push({
          device_id: formatDeviceId(++deviceNo),
          account_id: accountId,
          kind: 'imei',
          number: imei,
          plan_code: plan.code,
          expires_at: expiries[expiryIdx]!,
          data_quota_mb: plan.data_quota_mb,
          data_used_mb: (i * 37) % (plan.data_quota_mb + 1),
          usage_as_of: nowIso,
          status: suspended ? 'suspended' : expiryIdx < 60 ? 'expired' : 'active',
          status_reason: suspended ? '挂失' : null,
          status_reason_code: suspended ? 'reported_lost' : null,
        });
      }
      await repos.accounts.insertAccounts(accounts);
      await repos.accounts.insertDevices(devices);
      await repos.meta.write('account_no', accountNo);
      await repos.meta.write('device_no', deviceNo);
      await repos.meta.write('synthetic_count', i);
    });
  while (i < target) await insertBatch(Math.min(target, i + BATCH));
  await repos.db.tx(() => compactAll(ctx));
  const ms = performance.now() - started;
  const added = target - already;
  return { added, total: target, ms: Math.round(ms), perSecond: Math.round(added / (ms / 1000)) };
}
