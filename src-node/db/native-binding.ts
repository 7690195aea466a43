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

export interface BuildFacts {
  nodeEnv: string | undefined;
  /** process.versions.electron */
  electron: string | undefined;
  /** process.defaultApp: true when Electron runs an app folder given on its command line (`electron <repo>`). */
  defaultApp: boolean | undefined;
  /** The running bundle's folder (inside app.asar in a packaged app). */
  dirname: string;
}

/**
 * A development build: run from a source checkout, never a packaged app, never NODE_ENV=production.
 * In Electron, packaged = not Electron's default app (`npm start` runs `electron <repo>`, which sets
 * process.defaultApp) or a bundle inside app.asar; in Node (web mode, tests) only NODE_ENV decides,
 * so a kiosk started with NODE_ENV=production ignores the developer overrides too.
 */
export function isDevelopmentBuild(facts: BuildFacts = currentBuildFacts()): boolean {
  if (facts.nodeEnv === 'production') return false;
  if (facts.dirname.split(/[\\/]/).includes('app.asar')) return false;
  if (facts.electron !== undefined && facts.defaultApp !== true) return false;
  return true;
}

function currentBuildFacts(): BuildFacts {
  // __dirname exists in the CommonJS bundles (dist/); ESM loaders (Playwright, scripts) have none
  const dirname = typeof __dirname === 'string' ? __dirname : '';
  return { nodeEnv: process.env.NODE_ENV, electron: process.versions.electron, defaultApp: process.defaultApp, dirname };
}

/**
 * Which better_sqlite3.node to load. The developer overrides — COUNTER_SQLITE_BINDING (a path to any native
 * library, loaded into the process) and COUNTER_APP_ROOT's `.cache/native` copy — count only in a
 * development build (issue 10, item 7); a packaged or production build always uses its own copy.
 */
export function resolveNativeBinding(): string | undefined {
  if (!isDevelopmentBuild()) return undefined;
  const explicit = process.env.COUNTER_SQLITE_BINDING;
  if (explicit) return explicit;
  if (!process.versions.electron) return undefined;
  const appRoot = process.env.COUNTER_APP_ROOT;
  if (!appRoot) return undefined;
  const file = path.join(electronNativeDir(appRoot, process.versions.modules), 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
