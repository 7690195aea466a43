/**
 * The deterministic demo data set (HQ_SEED=demo). Tests, e2e specs and the README use these
 * numbers: the national IDs are valid (GB 11643 check character) but made up, except the public
 * example 11010519491231002X; device numbers pass their Luhn checks.
 */
import { makeNationalId } from '../src-shared/domain/national-id';
import { makeIccid, makeImei } from '../src-shared/domain/device-number';
import type { PlanData, StoreSettings, SubscriptionStatus, AccountStatus } from '../src-shared/hq-protocol/schemas';
import type { StatusReasonCode } from '../src-shared/domain/status-reasons';

export const DEMO_STORE = {
  storeId: 'store-S001',
  code: 'S001',
  name: '星联随身WiFi 中关村店',
  address: '北京市海淀区中关村大街27号 中关村大厦1层108室',
  phone: '010-62508866',
  timeZone: 'Asia/Shanghai',
  settings: {
    offlineMaxHours: 24,
    offlineMaxSaleFen: 100_000,
    varianceThresholdFen: 1_000,
    idleLockMinutes: 5,
    receiptFooterZh: '感谢惠顾！本小票为续费凭证，请妥善保管。客服热线 400-800-1234',
    receiptFooterEn: 'Thank you! Keep this receipt as proof of renewal. Service line 400-800-1234',
  } satisfies StoreSettings,
} as const;

export const DEMO_TERMINAL = { code: 'T01', name: '中关村店 1号柜台' } as const;

export const DEMO_CLERKS = [
  { code: '1001', name: '王芳', role: 'clerk', pin: '1234' },
  { code: '1002', name: '赵磊', role: 'clerk', pin: '2345' },
  { code: '9001', name: '李强', role: 'supervisor', pin: '8888' },
] as const;

export const DEMO_PLANS: readonly PlanData[] = [
  {
    code: 'M30G',
    nameZh: '月享30G',
    nameEn: 'Monthly 30 GB',
    dataQuotaMb: 30 * 1024,
    deviceKind: 'imei',
    terms: [
      { months: 1, priceFen: 2_900 },
      { months: 3, priceFen: 8_400 },
      { months: 6, priceFen: 15_900 },
      { months: 12, priceFen: 29_900 },
    ],
    active: true,
  },
  {
    code: 'C100G',
    nameZh: '畅享100G',
    nameEn: 'Plus 100 GB',
    dataQuotaMb: 100 * 1024,
    deviceKind: 'imei',
    terms: [
      { months: 1, priceFen: 4_900 },
      { months: 3, priceFen: 13_900 },
      { months: 6, priceFen: 26_900 },
      { months: 12, priceFen: 49_900 },
    ],
    active: true,
  },
  {
    code: 'YUNL',
    nameZh: '年卡无限',
    nameEn: 'Unlimited, yearly',
    // "Unlimited" with the usual fair-use threshold (300 GB a month, then throttled).
    dataQuotaMb: 300 * 1024,
    deviceKind: 'imei',
    terms: [{ months: 12, priceFen: 69_900 }],
    active: true,
  },
  {
    code: 'L20G',
    nameZh: '经典20G（已停售）',
    nameEn: 'Classic 20 GB (retired)',
    dataQuotaMb: 20 * 1024,
    deviceKind: 'imei',
    terms: [
      { months: 1, priceFen: 2_500 },
      { months: 12, priceFen: 25_000 },
    ],
    active: false,
  },
  {
    code: 'SIM15G',
    nameZh: '流量卡15G',
    nameEn: 'Data SIM 15 GB',
    dataQuotaMb: 15 * 1024,
    deviceKind: 'iccid',
    terms: [
      { months: 1, priceFen: 1_900 },
      { months: 3, priceFen: 5_400 },
      { months: 12, priceFen: 19_900 },
    ],
    active: true,
  },
];

/** When a demo subscription ends: N local days from the seed day, or the next January 31. */
export type DemoExpiry = { daysFromNow: number } | { nextJan31: true };

export interface DemoDevice {
  kind: 'imei' | 'iccid';
  number: string;
  planCode: string;
  expiry: DemoExpiry;
  status: SubscriptionStatus;
  statusReason?: string;
  statusReasonCode?: StatusReasonCode;
  dataUsedMb: number;
  /** MB used in each of the 3 months before this one, oldest first (issue 15 item 4); default derived from dataUsedMb. */
  usageMonths?: readonly [number, number, number];
}

