import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// the snippets are not files of a tsconfig: the type-aware rules (and their parser project) are off here
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  ],
});

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layer lint rule', () => {
  it('stops src-shared importing node built-ins, electron, better-sqlite3, React and other layers', async () => {
    expect(await layerErrors('src-shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import path from 'path';\nexport const a = path;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import D from 'better-sqlite3';\nexport const a = D;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import { useState } from 'react';\nexport const a = useState;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import { x } from '../src-main/app';\nexport const a = x;")).toHaveLength(1);
  });

  it('stops src-renderer importing src-main, src-hq or Node', async () => {
    expect(await layerErrors('src-renderer/x.tsx', "import { x } from '../src-main/app';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-renderer/x.tsx', "import { x } from '../src-hq/server';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-renderer/x.tsx', "import fs from 'node:fs';\nexport const a = fs;")).toHaveLength(1);
    expect(await layerErrors('src-renderer/x.tsx', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;")).toHaveLength(1);
  });

  it('allows what the layers may use', async () => {
    expect(await layerErrors('src-shared/x.ts', "import { z } from 'zod';\nimport { a } from './y';\nexport const b = [z, a];")).toEqual([]);
    expect(await layerErrors('src-renderer/x.tsx', "import { useState } from 'react';\nimport { contract } from '../src-shared/contract';\nexport const a = [useState, contract];")).toEqual([]);
    expect(await layerErrors('src-main/x.ts', "import fs from 'node:fs';\nimport { contract } from '../src-shared/contract';\nexport const a = [fs, contract];")).toEqual([]);
  });

  it('stops src-main importing the renderer', async () => {
    expect(await layerErrors('src-main/x.ts', "import { App } from '../src-renderer/App';\nexport const a = App;")).toHaveLength(1);
  });

  it('keeps src-main and src-hq apart: each imports src-node and src-shared, never the other', async () => {
    expect(await layerErrors('src-main/x.ts', "import { startHq } from '../src-hq/server';\nexport const a = startHq;")).toHaveLength(1);
    expect(await layerErrors('src-main/x.ts', "export const a = () => import('../src-hq/server');")).toHaveLength(1);
    expect(await layerErrors('src-hq/x.ts', "import { openDatabase } from '../src-main/db/terminal-db';\nexport const a = openDatabase;")).toHaveLength(1);
    expect(await layerErrors('src-main/x.ts', "import { openDatabase } from '../src-node/db/connection';\nexport const a = openDatabase;")).toEqual([]);
    expect(await layerErrors('src-hq/x.ts', "import { hashPin } from '../src-node/crypto/pin-hash';\nexport const a = hashPin;")).toEqual([]);
  });

  it('keeps src-node below the apps: src-shared only, no electron, no React', async () => {
    expect(await layerErrors('src-node/x.ts', "import { x } from '../src-main/app';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-node/x.ts', "import { x } from '../src-hq/server';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-node/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
    expect(await layerErrors('src-node/x.ts', "import fs from 'node:fs';\nimport { z } from '../src-shared/x';\nexport const a = [fs, z];")).toEqual([]);
    expect(await layerErrors('src-shared/x.ts', "import { x } from '../src-node/net/backoff';\nexport const a = x;")).toHaveLength(1);
  });

  it('stops src-renderer importing src-node', async () => {
    expect(await layerErrors('src-renderer/x.tsx', "import { x } from '../src-node/net/backoff';\nexport const a = x;")).toHaveLength(1);
  });

  it('keeps tools/ and test-support/ out of product code; tests and the tools themselves may use them', async () => {
    expect(await layerErrors('src-main/x.ts', "import { x } from '../tools/virtual-printer/server';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-main/x.ts', "import { x } from '../test-support/hq';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-hq/x.ts', "import { x } from '../test-support/hq';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-node/x.ts', "import { x } from '../tools/demo/services';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', "import { x } from '../test-support/receipt-fixtures';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('src-main/x.test.ts', "import { x } from '../test-support/hq';\nimport { y } from '../tools/virtual-printer/server';\nexport const a = [x, y];")).toEqual([]);
    expect(await layerErrors('src-main/x.test.ts', "import { x } from '../src-hq/server';\nexport const a = x;")).toHaveLength(1);
    expect(await layerErrors('tools/demo/x.ts', "import { x } from '../../src-hq/server';\nimport { y } from '../../src-main/runtime';\nexport const a = [x, y];")).toEqual([]);
    expect(await layerErrors('test-support/x.ts', "import { x } from '../src-hq/server';\nimport { y } from '../src-main/app';\nexport const a = [x, y];")).toEqual([]);
  });
});
