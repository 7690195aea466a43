import type { HandlersOf, ledgerMethods } from '../../src-shared/contract';
import type { LedgerGuard } from '../services/ledger';

/** The restore screen's two actions (issue 10 item 5). */
export function ledgerHandlers(ledger: LedgerGuard): HandlersOf<typeof ledgerMethods> {
  return {
    'ledger.restoreBackup': async (input) => ({ ledger: await ledger.restoreNewestBackup(input.supervisorCode, input.pin) }),
    'ledger.reenrol': async (input) => ({ ledger: await ledger.reenrol(input.supervisorCode, input.pin) }),
    'ledger.hqBackups': async () => ({ backups: await ledger.listHqBackups() }),
    'ledger.restoreFromHq': async (input) => ({ ledger: await ledger.restoreFromHq(input.backupId ?? null, input.supervisorCode, input.pin) }),
  };
}
