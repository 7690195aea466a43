/**
 * Crash-test child for the accounts import: opens an existing terminal data folder, starts a fresh
 * snapshot import from `IMPORT_HQ_URL` (a slow proxy in the test) and prints `LOADED <n>` while the shadow
 * file fills. The parent kills it with SIGKILL mid-import.
 */
import { openTestTerminal } from './terminal-harness';

async function main(): Promise<void> {
  const t = await openTestTerminal({ dir: process.env.CRASH_DIR!, hqUrl: process.env.IMPORT_HQ_URL!, hqToken: process.env.IMPORT_HQ_TOKEN!, seedFromHq: false, importBatchSize: 500 });
  t.ctx.importer.restart();
  void t.ctx.importer.ensure();
  setInterval(() => {
    const p = t.ctx.importer.progress();
    process.stdout.write(`LOADED ${p.imported} ${p.state}\n`);
  }, 20);
}

main().catch((err: unknown) => {
  process.stderr.write(`import-crash-child failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
