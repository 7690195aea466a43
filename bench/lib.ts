import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';

export interface BenchRow {
  /** Stable id (issue 12): what the row measures, unchanged between runs, e.g. `lookup.service.p99`. */
  id: string;
  /** The bench group that wrote the row (a partial run replaces only its groups' rows). */
  group?: string;
  name: string;
  value: number;
  unit: string;
  /** value / baseline, when the row is compared with a baseline measured in the same run. */
  ratio?: number;
  baseline?: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export function percentile(sortedNs: number[], p: number): number {
  if (sortedNs.length === 0) return NaN;
  const i = Math.min(sortedNs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedNs.length) - 1));
  return sortedNs[i]!;
}

/** Time `fn` `n` times (after `warmup`), returning sorted per-call durations in nanoseconds. */
export function timeSync(n: number, fn: (i: number) => void, warmup = Math.min(1000, n)): number[] {
  for (let i = 0; i < warmup; i++) fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    out[i] = Number(process.hrtime.bigint() - t);
  }
  return out.sort((a, b) => a - b);
}

export async function timeAsync(n: number, fn: (i: number) => Promise<void>, warmup = Math.min(200, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    out[i] = Number(process.hrtime.bigint() - t);
  }
  return out.sort((a, b) => a - b);
}

export function machineInfo(): Record<string, string> {
  const cpu = os.cpus()[0];
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpu: `${cpu?.model ?? 'unknown'} × ${os.cpus().length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  };
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

export function markdownReport(rows: BenchRow[], info: Record<string, string>): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (do not edit by hand). Ratios compare two figures measured in the same run.',
    '',
    ...Object.entries(info).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '| id | benchmark | value | unit | ratio | baseline | target | met |',
    '|---|---|---:|---|---:|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.id}\` | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.ratio !== undefined ? `${fmt(r.ratio)}×` : ''} | ${r.baseline ?? ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...rows.filter((r) => r.note).map((r) => `- \`${r.id}\` ${r.name}: ${r.note}`),
    '',
  ];
  return lines.join('\n');
}

export const SCALE_START = '<!-- bench:scale start -->';
export const SCALE_END = '<!-- bench:scale end -->';

/** The `npm run bench:scale` section of an existing docs/benchmarks.md ('' when there is none). */
export function keptScaleSection(file: string): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(SCALE_START);
  const b = text.indexOf(SCALE_END);
  return a >= 0 && b > a ? `${text.slice(a, b + SCALE_END.length)}\n` : '';
}

/**
 * A loopback JSON POST over one kept-alive connection (node:http): the lightest client, so the figure is
 * the web transport's own cost rather than a heavyweight client's.
 */
export function jsonPoster(baseUrl: string, headers: Record<string, string>) {
  const post = timedJsonPoster(baseUrl, headers);
  return (path: string, body: unknown): Promise<unknown> => post(path, body).then((r) => r.body);
}

/** One POST's answer with the client's own monotonic stamps and the answer's headers (Server-Timing). */
export interface TimedAnswer {
  body: unknown;
  headers: http.IncomingHttpHeaders;
  sentNs: bigint;
  receivedNs: bigint;
}

export function timedJsonPoster(baseUrl: string, headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(baseUrl);
  // the web transport keeps the signed-in clerk in a session cookie: sent back like a browser would
  let cookie: string | null = null;
  return (path: string, body: unknown): Promise<TimedAnswer> =>
    new Promise((resolve, reject) => {
      const sentNs = process.hrtime.bigint();
      const data = JSON.stringify(body);
      const req = http.request(
        { host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { ...headers, ...(cookie ? { cookie } : {}), 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
        (res) => {
          const set = res.headers['set-cookie'];
          if (set && set.length > 0) cookie = set.map((c) => c.split(';')[0]).join('; ');
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              resolve({ body: parsed, headers: res.headers, sentNs, receivedNs: process.hrtime.bigint() });
            } catch (err) {
              reject(err as Error);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}

/** A web round trip cut at the terminal's Server-Timing stamps (ns): to the server, body read, dispatch, back. */
export interface RoundTripSplit {
  total: number;
  toServer: number;
  read: number;
  dispatch: number;
  back: number;
}

export function splitRoundTrips(answers: TimedAnswer[]): RoundTripSplit[] {
  return answers.map((a) => {
    const timing = String(a.headers['server-timing'] ?? '');
    const at = /at;desc="(\d+)"/.exec(timing);
    const read = /read;dur=([\d.]+)/.exec(timing);
    const dispatch = /dispatch;dur=([\d.]+)/.exec(timing);
    if (!at || !read || !dispatch) throw new Error(`no Server-Timing on the answer: ${timing}`);
    const total = Number(a.receivedNs - a.sentNs);
    const toServer = Number(BigInt(at[1]!) - a.sentNs);
    const readNs = Number(read[1]) * 1e6;
    const dispatchNs = Number(dispatch[1]) * 1e6;
    return { total, toServer, read: readNs, dispatch: dispatchNs, back: total - toServer - readNs - dispatchNs };
  });
}
