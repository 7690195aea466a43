import path from 'node:path';
import { createCounterApp, type CounterApp } from './app';
import { ConfigError, type CounterConfig } from './config';
import type { Logger } from './logger';
import type { UpdaterBackend } from './services/updates';
import { DEFAULT_ID_READER_FIELDS } from './services/id-reader/id-reader';

export interface RunningCounter {
  app: CounterApp;
  hqUrl: string;
  printerTarget: string;
  embedded: { hq: boolean; printer: boolean };
  /** The ID card reader service asked, or null (keyboard-wedge readers only). */
  idReaderUrl: string | null;
  close(): Promise<void>;
}

/** A service started next to the terminal to fill a gap in its configuration (tools/demo provides them). */
export interface StartedService {
  url: string;
  close(): Promise<void>;
}

/**
 * What fills an unconfigured HQ or the 'virtual' printer. The product passes none (a store terminal
 * must name its HQ and printer); `tools/demo` passes the reference HQ with demo data and the virtual
 * printer, so src-main never imports src-hq or tools/.
 */
export interface EmbeddedServices {
  startHq?(config: CounterConfig, logger: Logger): Promise<StartedService & { terminalToken: string | undefined }>;
  startPrinter?(config: CounterConfig, logger: Logger): Promise<StartedService>;
  /** The demo's simulated ID card reader service, when no reader is configured (`url` is its read URL). */
  startIdReader?(config: CounterConfig, logger: Logger): Promise<StartedService>;
}

/**
 * Start the terminal on its configuration, filling gaps with the embedded services given (none in the
 * product): an HQ when none is configured, a printer when the printer is 'virtual'.
 */
export async function bootCounter(
  config: CounterConfig,
  logger: Logger,
  embedded: EmbeddedServices = {},
  /** The updater (Electron: electron-updater) or why there is none. */
  updater: { backend: UpdaterBackend | null; offReason?: string } = { backend: null },
): Promise<RunningCounter> {
  const closers: (() => Promise<void>)[] = [];
  let hqUrl = config.hqUrl;
  let hqToken = config.hqToken;
  try {
    if (!hqUrl) {
      if (!embedded.startHq) throw new ConfigError('COUNTER_HQ_URL', 'no HQ is configured; set COUNTER_HQ_URL and COUNTER_HQ_TOKEN (or hqUrl/hqToken in settings.json)');
      const hq = await embedded.startHq(config, logger);
      closers.push(() => hq.close());
      hqUrl = hq.url;
      hqToken = hq.terminalToken;
    }
    let printerTarget = config.printer;
    if (printerTarget === 'virtual') {
      if (!embedded.startPrinter) throw new ConfigError('COUNTER_PRINTER', "the virtual printer exists only in the demo (npm start); set the store's printer (tcp://host:port or a printer device)");
      const printer = await embedded.startPrinter(config, logger);
      closers.push(() => printer.close());
      printerTarget = printer.url;
    }
    let idReader = config.idReader;
    if (!idReader && embedded.startIdReader) {
      const reader = await embedded.startIdReader(config, logger);
      closers.push(() => reader.close());
      idReader = { url: reader.url, fields: DEFAULT_ID_READER_FIELDS, wsRequest: '{"cmd":"readcard"}', timeoutMs: 5_000 };
    }
    if (!hqToken) throw new Error('no HQ terminal token');
    const app = createCounterApp({
      dataDir: config.dataDir,
      dbFile: config.dbFile,
      hq: { url: hqUrl, token: hqToken },
      local: { printerTarget, printerType: config.printerType, paperWidth: config.paperWidth, receiptLanguage: config.receiptLanguage },
      logger,
      requireOpenShift: true,
      updates: { ...updater, channel: config.updateChannel },
      hqEmbedded: !config.hqUrl,
      ...(config.backupKey ? { backupKey: config.backupKey } : {}),
      ...(config.crashDumpsDir ? { crashDumpsDir: config.crashDumpsDir } : {}),
      ...(idReader ? { idReader } : {}),
      ...(config.paymentGateway
        ? {
            paymentGateway: {
              url: config.paymentGateway.url,
              timeoutMs: config.paymentGateway.timeoutMs,
              timing: { queryEveryMs: config.paymentGateway.queryEveryMs, confirmWithinMs: config.paymentGateway.confirmWithinMs },
            },
          }
        : {}),
    });
    closers.unshift(() => app.close());
    return {
      app,
      hqUrl,
      printerTarget,
      embedded: { hq: !config.hqUrl, printer: config.printer === 'virtual' },
      idReaderUrl: idReader?.url ?? null,
      async close() {
        for (const c of closers) await c().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
      },
    };
  } catch (err) {
    for (const c of closers) await c().catch(() => undefined);
    throw err;
  }
}

export function describeDataLocations(config: CounterConfig, running: RunningCounter): string[] {
  const lines = [`  Terminal data:  ${config.dataDir}  (database ${path.basename(config.dbFile)}, settings.json, logs/, backups/)`];
  if (running.embedded.hq) lines.push(`  Embedded HQ:    ${running.hqUrl}  (data in ${config.hq.dataDir})`);
  else lines.push(`  HQ:             ${running.hqUrl}`);
  if (running.embedded.printer) lines.push(`  Virtual printer: ${running.printerTarget}  (receipts in ${config.virtualPrinter.outDir})`);
  else lines.push(`  Printer:        ${running.printerTarget}`);
  lines.push(`  ID card reader: ${running.idReaderUrl ?? 'keyboard-wedge only (set COUNTER_ID_READER_URL for a reader service)'}${!config.idReader && running.idReaderUrl ? '  (simulated, demo cards)' : ''}`);
  return lines;
}
