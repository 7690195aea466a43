import { describe, expect, it } from 'vitest';
import { contract } from './methods';
import { METHOD_NAMES } from './method-names';

describe('contract', () => {
  it('lists every method name the preload exposes, and no other', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('has strict input schemas (unknown keys are refused)', () => {
    for (const [name, spec] of Object.entries(contract)) {
      const r = spec.input.safeParse({ __unexpected: 1 });
      expect(r.success, name).toBe(false);
    }
  });
});
