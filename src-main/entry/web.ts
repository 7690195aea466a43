import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { installProcessGuard } from '../process-guard';
import { englishMessage } from '../english-message';
import { describeStartFailure } from './start-failure';
import { bootCounter, describeDataLocations, type EmbeddedServices } from '../runtime';
import { startWebServer } from '../transport/web-server';

/**
 * Kiosk/web mode: the terminal's main process with the loopback web transport instead of an
 * Electron window. `npm start` lands here when no Electron binary exists; thin kiosks run it directly.
 */
export async function runWebMode(reason: string | null, embedded: EmbeddedServices = {}): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n✖ ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ dir: path.join(config.dataDir, 'logs'), name: 'counter', level: config.logLevel, stdout: process.env.COUNTER_LOG_STDOUT === '1' });
  installProcessGuard(logger);
  let running: Awaited<ReturnType<typeof bootCounter>>;
  let server: Awaited<ReturnType<typeof startWebServer>>;
  try {
    running = await bootCounter(config, logger, embedded);
    server = await startWebServer({
      port: config.port,
      token: randomBytes(24).toString('base64url'),
      staticDir: path.resolve(__dirname, '..', 'renderer'),
      dispatch: running.dispatch,
      onRequestError: (err, where) => logger.error({ err, where }, 'web request failed'),
    });
  } catch (err) {
    // a named cause and the next step, never a stack trace (the stack goes to the log)
    const text = describeStartFailure(err, config.dataDir);
    logger.fatal({ err }, `start failed: ${text}`);
    console.error(`\n✖ Counter Terminal could not start: ${text}\n`);
    process.exit(1);
  }
  // the terminal serves its fatal screen (in the clerk's language); stderr gets the same in English
  if (running.app.fatal) console.error(`\n✖ ${englishMessage(running.app.fatal)}\n`);
  const lines = [
    '',
    'Counter Terminal — web (kiosk) mode',
    ...(reason ? [`  Why web mode:   ${reason}`] : []),
    `  Open:           ${server.launchUrl}`,
    ...describeDataLocations(config, running),
    '  Stop:           Ctrl-C',
    '',
  ];
  console.log(lines.join('\n'));
  const readyFile = process.env.COUNTER_READY_FILE;
  if (readyFile) {
    // for supervisors and tests: written whole (temp file + rename) so a reader never sees half of it
    const fs = await import('node:fs');
    fs.writeFileSync(`${readyFile}.tmp`, JSON.stringify({ url: server.url, launchUrl: server.launchUrl, hqUrl: running.hqUrl, printer: running.printerTarget }));
    fs.renameSync(`${readyFile}.tmp`, readyFile);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    await server.close();
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
