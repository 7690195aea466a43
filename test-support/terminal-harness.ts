import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../src-shared/contract';
import { createCounterApp, type CounterApp } from '../src-main/app';
import type { AppContext } from '../src-main/app-context';
import { createLogger } from '../src-main/logger';

/**
 * A real terminal (real SQLite, real dispatch) for tests and benchmarks, filled from a real HQ.
 * `call` goes through the same dispatch as both transports.
 */
export interface TestTerminal {
  dir: string;
  app: CounterApp;
  ctx: AppContext;
  call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>>;
  close(): Promise<void>;
}

export async function openTestTerminal(opts: {
  hqUrl: string;
  hqToken: string;
  dir?: string;
  seedFromHq?: boolean;
  now?: () => Date;
  /** As the real app: sales need an open shift (off by default so sale-focused tests stay short). */
  requireOpenShift?: boolean;
  importBatchSize?: number;
}): Promise<TestTerminal> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'counter-terminal-'));
  const app = createCounterApp({
    dataDir: dir,
    dbFile: path.join(dir, 'counter.db'),
    hq: { url: opts.hqUrl, token: opts.hqToken },
    local: { printerTarget: 'tcp://127.0.0.1:1', printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' },
    logger: createLogger({ name: 'test', level: 'silent', stdout: false }),
    pullIntervalMs: 3_600_000,
    backupsToKeep: 1,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.requireOpenShift ? { requireOpenShift: true } : {}),
    ...(opts.importBatchSize ? { importBatchSize: opts.importBatchSize } : {}),
  });
  if (!app.ctx) throw new Error(`terminal failed to start: ${app.fatal?.code}`);
  const ctx = app.ctx;
  if (opts.seedFromHq !== false) {
    await ctx.puller.pullNow();
    const p = await ctx.importer.ensure();
    if (p.state !== 'done') throw new Error(`account import did not finish: ${p.error ?? p.state}`);
  }
  return {
    dir,
    app,
    ctx,
    async call(name, input) {
      const env = await app.dispatch(name, input, { transport: 'test' });
      if (!env.ok) throw Object.assign(new Error(`${name}: ${env.error.code} ${env.error.messageKey}`), { shape: env.error });
      return env.result as never;
    },
    close: () => app.close(),
  };
}
