import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, ipcChannel } from '../../src-shared/contract/method-names';
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

/** Electron transport: one `ipcMain.handle` per contract method, all through the same dispatch. */
export function registerIpcHandlers(ipcMain: IpcMain, dispatch: Dispatch, rendererUrl: string): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event, rendererUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors:forbiddenSender' } };
      }
      return dispatch(name, input, { transport: 'ipc' });
    });
  }
}
