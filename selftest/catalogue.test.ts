import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../reference-server/src/faults.ts';
import { CATALOGUE } from './catalogue.ts';
import { FAULT_CATALOGUE_DOC, renderCatalogue } from './catalogue-doc.ts';

describe('fault catalogue', () => {
  it('names only faults the reference server knows, each once', () => {
    const named = CATALOGUE.flatMap((entry) => entry.fault.split(','));
    const known = new Set<string>(FAULT_NAMES);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });

  it('every fault entry names the test(s) that must fail; boundaries name none', () => {
    for (const entry of CATALOGUE) {
      if (entry.kind === 'fault') expect(entry.mustFail.length, entry.fault).toBeGreaterThan(0);
      else expect(entry.mustFail, entry.fault).toEqual([]);
    }
  });
});

describe('fault catalogue document', () => {
  it('docs/fault-catalogue.md is the rendering of the catalogue (run `npm run docs:faults`)', () => {
    expect(readFileSync(FAULT_CATALOGUE_DOC, 'utf8')).toBe(renderCatalogue());
  });
});
