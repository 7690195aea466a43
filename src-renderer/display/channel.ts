/**
 * The customer-facing display (客显) mirrors the sale on the counter. The counter window publishes
 * what the customer may see over a BroadcastChannel (same origin: the web-mode page at `/?display`,
 * or the Electron window on the second screen); nothing else leaves the counter window, and the
 * display calls no terminal method at all. Only the masked name is in it, never the ID number.
 */
export interface DisplaySale {
  customer: string;
  planZh: string;
  planEn: string;
  termMonths: number;
  newExpiry: string;
  dueFen: number;
  paidFen: number;
  changeFen: number;
}
export type DisplayState = { kind: 'idle' } | ({ kind: 'sale' } & DisplaySale) | ({ kind: 'thanks' } & DisplaySale);
export type DisplayMessage = { type: 'state'; state: DisplayState; lang: string } | { type: 'hello' };

export const DISPLAY_CHANNEL = 'counter-customer-display';

let channel: BroadcastChannel | null = null;
let current: { state: DisplayState; lang: string } = { state: { kind: 'idle' }, lang: 'zh-CN' };

function open(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(DISPLAY_CHANNEL);
  // a display opened (or reloaded) later asks for what is on the counter now
  channel.onmessage = (e: MessageEvent<DisplayMessage>) => {
    if (e.data?.type === 'hello') channel?.postMessage({ type: 'state', ...current } satisfies DisplayMessage);
  };
  return channel;
}

/** Called by the counter window whenever what the customer should see changes. */
export function publishDisplay(state: DisplayState, lang: string): void {
  current = { state, lang };
  open()?.postMessage({ type: 'state', state, lang } satisfies DisplayMessage);
}
