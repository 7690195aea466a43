/**
 * Runs an HQ test suite once per backend: SQLite, and PostgreSQL on a server the suite starts itself
 * (test-support/hq-db/pg-cluster.ts). HQ_TEST_BACKENDS=sqlite|postgres|sqlite,postgres picks (default both;
 * `npm run test:hq:pg` runs PostgreSQL alone). Without PostgreSQL binaries the PostgreSQL run is
 * skipped with the reason printed — except under CI=true, where it fails.
 */
import { afterAll, describe, it } from 'vitest';
import type { Backend } from '../../src-hq/db';
import { pgUnavailableReason } from './pg-cluster';
import { stopSharedPgCluster } from './shared-cluster';

export const TEST_BACKENDS: readonly Backend[] = (() => {
  const raw = process.env.HQ_TEST_BACKENDS?.trim();
  if (!raw) return ['sqlite', 'postgres'] as const;
  const list = raw.split(',').map((s) => s.trim());
  for (const b of list) if (b !== 'sqlite' && b !== 'postgres') throw new Error(`HQ_TEST_BACKENDS: unknown backend "${b}"`);
  return list as Backend[];
})();

/** A suite that needs PostgreSQL (and may use SQLite too): runs when HQ_TEST_BACKENDS includes postgres. */
export function describePg(title: string, body: () => void): void {
  if (!TEST_BACKENDS.includes('postgres')) return;
  describeBackend(title, 'postgres', body);
}

export function describeEachBackend(title: string, body: (backend: Backend) => void): void {
  for (const backend of TEST_BACKENDS) describeBackend(title, backend, () => body(backend));
}

function describeBackend(title: string, backend: Backend, body: () => void): void {
  {
    const name = `${title} [${backend}]`;
    if (backend === 'sqlite') {
      describe(name, body);
      return;
    }
    const reason = pgUnavailableReason();
    if (reason && process.env.CI === 'true') {
      describe(name, () => {
        it('needs PostgreSQL in CI', () => {
          throw new Error(`CI=true but PostgreSQL cannot run: ${reason}`);
        });
      });
    } else if (reason) {
      console.warn(`skipped on PostgreSQL: ${title} — ${reason}`);
      describe.skip(name, body);
    } else {
      describe(name, () => {
        afterAll(stopSharedPgCluster);
        body();
      });
    }
  }
}
