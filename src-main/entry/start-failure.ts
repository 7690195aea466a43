import { AppError } from '../../src-shared/contract/errors';
import { diskFullError, isStorageError } from '../../src-node/db/storage-errors';
import { englishMessage } from '../english-message';

/** One English sentence for a start-up failure: the cause and what to do next (stderr and the log). */
export function describeStartFailure(err: unknown, dataDir: string): string {
  if (err instanceof AppError) return englishMessage(err.toShape());
  if (isStorageError(err)) return englishMessage(diskFullError(dataDir, err).toShape());
  const e = err as NodeJS.ErrnoException;
  const first = (e.message || String(err)).split('\n')[0];
  if (e.code === 'EADDRINUSE') return `${first}. Another program (or another Counter Terminal) uses the port: stop it or set COUNTER_PORT.`;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `${first}. The terminal may not write there: fix the folder's permissions or set COUNTER_DATA_DIR, or call IT.`;
  return `${first}. See the log in ${dataDir}/logs for details, or call IT.`;
}
