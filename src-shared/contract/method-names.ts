/**
 * The method names alone, with no schemas, so the Electron preload can expose one named function per
 * method without bundling zod. A unit test keeps this list equal to the keys of `contract`.
 */
export const METHOD_NAMES = [
  'system.health',
  'system.ping',
  'system.status',
  'system.rendererError',
  'auth.listClerks',
  'auth.signIn',
  'auth.signOut',
  'auth.session',
  'lookup.find',
  'lookup.findById',
  'lookup.state',
  'lookup.unlock',
  'sales.plans',
  'sales.quote',
  'sales.confirm',
  'sales.list',
  'sales.get',
  'sales.void',
  'sales.retryRefund',
  'payments.availability',
  'payments.status',
  'payments.cancel',
  'printer.status',
  'printer.jobs',
  'printer.retryJob',
  'printer.cancelJob',
  'printer.testPrint',
  'printer.preview',
  'printer.settings',
  'printer.updateSettings',
  'sales.reprint',
  'sync.now',
  'sync.details',
  'sync.requeueDead',
  'auth.unlockClerk',
  'auth.lock',
  'auth.lockState',
  'shift.current',
  'shift.open',
  'shift.cashMovement',
  'shift.close',
  'day.count',
  'day.zReport',
  'day.close',
  'day.reprintZ',
  'day.printX',
  'shift.noSale',
  'ledger.restoreBackup',
  'ledger.reenrol',
  'settings.get',
  'settings.update',
  'settings.testHq',
  'settings.checkUpdates',
  'ledger.hqBackups',
  'ledger.restoreFromHq',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** The IPC channel of a method. */
export function ipcChannel(name: MethodName): string {
  return `counter:${name}`;
}
