import { safeStorage } from 'electron';
import { fileModeSealer, type Sealer } from '../enrolment/enrolment-store';
import type { Logger } from '../logger';

/**
 * The Electron app seals its enrolment with `safeStorage` (DPAPI on Windows, the Keychain on macOS, libsecret or
 * KWallet on a Linux desktop). Where it has no real key store — a Linux session without a keyring, where
 * Electron falls back to a hard-coded password (`basic_text`) — sealing would only look safe: the enrolment is
 * kept as web mode keeps it (a 0600 file), and the log says so.
 */
export async function electronSealer(logger: Logger): Promise<Sealer> {
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!available || backend === 'basic_text' || backend === 'unknown') {
    logger.warn({ available, backend }, 'safeStorage has no OS key store here: the enrolment is kept in a file only this user can read (0600)');
    return fileModeSealer;
  }
  return {
    protection: 'safeStorage',
    seal: (text) => safeStorage.encryptStringAsync(text),
    open: async (data) => (await safeStorage.decryptStringAsync(data)).result,
  };
}
