import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';
import { parityOptions } from './profiles.ts';

const TODAY = '2026-01-15';

describe('parity profiles', () => {
  it('ignore the descriptive meta (source, filters echo) but compare meta.cutoff', () => {
    const v1 = { total: 5, meta: { source: 'api-v1', cutoff: '01/2026', filters: { un: [] } } };
    const legacy = { total: 5, meta: { source: 'api', cutoff: '01/2026', filters: { un: ['A'] } } };
    expect(compare(v1, legacy, parityOptions('portfolio', { today: TODAY })).verdict).toBe('pass');
    const laterCutoff = { ...legacy, meta: { ...legacy.meta, cutoff: '02/2026' } };
    const report = compare(v1, laterCutoff, parityOptions('portfolio', { today: TODAY }));
    expect(report.verdict).toBe('fail');
    expect(report.drifts.map((drift) => drift.path)).toEqual(['meta.cutoff']);
  });

  it('brokers: v1 meta has no legacy counterpart and is not reported one-sided', () => {
    const summary = { totalContracts: 2, totalSupervisors: 1 };
    const report = compare(
      { rows: [], summary, meta: { source: 'api-v1', cutoff: null } },
      { rows: [], summary },
      parityOptions('brokers', { today: TODAY }),
    );
    expect(report).toMatchObject({ verdict: 'pass', onlyInV1: [], numericCompared: 2 });
  });

  it("keeps the caller's exclusions next to the profile's", () => {
    const options = parityOptions('rendimiento', { exclude: ['byGestion'] });
    expect(options.exclude).toEqual(['meta.source', 'meta.filters', 'byGestion']);
    expect(options.endpoint).toBe('rendimiento');
  });
});
