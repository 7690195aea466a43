import { z } from 'zod';
import { LOG_LEVEL_NAMES } from '../domain/log-levels';
import { UPDATE_CHANNEL_PATTERN } from '../domain/update-stage';
import { method } from './define';
import { PaperWidth, PrinterType, ReceiptLanguage } from './printing';

export const LogLevelName = z.enum(LOG_LEVEL_NAMES, { error: () => 'settings:errors.logLevel' });

/** What the update service is doing (issue 17 item 5). */
export const UpdateStatusView = z.object({
  /** Whether this terminal updates itself (the Electron app with electron-updater); web/kiosk mode: false. */
  enabled: z.boolean(),
  /** Why not, as a key (`settings:update.off.*`), when not enabled. */
  offReason: z.string().nullable(),
  channel: z.string(),
  feedUrl: z.string().nullable(),
  /** A downloaded version waiting for the next sign-out or start. */
  downloadedVersion: z.string().nullable(),
  /** Why it waits (`settings:update.wait.*`), or null. */
  waiting: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type UpdateStatusView = z.infer<typeof UpdateStatusView>;

export const ItSettingsView = z.object({
  /** The HQ the terminal runs against now; `embedded` when it is the demo's bundled HQ. */
  hqUrl: z.string(),
  hqEmbedded: z.boolean(),
  /** settings.json's hqUrl when it differs from the running one (takes effect at the next start). */
  hqUrlNextStart: z.string().nullable(),
  printerTarget: z.string(),
  printerType: PrinterType,
  paperWidth: PaperWidth,
  receiptLanguage: ReceiptLanguage,
  /** The store's time zone from HQ (times on screen and receipts), read-only. */
  timeZone: z.string().nullable(),
  logLevel: z.string(),
  appVersion: z.string(),
  update: UpdateStatusView,
  dataDir: z.string(),
  settingsFile: z.string(),
  /** Environment variables that set a value at start and win over settings.json. */
  envOverrides: z.array(z.string()),
});
export type ItSettingsView = z.infer<typeof ItSettingsView>;

const HqAddress = z
  .string()
  .trim()
  .min(1, 'settings:errors.hqUrlRequired')
  .max(200, 'settings:errors.hqUrl')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password && u.search === '' && u.hash === '';
    } catch {
      return false;
    }
  }, 'settings:errors.hqUrl');

/** Every key optional: the screen sends what changed. */
export const ItSettingsPatch = z
  .object({
    hqUrl: HqAddress.optional(),
    printerTarget: z.string().trim().min(1, 'printing:errors.targetRequired').max(256).optional(),
    printerType: PrinterType.optional(),
    paperWidth: PaperWidth.optional(),
    receiptLanguage: ReceiptLanguage.optional(),
    logLevel: LogLevelName.optional(),
    updateChannel: z.string().regex(UPDATE_CHANNEL_PATTERN, 'settings:errors.updateChannel').optional(),
  })
  .strict();

export const HqTestResult = z.object({
  ok: z.boolean(),
  /** HQ's /healthz answered as an HQ. */
  reachable: z.boolean(),
  /** The terminal's token was accepted (`GET /v1/health`); null when not asked (HQ unreachable). */
  tokenAccepted: z.boolean().nullable(),
  /** What went wrong (`settings:hqTest.problem.*`), or null. */
  problem: z.enum(['unreachable', 'timeout', 'notHq', 'tokenRefused', 'hqError']).nullable(),
  backend: z.string().nullable(),
  ms: z.number().int(),
  url: z.string(),
});
export type HqTestResult = z.infer<typeof HqTestResult>;

/** The IT settings screen (issue 17 item 7): supervisor only. */
export const settingsMethods = {
  'settings.get': method(z.object({}).strict(), z.object({ settings: ItSettingsView }), { access: 'supervisor' }),
  'settings.update': method(ItSettingsPatch, z.object({ settings: ItSettingsView, nextStart: z.array(z.string()) }), { access: 'supervisor' }),
  'settings.testHq': method(z.object({ hqUrl: HqAddress.optional() }).strict(), HqTestResult, { access: 'supervisor' }),
  'settings.checkUpdates': method(z.object({}).strict(), z.object({ update: UpdateStatusView }), { access: 'supervisor' }),
} as const;
