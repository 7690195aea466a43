/** One PostgreSQL server per test process, started on first use; each caller gets its own database. */
import { startPgCluster, type PgCluster } from './pg-cluster';

let cluster: Promise<PgCluster> | null = null;

export async function sharedPgDatabase(): Promise<string> {
  cluster ??= startPgCluster();
  return (await cluster).createDatabase();
}

export async function stopSharedPgCluster(): Promise<void> {
  const c = cluster;
  cluster = null;
  if (c) await (await c).stop();
}
