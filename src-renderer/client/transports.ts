import type { Transport } from '../../src-shared/contract';
import type { Envelope } from '../../src-shared/contract/errors';

type CounterApi = Record<string, (input: unknown) => Promise<Envelope<unknown>>>;

declare global {
  interface Window {
    counterApi?: CounterApi;
  }
}

/** Electron: the preload's named functions. */
export function ipcTransport(api: CounterApi): Transport {
  return {
    call(name, input) {
      const fn = api[name];
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', messageKey: 'errors:unknownMethod', params: { name } } });
      return fn(input);
    },
  };
}

const TOKEN_KEY = 'counter-token';

/** Kiosk/web: the launch URL carries `#token=…`; keep it for this tab and take it out of the address bar. */
export function takeLaunchToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function webTransport(token: string): Transport {
  return {
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-counter-token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', messageKey: 'errors:connectionLost' } };
      }
      try {
        return (await res.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', messageKey: 'errors:connectionLost' } };
      }
    },
  };
}
