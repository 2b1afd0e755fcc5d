// The committed second dataset is what its generator writes, loads cleanly, and shares no period,
// UN or supervisor with the golden dataset (so no probe fitted to the golden data finds anything).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataset, SECOND_DATASET } from './generate-dataset.ts';
import { loadDataset } from './load.ts';

const GOLDEN = 'fixtures/datasets/golden';

describe('the second dataset', () => {
  const generated = generateDataset(SECOND_DATASET.seed);

  it('is exactly what the generator writes for its seed (npm run dataset:generate)', () => {
    for (const [file, text] of Object.entries(generated.files)) {
      expect(readFileSync(path.join(SECOND_DATASET.dir, file), 'utf8'), file).toBe(text);
    }
    expect(generateDataset(SECOND_DATASET.seed)).toEqual(generated);
    expect(generateDataset(SECOND_DATASET.seed + 1).files['cartera.csv']).not.toBe(
      generated.files['cartera.csv'],
    );
  });

  it('loads without row warnings and shares no year, UN or supervisor with the golden dataset', () => {
    const second = loadDataset(SECOND_DATASET.dir);
    const golden = loadDataset(GOLDEN);
    expect(second.warnings).toEqual([]);
    expect(second.cartera.length).toBeGreaterThan(500);
    const overlap = (pick: (d: typeof second) => Iterable<string>) => {
      const goldenValues = new Set(pick(golden));
      return [...new Set(pick(second))].filter((value) => goldenValues.has(value));
    };
    expect(overlap((d) => d.cartera.map((row) => row.year))).toEqual([]);
    expect(overlap((d) => d.cartera.map((row) => row.un))).toEqual([]);
    expect(overlap((d) => [...d.contracts.values()].map((contract) => contract.supervisor))).toEqual([]);
    // Both categories and several tramos, so the mora and categoria checks have something to judge.
    expect(new Set(second.cartera.map((row) => row.tramo <= 3))).toEqual(new Set([true, false]));
  });
});
