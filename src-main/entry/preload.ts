import { contextBridge, ipcRenderer } from 'electron';
import { METHOD_NAMES, ipcChannel, type MethodName } from '../../src-shared/contract/method-names';

/**
 * One named function per contract method, nothing else: the page never sees ipcRenderer.
 * Exposed as `window.counterApi['auth.signIn'](input)`.
 */
const api = Object.freeze(
  Object.fromEntries(
    METHOD_NAMES.map((name: MethodName) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
  ),
);

contextBridge.exposeInMainWorld('counterApi', api);
