import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

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
});
