import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toleranceFor, withinTolerance } from '../contract/tolerances.ts';
import { compare, type Drift, describeDrift, groupByRow, learnNoise } from './compare.ts';
import type { Deviation } from './deviations.ts';
import { parityOptions } from './profiles.ts';

interface GoldenCase {
  case: string;
  path: string;
  response: unknown;
}

const golden: GoldenCase[] = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
);

function goldenResponse(name: string): Record<string, unknown> {
  const found = golden.find((entry) => entry.case === name);
  if (!found) throw new Error(`golden case ${name} missing`);
  return structuredClone(found.response) as Record<string, unknown>;
}

// The comparison mechanics below are shown with the runbook's single tolerance on made-up paths;
// the declared kinds are shown on the golden payloads.
const RUNBOOK = { tolerance: { mode: 'runbook', absTol: 1, relTol: 0.01 } } as const;
const TODAY = '2026-04-01';

describe('tolerance: |a - b| <= 1.0 + 0.01 * max(1, |a|, |b|)', () => {
  it('computes the allowed difference', () => {
    expect(toleranceFor(1000, 1011)).toBeCloseTo(11.11, 10);
    expect(toleranceFor(0, 0)).toBeCloseTo(1.01, 10);
    expect(toleranceFor(-500, 10)).toBeCloseTo(6, 10);
    expect(toleranceFor(100, 100, 0, 0)).toBe(0);
  });

  it('accepts up to the boundary and refuses just past it', () => {
    expect(withinTolerance(1000, 1011)).toBe(true); // 11 <= 11.11
    expect(withinTolerance(1000, 1012)).toBe(false); // 12 > 11.12
    expect(withinTolerance(0, 1)).toBe(true); // 1 <= 1.01
    expect(withinTolerance(0, 2.1)).toBe(false); // 2.1 > 1.021
  });
});

