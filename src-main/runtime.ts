import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createCounterApp, type CounterApp } from './app';
import type { CounterConfig } from './config';
import type { Logger } from './logger';

export interface RunningCounter {
  app: CounterApp;
  hqUrl: string;
  printerTarget: string;
  embedded: { hq: boolean; printer: boolean };
  close(): Promise<void>;
}

/**
 * Start the terminal on its configuration, filling gaps with embedded defaults: the bundled
 * reference HQ on loopback (demo data) when no HQ is configured, the virtual printer when no printer is.
 */
export async function bootCounter(config: CounterConfig, logger: Logger): Promise<RunningCounter> {
  const closers: (() => Promise<void>)[] = [];
  let hqUrl = config.hqUrl;
  let hqToken = config.hqToken;
  try {
    if (!hqUrl) {
      // loaded only when needed: a store terminal with a real HQ never loads the reference HQ's code
      const { startHq } = await import('../src-hq/server');
      const hq = await startHq({
        host: '127.0.0.1',
        port: config.hq.port,
        dataDir: config.hq.dataDir,
        adminToken: config.hq.adminToken ?? randomBytes(24).toString('base64url'),
        seed: 'demo',
        logger: logger.child({ component: 'embedded-hq' }),
      });
      closers.push(() => hq.close());
      hqUrl = hq.url;
      hqToken = hq.demoTerminalToken;
      logger.info({ url: hq.url, dataDir: config.hq.dataDir }, 'embedded reference HQ started (demo data)');
    }
    let printerTarget = config.printer;
    if (printerTarget === 'virtual') {
      const { startVirtualPrinter } = await import('./printing/virtual-printer/server');
      const printer = await startVirtualPrinter({ host: '127.0.0.1', port: config.virtualPrinter.port, outDir: config.virtualPrinter.outDir });
      closers.push(() => printer.close());
      printerTarget = printer.url;
      logger.info({ target: printer.url, outDir: config.virtualPrinter.outDir }, 'virtual printer started');
    }
    if (!hqToken) throw new Error('no HQ terminal token');
    const app = createCounterApp({
      dataDir: config.dataDir,
      dbFile: config.dbFile,
      hq: { url: hqUrl, token: hqToken },
      local: { printerTarget, printerType: config.printerType, paperWidth: config.paperWidth, receiptLanguage: config.receiptLanguage },
      logger,
      requireOpenShift: true,
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
  return lines;
}
