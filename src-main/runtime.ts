import path from 'node:path';
import { createCounterApp, type CounterApp } from './app';
import { ConfigError, type CounterConfig } from './config';
import type { Logger } from './logger';
import type { UpdaterBackend } from './services/updates';
import type { EnrolmentInfo } from '../src-shared/contract/enrol';
import { createEnrolmentApp } from './enrolment/enrolment-app';
import { createEnrolmentStore, EnrolmentStoreError, fileModeSealer, type EnrolmentRecord, type EnrolmentStore } from './enrolment/enrolment-store';
import type { EnrolmentAdoption } from './services/ledger';
import type { Dispatch } from './transport/dispatch';
import { DEFAULT_ID_READER_FIELDS } from './services/id-reader/id-reader';

export interface RunningCounter {
  /** The terminal (before enrolment: the enrolment app; after it, the real one). */
  readonly app: CounterApp;
  /** Always the current app's dispatch: what the transports serve. */
  dispatch: Dispatch;
  /** Null while not enrolled. */
  readonly hqUrl: string | null;
  printerTarget: string;
  embedded: { hq: boolean; printer: boolean; gateway: boolean };
  /** The payment gateway the terminal charges codes through (undefined: none, code payments refused). */
  gatewayUrl: string | undefined;
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
  /** A payment gateway when none is configured (the demo: the simulated gateway). */
  startPaymentGateway?(config: CounterConfig, logger: Logger): Promise<StartedService>;
  /** The demo's simulated ID card reader service, when no reader is configured (`url` is its read URL). */
  startIdReader?(config: CounterConfig, logger: Logger): Promise<StartedService>;
}

/** How a store build starts (the product): where its enrolment is kept, and the embedded demo HQ's address if a launcher started one. */
export interface BootOptions {
  /** Default: the web-mode store (`<data dir>/enrolment.json`, mode 0600). The Electron app passes its safeStorage one. */
  enrolmentStore?: EnrolmentStore;
  /** The launcher started the demo HQ at this URL and passed it in COUNTER_HQ_URL (Electron demo): reported as `via: 'demo'`. */
  demoHqUrl?: string;
  /** The updater (Electron: electron-updater) or why there is none; default none (web mode). */
  updater?: { backend: UpdaterBackend | null; offReason?: string };
}

interface HqSource {
  url: string;
  token: string;
  info: EnrolmentInfo;
  adopt?: EnrolmentAdoption;
}

function fromRecord(r: EnrolmentRecord, protection: EnrolmentInfo['protection']): HqSource {
  return {
    url: r.hqUrl,
    token: r.token,
    info: { via: 'code', hqUrl: r.hqUrl, storeCode: r.storeCode, terminalCode: r.terminalCode, enrolledAt: r.enrolledAt, protection },
    adopt: { enrolmentId: r.enrolmentId, lastReceiptSeq: r.ledger.lastReceiptSeq, lastEventSeq: r.ledger.lastEventSeq, epoch: r.ledger.epoch, auditKey: r.auditKey },
  };
}

/**
 * Start the terminal on its configuration. Its HQ, in this order: the HQ URL and token set in the
 * environment or settings.json; this PC's enrolment (issue 17); the embedded demo HQ when given (`npm
 * start`); otherwise — a store build never enrolled — the enrolment screen, and the real terminal starts
 * once IT enrolled it. The printer: a 'virtual' one only with the embedded services (the demo).
 */
