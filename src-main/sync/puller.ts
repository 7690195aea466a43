import type { Logger } from '../logger';
import type { ChangeApplier } from './apply-changes';
import type { HqClient } from './hq-client';
import type { SyncState } from './sync-state';

/**
 * Pulls what changed at HQ since the stored cursor: a config snapshot first (or again when HQ says the
 * cursor is too old), then pages of changes. One pull at a time; `pullNow` joins a pull under way.
 */
export interface PullerDeps {
  hq: HqClient;
  applier: ChangeApplier;
  state: SyncState;
  logger: Logger;
  pageSize?: number;
  /** HQ said the cursor is too old: everything is re-snapshotted (accounts too). */
  onReset?: () => void;
  /** After every successful pull (the accounts importer starts or resumes here). */
  afterPull?: () => void;
  /**
   * Store key rotation: `onAdded` runs after a page brings a key `known()` did not list (the accounts
   * import restarts so hashes move to the new key; old-key hashes keep lookups working meanwhile).
   */
  storeKeys?: { known(): string[]; onAdded(keyIds: string[]): void };
}

export function createPuller(deps: PullerDeps) {
  const pageSize = deps.pageSize ?? 1000;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function pullAll(): Promise<number> {
    let applied = 0;
    if (deps.applier.cursor() === undefined) {
      const snap = await deps.hq.configSnapshot();
      deps.applier.applyConfigSnapshot(snap);
      deps.logger.info({ cursor: snap.snapshotCursor, plans: snap.plans.length, clerks: snap.clerks.length }, 'config snapshot applied');
    }
    for (;;) {
      const cursor = deps.applier.cursor() ?? 0;
      const page = await deps.hq.changes(cursor, pageSize);
      if (page.resetRequired) {
        deps.logger.warn({ cursor }, 'HQ asks for a new snapshot');
        deps.onReset?.();
        deps.applier.applyConfigSnapshot(await deps.hq.configSnapshot());
        continue;
      }
      const known = deps.storeKeys ? new Set(deps.storeKeys.known()) : null;
      deps.applier.applyChanges(page.changes, page.cursor);
      applied += page.changes.length;
      const added: string[] = [];
      for (const c of page.changes) {
        if (known && c.kind === 'storeKey' && c.op === 'upsert' && !known.has(c.data.keyId)) added.push(c.data.keyId);
      }
      if (added.length > 0) {
        deps.logger.info({ keyIds: added }, 'new store key: re-importing account hashes');
        deps.storeKeys?.onAdded(added);
      }
      if (!page.hasMore) break;
    }
    return applied;
  }

  function pullNow(): Promise<number> {
    running ??= pullAll()
      .then((n) => {
        deps.state.markSuccess('pull');
        if (n > 0) deps.logger.info({ applied: n }, 'changes pulled');
        deps.afterPull?.();
        return n;
      })
      .catch((err: unknown) => {
        const refusedBefore = deps.state.snapshot().tokenRefused;
        deps.state.markFailure('pull', err);
        if (!refusedBefore && deps.state.snapshot().tokenRefused) {
          deps.logger.error({ hq: deps.hq.baseUrl, err: (err as Error).message }, "HQ refused this terminal's token (401/403): check COUNTER_HQ_TOKEN / hqToken in settings.json, or call IT for a new token");
        }
        deps.logger.warn({ err: (err as Error).message }, 'pull failed');
        throw err;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    pullNow,
    start(intervalMs: number): void {
      stopped = false;
      const tick = () => {
        pullNow()
          .catch(() => undefined)
          .finally(() => {
            if (stopped) return;
            timer = setTimeout(tick, intervalMs);
            timer.unref();
          });
      };
      tick();
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
export type Puller = ReturnType<typeof createPuller>;
