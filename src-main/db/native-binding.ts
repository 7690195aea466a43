import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is native: Node and Electron need builds for different ABIs. The Node build stays in
 * node_modules (tests, HQ, web mode); `npm start` builds an Electron copy into
 * `.cache/native/electron-<modules>-<platform>-<arch>/better_sqlite3.node` (scripts/ensure-electron-native.mjs),
 * and the Electron main process points better-sqlite3 at it. A packaged app has its own rebuilt copy
 * (electron-builder) and uses the default.
 */
export function electronNativeDir(appRoot: string, modulesVersion: string): string {
  return path.join(appRoot, '.cache', 'native', `electron-${modulesVersion}-${process.platform}-${process.arch}`);
}

export function resolveNativeBinding(): string | undefined {
  const explicit = process.env.COUNTER_SQLITE_BINDING;
  if (explicit) return explicit;
  if (!process.versions.electron) return undefined;
  const appRoot = process.env.COUNTER_APP_ROOT;
  if (!appRoot) return undefined;
  const file = path.join(electronNativeDir(appRoot, process.versions.modules), 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