/** The demo's monthly usage of a device, oldest first. */
export function demoUsageMonths(d: DemoDevice): readonly [number, number, number] {
  return d.usageMonths ?? [Math.round(d.dataUsedMb * 1.6), Math.round(d.dataUsedMb * 2.1), Math.round(d.dataUsedMb * 1.8)];
}

export interface DemoAccount {
  accountId: string;
  /** What this account is for in tests and demos. */
  scenario: string;
  holderName: string;
  nationalId: string;
  status: AccountStatus;
  devices: DemoDevice[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    accountId: 'A000000001',
    scenario: 'active, expires in about 20 days (public example ID and IMEI)',
    holderName: '张秀英',
    nationalId: '11010519491231002X',
    status: 'active',
    devices: [
      { kind: 'imei', number: '490154203237518', planCode: 'M30G', expiry: { daysFromNow: 20 }, status: 'active', dataUsedMb: 12_345, usageMonths: [21_500, 33_800, 27_600] },
    ],
  },
  {
    accountId: 'A000000002',
    scenario: 'expired 15 days ago (renewal starts from today)',
    holderName: '刘建国',
    nationalId: makeNationalId('110108', '19780512', '031'),
    status: 'active',
    devices: [
      { kind: 'imei', number: makeImei('86073104123456'), planCode: 'C100G', expiry: { daysFromNow: -15 }, status: 'expired', dataUsedMb: 98_000 },
    ],
  },
  {
    accountId: 'A000000003',
    scenario: 'suspended: device reported lost (挂失), renewal refused',
    holderName: '陈晓明',
    nationalId: makeNationalId('310104', '19850306', '215'),
    status: 'active',
    devices: [
      {
        kind: 'imei',
        number: makeImei('86073104234567'),
        planCode: 'M30G',
        expiry: { daysFromNow: 40 },
        status: 'suspended',
        statusReason: '挂失',
        statusReasonCode: 'reported_lost',
        dataUsedMb: 2_048,
      },
    ],
  },
  {
    accountId: 'A000000004',
    scenario: 'cancelled at the customer’s request, renewal refused',
    holderName: '杨丽华',
    nationalId: makeNationalId('440305', '19900921', '046'),
    status: 'active',
    devices: [
      {
        kind: 'imei',
        number: makeImei('86073104345678'),
        planCode: 'M30G',
        expiry: { daysFromNow: -100 },
        status: 'cancelled',
        statusReason: '用户申请销户',
        statusReasonCode: 'customer_request',
        dataUsedMb: 0,
      },
    ],
  },
  {
    accountId: 'A000000005',
    scenario: 'data SIM (ICCID) on the SIM plan, expires in 5 days',
    holderName: '黄志强',
    nationalId: makeNationalId('320102', '19620418', '117'),
    status: 'active',
    devices: [
      { kind: 'iccid', number: makeIccid('8986011234567890123'), planCode: 'SIM15G', expiry: { daysFromNow: 5 }, status: 'active', dataUsedMb: 9_800 },
    ],
  },
  {
    accountId: 'A000000006',
    scenario: 'two devices: one active, one expired 3 days ago',
    holderName: '周婷婷',
    nationalId: makeNationalId('510107', '19950101', '282'),
    status: 'active',
    devices: [
      { kind: 'imei', number: makeImei('86452905123456'), planCode: 'M30G', expiry: { daysFromNow: 60 }, status: 'active', dataUsedMb: 4_500 },
      { kind: 'imei', number: makeImei('86452905234567'), planCode: 'C100G', expiry: { daysFromNow: -3 }, status: 'expired', dataUsedMb: 100_000 },
    ],
  },
  {
    accountId: 'A000000007',
    scenario: 'expires on January 31 (1 month later is Feb 28/29: month-end clamp)',
    holderName: '吴海燕',
    nationalId: makeNationalId('110105', '19720815', '064'),
    status: 'active',
    devices: [
      { kind: 'imei', number: makeImei('86452905345678'), planCode: 'M30G', expiry: { nextJan31: true }, status: 'active', dataUsedMb: 15_000 },
    ],
  },
];

/** Looks a demo account up by its scenario index (0-based) for tests. */
export function demoAccount(index: number): DemoAccount {
  const a = DEMO_ACCOUNTS[index];
  if (!a) throw new Error(`no demo account ${index}`);
  return a;
}
