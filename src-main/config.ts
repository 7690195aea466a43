import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../src-shared/contract/errors';
import { UPDATE_CHANNEL_PATTERN } from '../src-shared/domain/update-stage';
import { LOG_LEVEL_NAMES } from '../src-shared/domain/log-levels';
import { DEFAULT_ID_READER_FIELDS, isLoopbackReaderUrl, type IdReaderConfig } from './services/id-reader/id-reader';
import { ALLOWED_PRINTER_TARGETS, checkPrinterTarget, printerPlatformOf } from '../src-shared/domain/printer-target';

/** A setting that cannot be used: the start-up stops with a message that names it. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Configuration error in ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Only printer devices, tcp://host:port or virtual (the shared allow-list), never any file; never a control character. */
const PrinterTarget = z.string().superRefine((v, ctx) => {
  const r = checkPrinterTarget(v, printerPlatformOf(process.platform));
  if (!r.ok && r.reason === 'controlChar') {
    ctx.addIssue({ code: 'custom', message: 'contains a control character (NUL, newline…); type the printer again without it' });
  } else if (!r.ok || (r.kind === 'virtual' && v !== 'virtual') || (r.kind === 'tcp' && !/^tcp:\/\/[^:/\s]+:\d{1,5}$/.test(v))) {
    ctx.addIssue({ code: 'custom', message: `not an allowed printer; use ${ALLOWED_PRINTER_TARGETS}` });
  }
});
const HttpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v), { message: 'must start with http:// or https://' });
const Port = z.coerce.number().int().min(0).max(65535);
export const LOG_LEVELS = LOG_LEVEL_NAMES;
const LogLevel = z.enum(LOG_LEVELS, {
  error: (issue) => `"${String(issue.input)}" is not a log level; use one of ${LOG_LEVELS.join(', ')} (or unset it for info)`,
});

const ReaderUrl = z.string().refine((v) => isLoopbackReaderUrl(v), { message: 'must be an http:// or ws:// URL on this PC (127.0.0.1, localhost or [::1]): a card read never leaves the machine' });
const FieldPath = z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a field path like data.certNumber');
const IdReaderSettings = z
  .object({
    url: ReaderUrl,
    fields: z
      .object({
        status: FieldPath,
        okValue: z.union([z.string(), z.number()]),
        noCardValues: z.array(z.union([z.string(), z.number()])),
        message: FieldPath,
        idNumber: FieldPath,
        name: FieldPath,
        validFrom: FieldPath,
        validUntil: FieldPath,
        address: FieldPath,
        photo: FieldPath,
      })
      .partial()
      .strict()
      .optional(),
    wsRequest: z.string().min(1).max(1000).optional(),
    timeoutMs: z.number().int().min(200).max(60_000).optional(),
  })
  .strict();

/** What a store may put in `<data dir>/settings.json`; the environment overrides each key. */
export const SettingsFile = z
  .object({
    hqUrl: HttpUrl.optional(),
    hqToken: z.string().min(8).optional(),
    printer: PrinterTarget.optional(),
    printerType: z.enum(['epson', 'star']).optional(),
    paperWidth: z.union([z.literal(58), z.literal(80)]).optional(),
    receiptLanguage: z.enum(['zh-CN', 'en', 'bilingual']).optional(),
    port: Port.optional(),
    paymentGatewayUrl: HttpUrl.optional(),
    /** The log level when COUNTER_LOG_LEVEL is not set (the IT settings screen writes it). */
    logLevel: LogLevel.optional(),
    /** The update channel: the feed is `<hqUrl>/updates/<channel>/` (issue 17 item 5). */
    updateChannel: z.string().regex(UPDATE_CHANNEL_PATTERN, 'a-z, 0-9 and -, up to 32 characters').optional(),
    /** IT's secret the ledger backups at HQ are sealed with (docs/deploy.md, "Back up"). */
    backupKey: z.string().min(16).optional(),
    /** The ID card reader's local service (issue 15 item 2); absent = keyboard-wedge readers only. */
    idReader: IdReaderSettings.optional(),
  })
  .strict();
export type SettingsFile = z.infer<typeof SettingsFile>;

