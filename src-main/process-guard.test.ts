import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real Node process with the guard: a throw in a timer and a rejected promise, then it must still run. */
function runChild(withGuard: boolean): { status: number | null; stdout: string } {
  const entry = path.join(dir, `child-${withGuard}.ts`);
  fs.writeFileSync(
    entry,
    [
      `import { installProcessGuard } from ${JSON.stringify(path.resolve(import.meta.dirname, 'process-guard.ts'))};`,
      `if (${withGuard}) installProcessGuard({ error: (obj, msg) => console.log('LOGGED', msg, String((obj as { err?: unknown }).err)) });`,
      `setTimeout(() => { throw new Error('boom in a timer'); }, 10);`,
      `setTimeout(() => void Promise.reject(new Error('rejected in a timer')), 20);`,
      `setTimeout(() => { console.log('STILL SERVING'); process.exit(0); }, 200);`,
    ].join('\n'),
  );
  const out = path.join(dir, `child-${withGuard}.cjs`);
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  const r = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
}

describe('process guard (web mode)', () => {
  it('without it, a stray throw ends the process (the check is real)', () => {
    const r = runChild(false);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('STILL SERVING');
  });

  it('with it, an uncaught exception and an unhandled rejection are logged and the process keeps running', () => {
    const r = runChild(true);
    expect(r.stdout).toContain('LOGGED uncaught exception; kept serving Error: boom in a timer');
    expect(r.stdout).toContain('LOGGED unhandled promise rejection; kept serving Error: rejected in a timer');
    expect(r.stdout).toContain('STILL SERVING');
    expect(r.status).toBe(0);
  });
});
