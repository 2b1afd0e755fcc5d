import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BrokersSummaryPayload, PerformancePayload } from '../contract/legacy.ts';
import { filterSpaceOf } from './filter-space.ts';

// The customer's recorded legacy answers for the golden dataset.
const RECORDED = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
) as { case: string; response: unknown }[];
const answer = (name: string) => RECORDED.find((entry) => entry.case === name)?.response;

describe('filterSpaceOf', () => {
  const performance = PerformancePayload.parse(answer('performance_gestion_month_12_2025'));
  const brokers = BrokersSummaryPayload.parse(answer('brokers_all_enabled'));
  const space = filterSpaceOf(performance, brokers);

  it('reads UNs, vias and whole-number tramos off the performance answer, "S/D" and "5.0" left out', () => {
    expect(space.uns).toEqual(
      Object.keys(performance.unStats).sort(
        (a, b) => (performance.unStats[b]?.d ?? 0) - (performance.unStats[a]?.d ?? 0),
      ),
    );
    expect(space.viasCobro).toEqual(['DEBITO', 'COBRADOR']);
    expect(space.viasPago).toEqual(['COBRADOR', 'DEBITO']);
    expect(space.tramos).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(space.gestionMonths).toEqual(['12/2025']);
    expect(space.categorias).toEqual(['VIGENTE', 'MOROSO']);
  });

  it('reads supervisors, contract months and sale years off the brokers rows, months in month order', () => {
    expect(new Set(space.supervisors)).toEqual(new Set(brokers.rows.map((row) => row.supervisor)));
    expect(space.contractMonths[0]).toBe('04/2023');
    const order = space.contractMonths.map((m) => Number(m.slice(3)) * 12 + Number(m.slice(0, 2)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(space.saleYears).toEqual([...new Set(space.contractMonths.map((m) => m.slice(3)))].sort());
  });

  it('keeps gestion years and sale years apart: anio means one or the other per endpoint', () => {
    expect(space.gestionYears).toEqual(['2025']);
    expect(space.saleYears[0]).toBe('2023');
    expect(space.saleYears).toContain('2025');
  });
});