export interface CounterConfig {
  dataDir: string;
  dbFile: string;
  settingsFile: string;
  port: number;
  /** Undefined = start the bundled reference HQ on loopback with demo data. */
  hqUrl: string | undefined;
  hqToken: string | undefined;
  /** 'virtual' = the bundled virtual printer. */
  printer: string;
  printerType: 'epson' | 'star';
  paperWidth: 58 | 80;
  receiptLanguage: 'zh-CN' | 'en' | 'bilingual';
  hq: { port: number; dataDir: string; adminToken: string | undefined };
  virtualPrinter: { port: number; outDir: string };
  logLevel: string;
  /** The update channel (settings.json `updateChannel`), default `stable`. */
  updateChannel: string;
  /** The payment gateway for payment codes; undefined = code payments refused (not configured). */
  paymentGateway: { url: string; timeoutMs: number; queryEveryMs: number; confirmWithinMs: number } | undefined;
  /** The gateway timings (COUNTER_GATEWAY_*), also for a gateway the demo starts when none is configured. */
  gatewayTiming: { timeoutMs: number; queryEveryMs: number; confirmWithinMs: number };
  /** COUNTER_BACKUP_KEY / backupKey: seals the backups sent to HQ; unset = sealed with the HQ token. */
  backupKey?: string | undefined;
  /** COUNTER_CRASH_DIR: a crash dump folder whose dumps go to HQ (Electron sets its own crashDumps path). */
  crashDumpsDir?: string | undefined;
  /** The ID card reader's local service; undefined = keyboard-wedge readers only (the demo starts the simulated one). */
  idReader: IdReaderConfig | undefined;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'counter-terminal');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'counter-terminal');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'counter-terminal');
}

function parseSetting<T>(schema: z.ZodType<T>, setting: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ConfigError(setting, r.error.issues[0]?.message ?? 'invalid value');
  return r.data;
}

