import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-config-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('COUNTER_CACHE_MMAP_MB: a whole number of MiB (0 = off); anything else stops the start, naming it', () => {
  expect(() => loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_CACHE_MMAP_MB: '0' })).not.toThrow();
  expect(() => loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_CACHE_MMAP_MB: '256' })).not.toThrow();
  for (const bad of ['-1', 'lots', '1.5']) {
    let caught: unknown;
    try {
      loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_CACHE_MMAP_MB: bad });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain('COUNTER_CACHE_MMAP_MB');
  }
});
