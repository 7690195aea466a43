/**
 * A virtual network receipt printer (raw TCP, like port 9100 on a real one) for development, e2e
 * tests and demos. One TCP connection = one job. Real-time status queries (DLE EOT n) are answered
 * at once with realistic status bytes; a connection that only asked for status is not a job.
 *
 * Each job is saved in `outDir` as job-NNNNNN.bin (raw bytes), .txt (transcript), .json (decoded
 * structure) and .png (image of the paper). Modes: 'normal'; 'refuse' (stops listening: connections
 * are refused); 'stall' (accepts connections but never reads nor answers, like a jammed printer).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { displayWidth } from '../../src-shared/receipt/width';
import { decodeEscPos, isStatusQueryOnly, transcriptOf, type DecodedJob, type Dialect } from './decoder';
import { paperFont, renderPaperPng } from './paper-image';

export type VirtualPrinterMode = 'normal' | 'refuse' | 'stall';

export interface VirtualPrinterOptions {
  host?: string;
  /** 0 = a free port. */
  port: number;
  outDir: string;
  mode?: VirtualPrinterMode;
  /** Command set to decode. Default 'epson' (ESC/POS). */
  dialect?: Dialect;
  /** Paper columns for the transcript and image: 32 (58 mm) or 48 (80 mm). Default 48. */
  columns?: 32 | 48;
  /** Write job-NNNNNN.png (default true). */
  png?: boolean;
}

export interface VirtualPrinterJob {
  /** 1, 2, 3... continuing after the jobs already in outDir. */
  number: number;
  /** "job-000001" */
  name: string;
  receivedAt: string;
  byteCount: number;
  files: { bin: string; txt: string; json: string; png: string | null };
  decoded: DecodedJob;
  transcript: string;
  warnings: string[];
}

export interface VirtualPrinterPaperState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

export interface VirtualPrinter {
  port: number;
  url: string;
  outDir: string;
  mode(): VirtualPrinterMode;
  setMode(mode: VirtualPrinterMode): Promise<void>;
  /** What the printer reports to DLE EOT (and, for paperOut / coverOpen, whether it prints). */
  setPaperState(state: Partial<VirtualPrinterPaperState>): void;
  jobs(): VirtualPrinterJob[];
  waitForJobs(n: number, timeoutMs: number): Promise<VirtualPrinterJob[]>;
  close(): Promise<void>;
}

/** Status byte for DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor). */
export function statusByte(n: number, paper: VirtualPrinterPaperState): number {
  const fixed = 0x12; // bits 1 and 4 are always 1, bits 0 and 7 always 0
  switch (n) {
    case 1:
      return fixed | (paper.paperOut || paper.coverOpen ? 0x08 : 0); // bit 3: offline
    case 2:
      return fixed | (paper.coverOpen ? 0x04 : 0) | (paper.paperOut ? 0x20 : 0) | (paper.paperOut || paper.coverOpen ? 0x40 : 0);
    case 3:
      return fixed;
    case 4:
      return fixed | (paper.paperNearEnd || paper.paperOut ? 0x0c : 0) | (paper.paperOut ? 0x60 : 0);
    default:
      return fixed;
  }
}