export async function bootCounter(config: CounterConfig, logger: Logger, embedded: EmbeddedServices = {}, boot: BootOptions = {}): Promise<RunningCounter> {
  const closers: (() => Promise<void>)[] = [];
  const store = boot.enrolmentStore ?? createEnrolmentStore({ dataDir: config.dataDir, sealer: fileModeSealer, logger });
  try {
    let printerTarget = config.printer;
    if (printerTarget === 'virtual' && !embedded.startPrinter) {
      throw new ConfigError('COUNTER_PRINTER', "the virtual printer exists only in the demo (npm start); set the store's printer (tcp://host:port or a printer device)");
    }
    let source: HqSource | null = null;
    let embeddedHq = false;
    if (config.hqUrl) {
      if (!config.hqToken) throw new Error('no HQ terminal token');
      const demo = boot.demoHqUrl !== undefined && boot.demoHqUrl === config.hqUrl;
      source = {
        url: config.hqUrl,
        token: config.hqToken,
        info: { via: demo ? 'demo' : 'settings', hqUrl: config.hqUrl, storeCode: null, terminalCode: null, enrolledAt: null, protection: null },
      };
    } else {
      let record: EnrolmentRecord | null;
      try {
        record = await store.read();
      } catch (err) {
        if (err instanceof EnrolmentStoreError) throw new ConfigError(err.file, err.message.slice(err.file.length + 2));
        throw err;
      }
      if (record) source = fromRecord(record, store.protection);
      else if (embedded.startHq) {
        const hq = await embedded.startHq(config, logger);
        closers.push(() => hq.close());
        if (!hq.terminalToken) throw new Error('no HQ terminal token');
        source = { url: hq.url, token: hq.terminalToken, info: { via: 'demo', hqUrl: hq.url, storeCode: null, terminalCode: null, enrolledAt: null, protection: null } };
        embeddedHq = true;
      }
    }
    if (printerTarget === 'virtual') {
      const printer = await embedded.startPrinter!(config, logger);
      closers.push(() => printer.close());
      printerTarget = printer.url;
    }
    let paymentGateway = config.paymentGateway;
    if (!paymentGateway && embedded.startPaymentGateway) {
      const gateway = await embedded.startPaymentGateway(config, logger);
      closers.push(() => gateway.close());
      paymentGateway = { url: gateway.url, ...config.gatewayTiming };
    }
    let idReader = config.idReader;
    if (!idReader && embedded.startIdReader) {
      const reader = await embedded.startIdReader(config, logger);
      closers.push(() => reader.close());
      idReader = { url: reader.url, fields: DEFAULT_ID_READER_FIELDS, wsRequest: '{"cmd":"readcard"}', timeoutMs: 5_000 };
    }
    const build = (src: HqSource): CounterApp =>
      createCounterApp({
        dataDir: config.dataDir,
        dbFile: config.dbFile,
        hq: { url: src.url, token: src.token },
        enrolment: src.info,
        ...(src.adopt ? { adoptEnrolment: src.adopt } : {}),
        local: { printerTarget, printerType: config.printerType, paperWidth: config.paperWidth, receiptLanguage: config.receiptLanguage },
        logger,
        requireOpenShift: true,
        updates: { ...(boot.updater ?? { backend: null }), channel: config.updateChannel },
        hqEmbedded: embeddedHq,
        ...(config.backupKey ? { backupKey: config.backupKey } : {}),
        ...(config.crashDumpsDir ? { crashDumpsDir: config.crashDumpsDir } : {}),
        ...(idReader ? { idReader } : {}),
        ...(paymentGateway
          ? {
              paymentGateway: {
                url: paymentGateway.url,
                timeoutMs: paymentGateway.timeoutMs,
                timing: { queryEveryMs: paymentGateway.queryEveryMs, confirmWithinMs: paymentGateway.confirmWithinMs },
              },
            }
          : {}),
      });
    let hqUrl: string | null = source?.url ?? null;
    let current: CounterApp = source
      ? build(source)
      : createEnrolmentApp({
          store,
          dataDir: config.dataDir,
          now: () => new Date(),
          logger,
          printerTarget,
          onEnrolled: async (record) => {
            const app = build(fromRecord(record, store.protection));
            current = app;
            hqUrl = record.hqUrl;
          },
        });
    closers.unshift(() => current.close());
    const dispatch: Dispatch = (name, input, ctx) => current.dispatch(name, input, ctx);
    return {
      get app() {
        return current;
      },
      dispatch,
      get hqUrl() {
        return hqUrl;
      },
      printerTarget,
      embedded: { hq: embeddedHq, printer: config.printer === 'virtual', gateway: !config.paymentGateway && paymentGateway !== undefined },
      gatewayUrl: paymentGateway?.url,
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
  else if (running.hqUrl) lines.push(`  HQ:             ${running.hqUrl}`);
  else lines.push('  HQ:             not enrolled yet — open the app and enter the enrolment code and HQ address from HQ (docs/deploy.md#enrol)');
  if (running.embedded.printer) lines.push(`  Virtual printer: ${running.printerTarget}  (receipts in ${config.virtualPrinter.outDir})`);
  else lines.push(`  Printer:        ${running.printerTarget}`);
  if (running.embedded.gateway) lines.push(`  Payment gateway: ${running.gatewayUrl}  (simulated: no money moves; faults via PUT ${running.gatewayUrl}/admin/faults)`);
  else lines.push(`  Payment gateway: ${running.gatewayUrl ?? 'none (COUNTER_PAYMENT_GATEWAY_URL unset: code payments refused)'}`);
  lines.push(`  ID card reader: ${running.idReaderUrl ?? 'keyboard-wedge only (set COUNTER_ID_READER_URL for a reader service)'}${!config.idReader && running.idReaderUrl ? '  (simulated, demo cards)' : ''}`);
  return lines;
}