function readSettingsFile(file: string): SettingsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(file, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(file, 'the file is not valid JSON; fix it or delete it to use the defaults');
  }
  const r = SettingsFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue?.path.join('.') || (issue && 'keys' in issue ? String((issue as { keys: string[] }).keys[0]) : '');
    throw new ConfigError(`${file} → ${key}`, issue?.message ?? 'invalid');
  }
  return r.data;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Environment first, then `<data dir>/settings.json`, then the embedded defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CounterConfig {
  const dataDir = path.resolve(envValue(env, 'COUNTER_DATA_DIR') ?? defaultDataDir(env));
  const settingsFile = path.join(dataDir, 'settings.json');
  const file = readSettingsFile(settingsFile);

  const hqUrlRaw = envValue(env, 'COUNTER_HQ_URL');
  const hqUrl = hqUrlRaw !== undefined ? parseSetting(HttpUrl, 'COUNTER_HQ_URL', hqUrlRaw) : file.hqUrl;
  const hqToken = envValue(env, 'COUNTER_HQ_TOKEN') ?? file.hqToken;
  if (hqUrl && !hqToken) throw new ConfigError('COUNTER_HQ_TOKEN', 'an HQ URL is set but no terminal token; ask HQ for this terminal\'s token');
  const printerRaw = envValue(env, 'COUNTER_PRINTER');
  const printer = printerRaw !== undefined ? parseSetting(PrinterTarget, 'COUNTER_PRINTER', printerRaw) : (file.printer ?? 'virtual');
  const portRaw = envValue(env, 'COUNTER_PORT');
  const port = portRaw !== undefined ? parseSetting(Port, 'COUNTER_PORT', portRaw) : (file.port ?? 5170);

  const logLevelRaw = envValue(env, 'COUNTER_LOG_LEVEL');
  // read by src-main/db/cache-db.ts; checked here so a wrong value stops the start, naming it
  const mmapRaw = envValue(env, 'COUNTER_CACHE_MMAP_MB');
  if (mmapRaw !== undefined) parseSetting(z.coerce.number().int().min(0).max(65536), 'COUNTER_CACHE_MMAP_MB', mmapRaw);
  const gatewayRaw = envValue(env, 'COUNTER_PAYMENT_GATEWAY_URL');
  const gatewayUrl = gatewayRaw !== undefined ? parseSetting(HttpUrl, 'COUNTER_PAYMENT_GATEWAY_URL', gatewayRaw) : file.paymentGatewayUrl;
  const ms = (name: string, fallback: number, min: number) => {
    const raw = envValue(env, name);
    return raw === undefined ? fallback : parseSetting(z.coerce.number().int().min(min).max(600_000), name, raw);
  };
  const gatewayTiming = {
    timeoutMs: ms('COUNTER_GATEWAY_TIMEOUT_MS', 10_000, 100),
    queryEveryMs: ms('COUNTER_GATEWAY_QUERY_MS', 5_000, 50),
    confirmWithinMs: ms('COUNTER_GATEWAY_CONFIRM_MS', 45_000, 1_000),
  };
  const paymentGateway = gatewayUrl ? { url: gatewayUrl.replace(/\/+$/, ''), ...gatewayTiming } : undefined;
  const backupKeyRaw = envValue(env, 'COUNTER_BACKUP_KEY');
  const backupKey = backupKeyRaw !== undefined ? parseSetting(z.string().min(16, 'must be at least 16 characters'), 'COUNTER_BACKUP_KEY', backupKeyRaw) : file.backupKey;
  const crashDirRaw = envValue(env, 'COUNTER_CRASH_DIR');
  const readerRaw = envValue(env, 'COUNTER_ID_READER_URL');
  const readerUrl = readerRaw !== undefined ? parseSetting(ReaderUrl, 'COUNTER_ID_READER_URL', readerRaw) : file.idReader?.url;
  const idReader: IdReaderConfig | undefined = readerUrl
    ? {
        url: readerUrl,
        fields: { ...DEFAULT_ID_READER_FIELDS, ...file.idReader?.fields },
        wsRequest: file.idReader?.wsRequest ?? '{"cmd":"readcard"}',
        timeoutMs: file.idReader?.timeoutMs ?? 5_000,
      }
    : undefined;
  const hqPortRaw = envValue(env, 'HQ_PORT');
  const printerPortRaw = envValue(env, 'PRINTER_PORT');
  return {
    dataDir,
    dbFile: path.join(dataDir, 'counter.db'),
    settingsFile,
    port,
    hqUrl: hqUrl?.replace(/\/+$/, ''),
    hqToken,
    printer,
    printerType: file.printerType ?? 'epson',
    paperWidth: file.paperWidth ?? 80,
    receiptLanguage: file.receiptLanguage ?? 'zh-CN',
    hq: {
      port: hqPortRaw !== undefined ? parseSetting(Port, 'HQ_PORT', hqPortRaw) : 0,
      dataDir: path.resolve(envValue(env, 'HQ_DATA_DIR') ?? path.join(dataDir, 'embedded-hq')),
      adminToken: envValue(env, 'HQ_ADMIN_TOKEN'),
    },
    virtualPrinter: {
      port: printerPortRaw !== undefined ? parseSetting(Port, 'PRINTER_PORT', printerPortRaw) : 0,
      outDir: path.resolve(envValue(env, 'PRINTER_OUT_DIR') ?? path.join(dataDir, 'printer-out')),
    },
    logLevel: logLevelRaw !== undefined ? parseSetting(LogLevel, 'COUNTER_LOG_LEVEL', logLevelRaw) : (file.logLevel ?? 'info'),
    updateChannel: file.updateChannel ?? 'stable',
    paymentGateway,
    gatewayTiming,
    backupKey,
    crashDumpsDir: crashDirRaw !== undefined ? path.resolve(crashDirRaw) : undefined,
    idReader,
  };
}

/** settings.json as it is on disk, for a change to keep the keys it does not touch (the terminal is running: a problem is an AppError). */
export function readSettingsJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError({ code: 'INTERNAL', messageKey: 'printing:errors.settingsUnreadable', params: { file } });
  }
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AppError({ code: 'CONFLICT', messageKey: 'printing:errors.settingsUnreadable', params: { file } });
}

/**
 * The one writer of settings.json: merges `patch` into the file, checks the result against SettingsFile (what
 * the next start will accept), and replaces the file atomically (temp file + rename, readable by the user only).
 */
export function writeSettings(file: string, patch: Partial<SettingsFile>): SettingsFile {
  const next = { ...readSettingsJson(file), ...patch };
  const checked = SettingsFile.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new AppError({ code: 'CONFLICT', messageKey: 'printing:errors.settingsInvalid', params: { file, key: issue?.path.join('.') ?? '' } });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { encoding: 'utf8', mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new AppError({ code: 'INTERNAL', messageKey: 'printing:errors.settingsWriteFailed', params: { file, detail: (err as Error).message } });
  }
  return checked.data;
}
