import type { KvRepo } from '../db/repos/kv-repo';
import { HqError } from './hq-client';

export const KV_LAST_HQ_CONTACT = 'hq.lastSuccessAt';

/** Whether HQ answered lately, and when it last did: shown on the status bar and used by offline limits. */
export function createSyncState(kv: KvRepo, now: () => Date = () => new Date()) {
  let online = false;
  let lastError: string | null = null;
  // HQ answered 401/403: this terminal's token is wrong or revoked (a status-bar fault until HQ accepts us)
  let tokenRefused = false;
  return {
    markSuccess(): void {
      online = true;
      lastError = null;
      tokenRefused = false;
      kv.set(KV_LAST_HQ_CONTACT, now().toISOString());
    },
    markFailure(err: unknown): void {
      online = false;
      lastError = err instanceof HqError ? err.code : err instanceof Error ? err.message : String(err);
      if (err instanceof HqError && err.status !== null) tokenRefused = err.status === 401 || err.status === 403;
    },
    snapshot() {
      return { online, lastError, tokenRefused, lastSuccessAt: kv.get<string>(KV_LAST_HQ_CONTACT) ?? null };
    },
  };
}
export type SyncState = ReturnType<typeof createSyncState>;
