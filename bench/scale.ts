import fs from 'node:fs';
import path from 'node:path';
import { machineInfo, SCALE_END, SCALE_START, type BenchRow } from './lib';
import { lookupRows } from './rows-lookup';

/**
 * `npm run bench:scale`: import, cache file size, start-up, RSS and lookup p50/p99 at 100k, 300k, 1M and 3M
 * accounts (BENCH_SCALE_SIZES overrides, e.g. "100000,300000"), written as a section of docs/benchmarks.md
 * with a 10M extrapolation and what would break first; rows in bench/scale-results.json.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100000,300000,1000000,3000000').split(',').map(Number);

interface Point {
  n: number;
  importS: number;
  cacheMiB: number;
  startupS: number;
  rssMb: number;
  p50: number;
  p99: number;
  webP99: number;
}

const TARGETS: { key: keyof Point; label: string; limit: number; unit: string }[] = [
  { key: 'importS', label: 'import', limit: 8, unit: 's' },
  { key: 'startupS', label: 'start-up', limit: 1, unit: 's' },
  { key: 'rssMb', label: 'RSS', limit: 200, unit: 'MB' },
  { key: 'p99', label: 'lookup service p99', limit: 50, unit: 'µs' },
];

function pick(rows: BenchRow[], prefix: string): number {
  const r = rows.find((x) => x.id === prefix || x.id.startsWith(`${prefix}.`));
  if (!r) throw new Error(`row ${prefix} missing`);
  return r.value;
}

/**
 * Linear in n through the two largest sizes (log-linear for the lookup percentiles and start-up: a
 * b-tree's depth); never below the largest measured value (a falling slope between two sizes is noise).
 */
function extrapolate(points: Point[], key: keyof Point, n: number): number {
  const [a, b] = points.slice(-2) as [Point, Point];
  if (key === 'p50' || key === 'p99' || key === 'webP99' || key === 'startupS') {
    const slope = (b[key] - a[key]) / (Math.log(b.n) - Math.log(a.n));
    return Math.max(b[key], b[key] + slope * (Math.log(n) - Math.log(b.n)));
  }
  const slope = (b[key] - a[key]) / (b.n - a.n);
  return Math.max(b[key], b[key] + slope * (n - b.n));
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main(): Promise<void> {
  const all: BenchRow[] = [];
  const points: Point[] = [];
  for (const n of SIZES) {
    console.log(`bench:scale: ${n.toLocaleString('en-US')} accounts…`);
    const rows = await lookupRows({ accounts: n });
    all.push(...rows.map((r) => ({ ...r, id: `scale.${n}.${r.id}` })));
    const label = n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
    points.push({
      n,
      importS: pick(rows, `import.${label}`),
      cacheMiB: pick(rows, `cache.size.${label}`),
      startupS: pick(rows, `startup.${label}`),
      rssMb: pick(rows, `terminal.rss.${label}`),
      p50: pick(rows, 'lookup.service.p50'),
      p99: pick(rows, 'lookup.service.p99'),
      webP99: pick(rows, 'lookup.web.p99'),
    });
    const p = points[points.length - 1]!;
    console.log(`  import ${fmt(p.importS)} s, cache ${fmt(p.cacheMiB)} MiB, start-up ${fmt(p.startupS)} s, RSS ${fmt(p.rssMb)} MB, lookup p50 ${fmt(p.p50)} µs p99 ${fmt(p.p99)} µs, web p99 ${fmt(p.webP99)} ms`);
  }
  const ten = 10_000_000;
  const x: Point = { n: ten, importS: 0, cacheMiB: 0, startupS: 0, rssMb: 0, p50: 0, p99: 0, webP99: 0 };
  for (const k of ['importS', 'cacheMiB', 'startupS', 'rssMb', 'p50', 'p99', 'webP99'] as const) x[k] = extrapolate(points, k, ten);
  const largest = points[points.length - 1]!;
  const breaks = TARGETS.map((t) => {
    const over = points.find((p) => p[t.key] >= t.limit);
    return { ...t, at: over ? over.n : x[t.key] >= t.limit ? ten : null };
  })
    .filter((b) => b.at !== null)
    .sort((a, b) => a.at! - b.at!);
  const first = breaks[0];
  const lines = [
    SCALE_START,
    '',
    '## Scale (`npm run bench:scale`)',
    '',
    `Written by \`npm run bench:scale\` on ${machineInfo().date} (${machineInfo().cpu}); one run per size, shuffled device numbers, the same code as the \`lookup\` rows above. The 10M row is an extrapolation (linear in accounts through the two largest sizes; start-up and the lookup percentiles log-linear, as a b-tree's depth grows; never below the largest measured value), not a measurement.`,
    '',
    '| accounts | import (s) | cache file (MiB) | start-up (s) | RSS (MB) | lookup p50 (µs) | lookup p99 (µs) | web p99 (ms) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...points.map((p) => `| ${p.n.toLocaleString('en-US')} | ${fmt(p.importS)} | ${fmt(p.cacheMiB)} | ${fmt(p.startupS)} | ${fmt(p.rssMb)} | ${fmt(p.p50)} | ${fmt(p.p99)} | ${fmt(p.webP99)} |`),
    `| 10,000,000 (extrapolated) | ${fmt(x.importS)} | ${fmt(x.cacheMiB)} | ${fmt(x.startupS)} | ${fmt(x.rssMb)} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${fmt(x.webP99)} |`,
    '',
    first
      ? `**What breaks first:** ${first.label} (target ${first.limit} ${first.unit}) ${first.at === ten ? 'at about 10M accounts (extrapolated)' : `already at ${first.at!.toLocaleString('en-US')} accounts (measured)`}. Then: ${breaks.slice(1).map((b) => `${b.label} (${b.at === ten ? '10M, extrapolated' : `${b.at!.toLocaleString('en-US')}, measured`})`).join(', ') || 'nothing else within 10M'}.`
      : `**What breaks first:** no target is crossed up to 10M accounts by this extrapolation (largest measured: ${largest.n.toLocaleString('en-US')}).`,
    `At 10M the cache file would be about ${fmt(x.cacheMiB / 1024)} GiB: not backed up (issue 12 item 1), checked in the background, rebuilt from HQ on damage; the ledger's start-up check does not grow with it.`,
    '',
    SCALE_END,
    '',
  ];
  const doc = path.join(ROOT, 'docs', 'benchmarks.md');
  const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(SCALE_START);
  const b = text.indexOf(SCALE_END);
  const base = a >= 0 && b > a ? text.slice(0, a) + text.slice(b + SCALE_END.length).replace(/^\n+/, '') : text;
  fs.writeFileSync(doc, `${base.trimEnd()}\n\n${lines.join('\n')}`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'scale-results.json'), JSON.stringify({ points, extrapolated10m: x, rows: all }, null, 2) + '\n');
  console.log('wrote the scale section of docs/benchmarks.md and bench/scale-results.json');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