function nextJobNumber(outDir: string): number {
  let max = 0;
  for (const name of readdirSync(outDir)) {
    const m = /^job-(\d{6})\.bin$/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export async function startVirtualPrinter(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
  const host = options.host ?? '127.0.0.1';
  const dialect = options.dialect ?? 'epson';
  const columns = options.columns ?? 48;
  const wantPng = options.png ?? true;
  const outDir = path.resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });

  let mode: VirtualPrinterMode = options.mode ?? 'normal';
  let port = options.port;
  let jobNumber = nextJobNumber(outDir);
  const paper: VirtualPrinterPaperState = { paperOut: false, paperNearEnd: false, coverOpen: false };
  const jobs: VirtualPrinterJob[] = [];
  const sockets = new Set<net.Socket>();
  const waiters = new Set<() => void>();
  let closed = false;

  const saveJob = async (raw: Buffer): Promise<VirtualPrinterJob | null> => {
    const decoded = decodeEscPos(raw, { dialect });
    if (raw.length === 0 || isStatusQueryOnly(decoded)) return null;
    const number = jobNumber++;
    const name = `job-${String(number).padStart(6, '0')}`;
    const base = path.join(outDir, name);
    const warnings: string[] = [];
    const transcript = transcriptOf(decoded, columns, displayWidth);
    let png: string | null = null;
    if (wantPng) {
      const font = paperFont();
      if (font.warning) warnings.push(font.warning);
      try {
        await writeFile(`${base}.png`, renderPaperPng(decoded, columns));
        png = `${base}.png`;
      } catch (error) {
        warnings.push(`PNG not written: ${(error as Error).message}`);
      }
    }
    const job: VirtualPrinterJob = {
      number,
      name,
      receivedAt: new Date().toISOString(),
      byteCount: raw.length,
      files: { bin: `${base}.bin`, txt: `${base}.txt`, json: `${base}.json`, png },
      decoded,
      transcript,
      warnings,
    };
    await writeFile(`${base}.bin`, raw);
    await writeFile(`${base}.txt`, transcript, 'utf8');
    const summary = {
      job: name,
      receivedAt: job.receivedAt,
      byteCount: raw.length,
      dialect,
      columns,
      qrPayloads: decoded.items.flatMap((item) => (item.kind === 'qr' ? [item.payload] : [])),
      cuts: decoded.items.filter((item) => item.kind === 'cut').length,
      drawerKicks: decoded.items.filter((item) => item.kind === 'drawer').length,
      items: decoded.items,
      unknownCommands: decoded.unknownCommands,
      warnings,
    };
    await writeFile(`${base}.json`, JSON.stringify(summary, null, 2) + '\n', 'utf8');
    jobs.push(job);
    for (const wake of [...waiters]) wake();
    return job;
  };

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'stall') {
      socket.pause(); // never read, never answer
      return;
    }
    const chunks: Buffer[] = [];
    let tail = Buffer.alloc(0); // last bytes of the previous chunk, to catch a DLE EOT split across chunks
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const scan = Buffer.concat([tail, chunk]);
      const answers: number[] = [];
      for (let i = 0; i + 2 < scan.length; i += 1) {
        if (scan[i] === 0x10 && scan[i + 1] === 0x04 && i + 2 >= tail.length) {
          answers.push(statusByte(scan[i + 2]!, paper));
          i += 2;
        }
      }
      tail = scan.subarray(Math.max(0, scan.length - 2));
      if (answers.length) socket.write(Buffer.from(answers));
    });
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const finish = () => {
        if (!socket.destroyed) socket.end();
      };
      if (paper.paperOut || paper.coverOpen) {
        finish(); // a printer that cannot print drops the data
        return;
      }
      saveJob(raw).then(finish, (error: unknown) => {
        console.error(`[virtual-printer] could not save a job: ${(error as Error).message}`);
        finish();
      });
    });
  };

  const server = net.createServer({ allowHalfOpen: true }, onConnection);
  server.on('error', () => undefined);

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        const address = server.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  // Bind once even in 'refuse' mode so the port is known, then stop listening.
  await listen();
  if (mode === 'refuse') await stopListening();

  const printer: VirtualPrinter = {
    get port() {
      return port;
    },
    get url() {
      return `tcp://${host}:${port}`;
    },
    outDir,
    mode: () => mode,
    async setMode(next) {
      if (closed) throw new Error('virtual printer is closed');
      const previous = mode;
      mode = next;
      if (next === 'refuse' && previous !== 'refuse') {
        for (const socket of sockets) socket.destroy();
        await stopListening();
      } else if (next !== 'refuse' && previous === 'refuse') {
        await listen();
      }
    },
    setPaperState(state) {
      Object.assign(paper, state);
    },
    jobs: () => [...jobs],
    waitForJobs(n, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (jobs.length >= n) {
            cleanup();
            resolve([...jobs]);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`virtual printer: waited ${timeoutMs} ms for ${n} job(s), got ${jobs.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await stopListening();
    },
  };
  return printer;
}