describe('compare', () => {
  it('passes identical payloads and counts every compared leaf', () => {
    const legacy = goldenResponse('summary_un_odontologia');
    const report = compare(structuredClone(legacy), legacy, { endpoint: 'portfolio', today: TODAY });
    // 7 numbers (total, vigente, moroso, cobrador, debito, totalDebt, totalPaid)
    // + meta.source, meta.cutoff, meta.filters.un[0]
    expect(report).toMatchObject({
      comparedCount: 10,
      numericCompared: 7,
      matches: 10,
      verdict: 'pass',
      reasons: [],
    });
    expect(report.drifts).toEqual([]);
  });

  it('fails with "nothing comparable" when the legacy payload is empty, never passes', () => {
    const v1 = goldenResponse('summary_un_odontologia');
    const report = compare(v1, {}, { ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('fail');
    expect(report.numericCompared).toBe(0);
    expect(report.reasons[0]).toMatch(/^nothing comparable/);
    expect(report.onlyInV1).toHaveLength(10);
  });

  it('fails when both sides are empty or only strings match', () => {
    expect(compare({}, {}, { ...RUNBOOK, today: TODAY }).verdict).toBe('fail');
    const stringsOnly = compare(
      { meta: { cutoff: 'x' } },
      { meta: { cutoff: 'x' } },
      { ...RUNBOOK, today: TODAY },
    );
    expect(stringsOnly).toMatchObject({ verdict: 'fail', comparedCount: 1, numericCompared: 0, matches: 1 });
    expect(stringsOnly.reasons).toHaveLength(1);
    expect(stringsOnly.reasons[0]).toMatch(/^nothing comparable/);
  });

  it('reports a drift past tolerance with both values, differences and the tolerance', () => {
    // 2% off on total: |2248 - 2204| = 44 > 1 + 0.01 * 2248 = 23.48
    const report = compare(
      { total: 2248, moroso: 212 },
      { total: 2204, moroso: 212 },
      { ...RUNBOOK, today: TODAY },
    );
    expect(report.verdict).toBe('fail');
    expect(report.matches).toBe(1);
    expect(report.drifts).toHaveLength(1);
    const [drift] = report.drifts;
    expect(drift?.path).toBe('total');
    expect(drift?.v1).toBe(2248);
    expect(drift?.legacy).toBe(2204);
    expect(drift?.absDiff).toBe(44);
    expect(drift?.tolerance).toBeCloseTo(23.48, 10);
    expect(drift?.relDiff).toBeCloseTo(44 / 2248, 12);
    expect(report.reasons[0]).toContain('total: v1=2248 legacy=2204 |diff|=44 > tolerance 23.48');
  });

  it('passes a 0.5% difference (the boundary fault that must stay green)', () => {
    // |2215 - 2204| = 11 <= 1 + 0.01 * 2215 = 23.15
    const report = compare({ total: 2215 }, { total: 2204 }, { ...RUNBOOK, today: TODAY });
    expect(report).toMatchObject({ verdict: 'pass', matches: 1, numericCompared: 1 });
  });

  it('honours configured tolerances', () => {
    const runbook = { mode: 'runbook', absTol: 0, relTol: 0.05 } as const;
    expect(compare({ n: 105 }, { n: 100 }, { tolerance: runbook, today: TODAY }).verdict).toBe('pass');
    expect(compare({ n: 106 }, { n: 100 }, { tolerance: runbook, today: TODAY }).verdict).toBe('fail');
  });

  it('treats a different string or a changed type at the same path as a drift', () => {
    const report = compare(
      { n: 1, cutoff: '02/2026', count: '5' },
      { n: 1, cutoff: '03/2026', count: 5 },
      { ...RUNBOOK, today: TODAY },
    );
    expect(report.drifts).toEqual([
      {
        path: 'cutoff',
        v1: '02/2026',
        legacy: '03/2026',
        kind: null,
        absDiff: null,
        relDiff: null,
        tolerance: null,
      },
      { path: 'count', v1: '5', legacy: 5, kind: null, absDiff: null, relDiff: null, tolerance: null },
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('fails on paths present on one side only and lists them', () => {
    const report = compare({ a: 1, extra: 2 }, { a: 1, missing: 3 }, { ...RUNBOOK, today: TODAY });
    expect(report.onlyInV1).toEqual(['extra']);
    expect(report.onlyInLegacy).toEqual(['missing']);
    expect(report.verdict).toBe('fail');
    expect(report.reasons).toEqual(['1 path(s) only in v1: extra', '1 path(s) only in legacy: missing']);
  });

  it('excludes volatile fields by default, and compares them when volatile is emptied', () => {
    const v1 = { n: 1, meta: { signature: 'aaa', generated_at: '2026-01-01T00:00:00Z' } };
    const legacy = { n: 1, meta: { signature: 'bbb', generated_at: '2026-02-02T00:00:00Z' } };
    const report = compare(v1, legacy, { ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('pass');
    expect(report.excluded).toEqual(['meta.signature', 'meta.generated_at']);
    expect(compare(v1, legacy, { volatile: [], ...RUNBOOK, today: TODAY }).drifts).toHaveLength(2);
  });

  it('rewrites v1 paths to legacy paths and names both in a drift', () => {
    const options = { pathMap: { kpis: '', 'brokers.rows': 'rows' }, ...RUNBOOK, today: TODAY };
    expect(compare({ kpis: { total: 10 } }, { total: 10 }, options).verdict).toBe('pass');
    const report = compare({ kpis: { total: 50 } }, { total: 10 }, options);
    expect(report.drifts[0]).toMatchObject({ path: 'total', v1Path: 'kpis.total', v1: 50, legacy: 10 });
    expect(compare({ brokers: { rows: [{ n: 1 }] } }, { rows: [{ n: 1 }] }, options).verdict).toBe('pass');
  });

  it('fails when the path map sends two v1 paths to one legacy path', () => {
    const report = compare({ a: 1, b: 1 }, { a: 1 }, { pathMap: { b: 'a' }, ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('fail');
    expect(report.reasons.join('\n')).toContain(
      'pathMap maps several v1 paths to one legacy path: a and b -> a',
    );
  });

  it('acknowledges a drift matched by an active deviation and passes', () => {
    const deviations: Deviation[] = [
      { path: 'totalDebt', reason: 'rounding agreed with finance', until: '2026-06-30' },
    ];
    const report = compare(
      { n: 1, totalDebt: 500 },
      { n: 1, totalDebt: 100 },
      { deviations, ...RUNBOOK, today: TODAY },
    );
    expect(report.verdict).toBe('pass');
    expect(report.drifts).toEqual([]);
    expect(report.acknowledged).toHaveLength(1);
    expect(report.acknowledged[0]).toMatchObject({
      path: 'totalDebt',
      kind: 'drift',
      deviation: deviations[0],
    });
    expect(report.acknowledged[0]?.drift?.absDiff).toBe(400);
  });

  it('acknowledges one-sided paths, matching the v1 spelling too', () => {
    const deviations: Deviation[] = [{ path: 'v1only.**', reason: 'new v1 field', until: '2026-12-31' }];
    const report = compare({ n: 1, v1only: { x: 1 } }, { n: 1 }, { deviations, ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('pass');
    expect(report.acknowledged.map((entry) => [entry.kind, entry.path])).toEqual([['onlyInV1', 'v1only.x']]);
  });

  it('applies an endpoint-scoped deviation only to that endpoint', () => {
    const deviations: Deviation[] = [{ path: 'n', endpoint: 'mora', reason: 'known', until: '2026-12-31' }];
    expect(
      compare({ n: 9 }, { n: 1 }, { endpoint: 'mora', deviations, ...RUNBOOK, today: TODAY }).verdict,
    ).toBe('pass');
    expect(
      compare({ n: 9 }, { n: 1 }, { endpoint: 'brokers', deviations, ...RUNBOOK, today: TODAY }).verdict,
    ).toBe('fail');
  });

  it('fails on an expired deviation, even one that would have acknowledged the drift', () => {
    const deviations: Deviation[] = [{ path: 'n', reason: 'temporary', until: '2026-03-31' }];
    const report = compare({ n: 9, m: 1 }, { n: 1, m: 1 }, { deviations, ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('fail');
    expect(report.drifts).toHaveLength(1);
    expect(report.expiredDeviations).toHaveLength(1);
    expect(report.reasons.join('\n')).toContain(
      'expired on 2026-03-31 (today 2026-04-01; reason was: temporary)',
    );
    // still valid on its last day
    expect(
      compare({ n: 9, m: 1 }, { n: 1, m: 1 }, { deviations, ...RUNBOOK, today: '2026-03-31' }).verdict,
    ).toBe('pass');
  });
});

describe('groupByRow', () => {
  it('groups paths by the row identity they belong to, keeping other paths as they are', () => {
    expect(
      groupByRow(['rows[k="a"].x', 'extra', 'rows[k="a"].y', 'rows[k="b"].x', 'labels[labels="04/2025"]']),
    ).toEqual(['rows[k="a"] (2 fields)', 'extra', 'rows[k="b"] (1 field)', 'labels[labels="04/2025"]']);
  });
});

describe('learnNoise', () => {
  it('finds paths whose values differ between two legacy calls, or exist in one only', () => {
    const first = { total: 5, cache: { hits: 1 }, rows: [1], meta: { signature: 'a' } };
    const second = { total: 5, cache: { hits: 2 }, extra: true, meta: { signature: 'b' } };
    expect([...learnNoise(first, second)].sort()).toEqual(['cache.hits', 'extra', 'rows[0]']);
  });

  it('excludes noise from the comparison and reports it', () => {
    const noise = learnNoise({ total: 5, hits: 1 }, { total: 5, hits: 2 });
    const report = compare(
      { total: 5, hits: 99 },
      { total: 5, hits: 1 },
      { noise, ...RUNBOOK, today: TODAY },
    );
    expect(report).toMatchObject({ verdict: 'pass', comparedCount: 1, noise: ['hits'] });
  });

  it('cannot turn an all-noise comparison into a pass', () => {
    const noise = learnNoise({ hits: 1 }, { hits: 2 });
    const report = compare({ hits: 3 }, { hits: 1 }, { noise, ...RUNBOOK, today: TODAY });
    expect(report.verdict).toBe('fail');
    expect(report.reasons[0]).toMatch(/^nothing comparable/);
  });
});

describe('numbers compared by their declared kind', () => {
  const brokers = goldenResponse('brokers_q4_2025');

  it('a count one off fails although the runbook tolerance (1.0 + 1 %) would pass it', () => {
    const v1 = structuredClone(brokers);
    const row = (v1.rows as Record<string, number>[])[0] as Record<string, number>;
    row.mora3m = (row.mora3m ?? 0) + 1;
    const byKind = compare(v1, brokers, parityOptions('brokers', { today: TODAY }));
    expect(byKind.verdict).toBe('fail');
    expect(
      byKind.drifts.map((drift) => [drift.path.endsWith('.mora3m'), drift.kind, drift.tolerance]),
    ).toEqual([[true, 'count', 0]]);
    expect(describeDrift(byKind.drifts[0] as Drift)).toContain('(counts must be equal)');
    const runbook = compare(v1, brokers, parityOptions('brokers', { ...RUNBOOK, today: TODAY }));
    expect(runbook.verdict).toBe('pass');
  });

  it('money within 1 % passes, percentages within 0.05 points pass, beyond fails; kinds are counted', () => {
    const mora = goldenResponse('moroso_trend_anio_2025');
    const pct = mora.moroso_transition_pct as number[];
    const near = { ...structuredClone(mora), moroso_transition_pct: pct.map((value) => value + 0.04) };
    const far = { ...structuredClone(mora), moroso_transition_pct: pct.map((value) => value + 0.06) };
    expect(compare(near, mora, parityOptions('mora', { today: TODAY })).verdict).toBe('pass');
    const report = compare(far, mora, parityOptions('mora', { today: TODAY }));
    expect(report.drifts.every((drift) => drift.kind === 'percent')).toBe(true);
    expect(report.kinds).toMatchObject({ count: pct.length * 2, money: pct.length, percent: pct.length });
  });

  it('a number whose path no rule declares is never passed', () => {
    const report = compare(
      { total: 1, surprise: 5 },
      { total: 1, surprise: 5 },
      { endpoint: 'portfolio', today: TODAY },
    );
    expect(report.verdict).toBe('fail');
    expect(report.kinds.undeclared).toBe(1);
    expect(describeDrift(report.drifts[0] as Drift)).toContain('no kind declared for this number');
  });
});

describe('brokers rows matched by (month, supervisor, un, via)', () => {
  const legacy = goldenResponse('brokers_q4_2025');
  const rows = legacy.rows as Record<string, unknown>[];

  it('passes the golden payload against itself', () => {
    const report = compare(structuredClone(legacy), legacy, parityOptions('brokers', { today: TODAY }));
    expect(report.verdict).toBe('pass');
    expect(report.drifts).toEqual([]);
  });

  it('reports a missing row as only in legacy without shifting the other rows', () => {
    const v1 = structuredClone(legacy);
    const removed = (v1.rows as Record<string, unknown>[]).splice(3, 1)[0] as Record<string, unknown>;
    const report = compare(v1, legacy, parityOptions('brokers', { today: TODAY }));
    const identity = `rows[month=${JSON.stringify(removed.month)},supervisor=${JSON.stringify(removed.supervisor)},un=${JSON.stringify(removed.un)},via=${JSON.stringify(removed.via)}]`;
    // the row's 7 non-key fields: year, monthPart, count, montoCuota, commission, mora3m, prize
    expect(report.onlyInLegacy).toEqual(
      ['year', 'monthPart', 'count', 'montoCuota', 'commission', 'mora3m', 'prize'].map(
        (field) => `${identity}.${field}`,
      ),
    );
    expect(report.drifts).toEqual([]);
    expect(report.onlyInV1).toEqual([]);
    expect(report.reasons).toEqual([`7 path(s) only in legacy: ${identity} (7 fields)`]);
    // by position, the same removal shifts every later row into drifts
    const byIndex = compare(v1, legacy, { endpoint: 'brokers', ...RUNBOOK, today: TODAY });
    expect(byIndex.drifts.length).toBeGreaterThan(rows.length - 4);
  });

  it('catches a 2% montoCuota drift in one row and names the row', () => {
    const v1 = structuredClone(legacy);
    const row = (v1.rows as Record<string, unknown>[])[0] as Record<string, number | string>;
    const original = row.montoCuota as number;
    row.montoCuota = original * 1.02;
    const report = compare(v1, legacy, parityOptions('brokers', { today: TODAY }));
    expect(report.verdict).toBe('fail');
    expect(report.drifts).toHaveLength(1);
    expect(report.drifts[0]?.path).toBe(
      `rows[month=${JSON.stringify(row.month)},supervisor=${JSON.stringify(row.supervisor)},un=${JSON.stringify(row.un)},via=${JSON.stringify(row.via)}].montoCuota`,
    );
  });
});

describe('mora parallel arrays keyed by labels', () => {
  it('reports a missing month on every series as one-sided, not as shifted drifts', () => {
    const legacy = goldenResponse('moroso_trend_anio_2025');
    const v1 = structuredClone(legacy);
    for (const name of [
      'labels',
      'moroso_transition_count',
      'vigente_base_count',
      'moroso_transition_pct',
      'avg_cuota',
    ]) {
      (v1[name] as unknown[]).shift();
    }
    const report = compare(v1, legacy, parityOptions('mora', { today: TODAY }));
    expect(report.drifts).toEqual([]);
    expect(report.onlyInLegacy).toEqual([
      'labels[labels="04/2025"]',
      'moroso_transition_count[labels="04/2025"]',
      'vigente_base_count[labels="04/2025"]',
      'moroso_transition_pct[labels="04/2025"]',
      'avg_cuota[labels="04/2025"]',
    ]);
  });
});
