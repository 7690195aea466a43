import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, ipcChannel } from '../../src-shared/contract/method-names';
import type { SessionSlot } from '../../src-shared/contract';
import type { Dispatch } from './dispatch';

/** Only our own page may call: its frame URL must be the app's renderer file. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  try {
    const url = new URL(frame.url);
    const expected = new URL(rendererUrl);
    return url.protocol === expected.protocol && url.host === expected.host && url.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/**
 * Electron transport: one `ipcMain.handle` per contract method, all through the same dispatch. The
 * session secret of a sign-in stays here, in the main process, keyed by the window (webContents) that
 * signed in: the renderer never sees it, and no other window or frame holds it (issue 10 item 10).
 */
export function registerIpcHandlers(ipcMain: IpcMain, dispatch: Dispatch, rendererUrl: string): void {
  const slots = new WeakMap<object, SessionSlot>();
  const slotOf = (sender: object): SessionSlot => {
    let slot = slots.get(sender);
    if (!slot) slots.set(sender, (slot = { secret: null }));
    return slot;
  };
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event, rendererUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors:forbiddenSender' } };
      }
      return dispatch(name, input, { transport: 'ipc', session: slotOf(event.sender) });
    });
  }
}
