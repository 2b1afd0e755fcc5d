import { describe, expect, it } from 'vitest';
import { batchEnv, batchesOf } from './batches.ts';

const run = (name: string, env: Record<string, string> = {}) => ({
  name,
  env: { REFERENCE_FAULTS: name, ...env },
});

describe('fault batches', () => {
  it('groups runs whose environments differ only in their faults', () => {
    const batches = batchesOf([
      run('a'),
      run('b', { PARITY_SOURCE: 'live' }),
      run('c'),
      run('d', { PARITY_SOURCE: 'live' }),
    ]);
    expect(batches.map((batch) => batch.map((entry) => entry.name))).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
  });

  it('cuts a group into batches of nearly equal size, none over the maximum', () => {
    const runs = Array.from({ length: 13 }, (_, index) => run(`f${index}`));
    const sizes = batchesOf(runs, 6).map((batch) => batch.length);
    expect(sizes).toEqual([5, 5, 3]);
    expect(
      batchesOf(runs, 6)
        .flat()
        .map((entry) => entry.name),
    ).toEqual(runs.map((entry) => entry.name));
  });

  it("runs a batch without any one run's faults", () => {
    expect(batchEnv(run('a', { E2E_ACCESS_TTL_S: '2' }))).toEqual({ E2E_ACCESS_TTL_S: '2' });
  });
});
