import fs from 'node:fs';
import path from 'node:path';
import { keptScaleSection, machineInfo, markdownReport, type BenchRow } from './lib';
import { foundationRows } from './rows-foundation';
import { hqRows } from './rows-hq';
import { lookupRows } from './rows-lookup';
import { salesRows } from './rows-sales';
import { printingRows } from './rows-printing';
import { syncRows } from './rows-sync';
import { zreportRows } from './rows-zreport';

/** `npm run bench`: every performance row, written to docs/benchmarks.md and bench/results.json. */
const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const groups: [string, () => Promise<BenchRow[]>][] = [
    ['foundation', foundationRows],
    ['lookup', lookupRows],
    ['sales', salesRows],
    ['printing', printingRows],
    ['sync', syncRows],
    ['zreport', zreportRows],
    ['hq', hqRows],
  ];
  const rows: BenchRow[] = [];
  for (const [name, run] of groups) {
    if (only.length > 0 && !only.includes(name)) continue;
    const started = Date.now();
    console.log(`bench: ${name}…`);
    const r = (await run()).map((row) => ({ ...row, group: name }));
    rows.push(...r);
    for (const row of r) console.log(`  ${row.name}: ${row.value.toFixed(3)} ${row.unit}${row.ratio !== undefined ? ` (${row.ratio.toFixed(2)}× ${row.baseline})` : ''}`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const info = machineInfo();
  const resultsFile = path.join(ROOT, 'bench', 'results.json');
  if (only.length > 0 && fs.existsSync(resultsFile)) {
    // A partial run (`npm run bench -- hq`) replaces only its own groups' rows.
    const names = new Set(rows.map((r) => r.name));
    const kept = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as BenchRow[]).filter((r) => (r.group ? !only.includes(r.group) : !names.has(r.name)));
    rows.unshift(...kept);
  }
  fs.writeFileSync(resultsFile, JSON.stringify(rows, null, 2) + '\n');
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  const doc = path.join(ROOT, 'docs', 'benchmarks.md');
  // the scale table (npm run bench:scale) is kept when the main table is rewritten
  fs.writeFileSync(doc, markdownReport(rows, info) + keptScaleSection(doc));
  console.log('wrote docs/benchmarks.md and bench/results.json');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
