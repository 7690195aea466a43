/**
 * `npm run printer:virtual`: run a virtual receipt printer on raw TCP until Ctrl-C.
 * Settings (environment): PRINTER_PORT (default 9100), PRINTER_OUT_DIR (default ./.printer-out),
 * PRINTER_HOST (default 127.0.0.1), PRINTER_COLUMNS (32 or 48, default 48),
 * PRINTER_DIALECT (epson or star, default epson), PRINTER_MODE (normal, refuse or stall).
 */
import { startVirtualPrinter } from './server';
import { readVirtualPrinterSettings, type VirtualPrinterSettings } from './settings';

async function main(): Promise<void> {
  let settings: VirtualPrinterSettings;
  try {
    settings = readVirtualPrinterSettings(process.env);
  } catch (error) {
    console.error(`virtual printer: ${(error as Error).message}`);
    process.exit(2);
  }
  const printer = await startVirtualPrinter(settings).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? `port ${settings.port} is already in use (set PRINTER_PORT)` : error.message;
    console.error(`virtual printer: cannot start: ${why}`);
    process.exit(1);
  });
  console.log(`Virtual receipt printer (${settings.dialect}, ${settings.columns} columns, mode ${settings.mode})`);
  console.log(`  listening on ${printer.url}  <- use this as the printer target`);
  console.log(`  jobs are saved in ${printer.outDir} (job-NNNNNN.bin/.txt/.json/.png)`);
  console.log('  press Ctrl-C to stop');
  let seen = 0;
  const timer = setInterval(() => {
    const jobs = printer.jobs();
    for (const job of jobs.slice(seen)) {
      console.log(`  ${job.name}: ${job.byteCount} bytes -> ${job.files.txt}`);
      for (const warning of job.warnings) console.warn(`  warning: ${warning}`);
    }
    seen = jobs.length;
  }, 250);
  const stop = () => {
    clearInterval(timer);
    void printer.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
