import type { KvRepo } from '../db/repos/kv-repo';
import { offlineReasonFor, type OfflineReason } from '../../src-shared/domain/hq-retry-policy';
import { HqError } from './hq-client';

export const KV_LAST_HQ_CONTACT = 'hq.lastSuccessAt';

/**
 * The two ways the terminal talks to HQ: `push` (the outbox) and `pull` (changes, snapshots, and account
 * lookups — HQ answering a read).
 */
export type HqChannel = 'push' | 'pull';

interface ChannelState {
  ok: boolean;
  reason: OfflineReason | null;
  error: string | null;
  at: number;
}

/**
 * Whether HQ accepted what we last sent and asked (issue 10 item 6): "online" means the latest push and
 * the latest pull were both answered properly (a channel not used yet does not count against it, but at
 * least one must have been). A 5xx, a network error, a timeout or a 200 whose body is not a valid answer
 * is a failure with a reason the status bar translates. Shown on the status bar and used by the offline
 * limits; `onContact` listeners hear every accepted call (the outbox wakes on a pull that worked).
 */
export function createSyncState(kv: KvRepo, now: () => Date = () => new Date()) {
  const channels: Record<HqChannel, ChannelState | null> = { push: null, pull: null };
  // HQ answered 401/403: this terminal's token is wrong or revoked (a status-bar fault until HQ accepts us)
  let tokenRefused = false;
  let tick = 0;
  const listeners = new Set<(channel: HqChannel, recovered: boolean) => void>();

  function failing(): ChannelState | null {
    const bad = [channels.push, channels.pull].filter((c): c is ChannelState => c !== null && !c.ok);
    return bad.sort((a, b) => b.at - a.at)[0] ?? null;
  }

  return {
    /** HQ accepted a call on `channel` (tests that only need "HQ was reached" may leave it: a pull). */
    markSuccess(channel: HqChannel = 'pull'): void {
      const recovered = channels[channel]?.ok === false;
      channels[channel] = { ok: true, reason: null, error: null, at: ++tick };
      tokenRefused = false;
      kv.set(KV_LAST_HQ_CONTACT, now().toISOString());
      for (const l of listeners) l(channel, recovered);
    },
    markFailure(channel: HqChannel, err: unknown): void {
      const hq = err instanceof HqError ? err : null;
      channels[channel] = {
        ok: false,
        reason: offlineReasonFor(hq ? hq.status : null, hq ? hq.code : null),
        error: hq ? hq.code : err instanceof Error ? err.message : String(err),
        at: ++tick,
      };
      if (hq && hq.status !== null) tokenRefused = hq.status === 401 || hq.status === 403;
    },
    /** Nothing is left to send on `channel` (the outbox is empty): its old failure no longer says anything about HQ. */
    forgetFailure(channel: HqChannel): void {
      if (channels[channel]?.ok === false) channels[channel] = null;
    },
    /** `fn(channel, recovered)` after each accepted call; `recovered`: that channel's previous call had failed. */
    onContact(fn: (channel: HqChannel, recovered: boolean) => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    snapshot() {
      const bad = failing();
      const online = bad === null && (channels.push?.ok === true || channels.pull?.ok === true);
      return {
        online,
        /** Why not online (null when online, or before the first call to HQ has ended). */
        offlineReason: bad?.reason ?? null,
        lastError: bad?.error ?? null,
        tokenRefused,
        lastSuccessAt: kv.get<string>(KV_LAST_HQ_CONTACT) ?? null,
      };
    },
  };
}
export type SyncState = ReturnType<typeof createSyncState>;
