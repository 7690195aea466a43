/** Settings of the virtual printer command, read from the environment. */
import path from 'node:path';
import type { Dialect } from './decoder';
import type { VirtualPrinterMode } from './server';

export interface VirtualPrinterSettings {
  host: string;
  port: number;
  outDir: string;
  columns: 32 | 48;
  dialect: Dialect;
  mode: VirtualPrinterMode;
}

/** Read the settings from the environment; throws an Error naming the bad setting. */
export function readVirtualPrinterSettings(env: NodeJS.ProcessEnv): VirtualPrinterSettings {
  const portText = env.PRINTER_PORT?.trim() || '9100';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new Error(`PRINTER_PORT must be a port number from 0 to 65535 (0 = any free port), got "${env.PRINTER_PORT}".`);
  }
  const outDir = env.PRINTER_OUT_DIR?.trim() || './.printer-out';
  const host = env.PRINTER_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new Error(`PRINTER_HOST must be a host name or IP address, got "${env.PRINTER_HOST}".`);
  const columnsText = env.PRINTER_COLUMNS?.trim() || '48';
  if (columnsText !== '32' && columnsText !== '48') {
    throw new Error(`PRINTER_COLUMNS must be 32 (58 mm paper) or 48 (80 mm paper), got "${env.PRINTER_COLUMNS}".`);
  }
  const dialect = env.PRINTER_DIALECT?.trim() || 'epson';
  if (dialect !== 'epson' && dialect !== 'star') throw new Error(`PRINTER_DIALECT must be epson or star, got "${env.PRINTER_DIALECT}".`);
  const mode = env.PRINTER_MODE?.trim() || 'normal';
  if (mode !== 'normal' && mode !== 'refuse' && mode !== 'stall') {
    throw new Error(`PRINTER_MODE must be normal, refuse or stall, got "${env.PRINTER_MODE}".`);
  }
  return { host, port: Number(portText), outDir: path.resolve(outDir), columns: Number(columnsText) as 32 | 48, dialect, mode };
}

