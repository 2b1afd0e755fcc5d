import { describe, expect, it } from 'vitest';
import { DegradedTally, judgeSummaryBody } from './degraded.ts';

const meta = { source: 'api-v1', cutoff: '03/2026', filters: {} };
const mora = {
  labels: ['01/2026'],
  moroso_transition_count: [2],
  vigente_base_count: [100],
  moroso_transition_pct: [2],
  avg_cuota: [150000],
  meta,
};

describe('judgeSummaryBody', () => {
  it("calls the customer's mora fallback degraded, whatever its shape", () => {
    const fallback = JSON.stringify({
      rows: [],
      meta: { source: 'api-v1-fallback', reason: 'legacy_mora_unavailable' },
    });
    expect(judgeSummaryBody('mora', fallback)).toEqual({
      kind: 'degraded',
      reason: 'meta.source "api-v1-fallback": a fallback, not the data',
    });
  });

  it('calls a body that is not JSON or breaks the schema degraded', () => {
    expect(judgeSummaryBody('mora', 'Internal error')).toMatchObject({ kind: 'degraded' });
    expect(judgeSummaryBody('mora', JSON.stringify({ labels: 'x', meta }))).toMatchObject({
      kind: 'degraded',
    });
  });

  it('tells an empty summary (to be checked against the legacy) from the data', () => {
    expect(judgeSummaryBody('mora', JSON.stringify(mora))).toEqual({ kind: 'ok' });
    const empty = {
      ...mora,
      moroso_transition_count: [0],
      vigente_base_count: [0],
      moroso_transition_pct: [0],
    };
    expect(judgeSummaryBody('mora', JSON.stringify(empty))).toEqual({ kind: 'empty' });
  });
});

describe('DegradedTally', () => {
  it('counts degraded answers and, after asking the legacy, empty answers where it has data', async () => {
    const tally = new DegradedTally('mora');
    const fallback = JSON.stringify({ rows: [], meta: { source: 'api-v1-fallback' } });
    const empty = JSON.stringify({ ...mora, moroso_transition_count: [0], vigente_base_count: [0] });
    tally.record(fallback, '{"anio":["2025"]}');
    tally.record(empty, '{"anio":["2025"]}');
    tally.record(empty, '{"anio":["2025"]}');
    tally.record(empty, '{"anio":["1990"]}');
    tally.record(JSON.stringify(mora), '{"anio":["2026"]}');
    const unchecked = await tally.confirmEmpty(async (body) => body.includes('2025'));
    expect(unchecked).toEqual([]);
    expect(tally.degraded).toBe(3);
    expect(tally.reasons['empty while the legacy has data for {"anio":["2025"]}']).toBe(2);
  });

  it('lists the empty answers the legacy could not be asked about', async () => {
    const tally = new DegradedTally('mora');
    tally.record(JSON.stringify({ ...mora, moroso_transition_count: [0], vigente_base_count: [0] }), '{}');
    expect(await tally.confirmEmpty(async () => undefined)).toEqual([
      '1 empty answer(s) for {}: the legacy could not be asked',
    ]);
    expect(tally.degraded).toBe(0);
  });
});
