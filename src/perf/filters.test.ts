import { describe, expect, it } from 'vitest';
import { AnalyticsFilters, RUNBOOK_FILTERS } from '../contract/filters.ts';
import { DISTINCT_VARIANTS, filterBodies, filterVariants } from './filters.ts';

describe('filterVariants', () => {
  it('starts with the runbook filter set', () => {
    expect(filterVariants(1)).toEqual([
      {
        anio: ['2026'],
        gestion_month: ['01/2026'],
        contract_month: ['01/2026'],
        supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
        un: ['MEDICINA ESTETICA'],
        via_cobro: ['COBRADOR'],
      },
    ]);
  });

  it('varies month, UN, via and supervisors with the year matching the month', () => {
    const [, second, third] = filterVariants(3);
    expect(second).toEqual({
      anio: ['2025'],
      gestion_month: ['02/2025'],
      un: ['MEDICINA ESTETICA'],
      via_cobro: ['COBRADOR'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
    });
    expect(third?.gestion_month).toEqual(['03/2025']);
    const december = filterVariants(13)[11];
    expect(december?.gestion_month).toEqual(['12/2025']);
    const january = filterVariants(13)[12];
    expect(january).toMatchObject({ anio: ['2026'], gestion_month: ['01/2026'] });
  });

  it('gives 1 + 12 x 6 x 3 x 4 = 865 distinct bodies, then repeats', () => {
    expect(DISTINCT_VARIANTS).toBe(865);
    const bodies = filterBodies(DISTINCT_VARIANTS + 1);
    expect(new Set(bodies).size).toBe(865);
    expect(JSON.parse(bodies[865] ?? '')).toEqual(RUNBOOK_FILTERS);
  });

  it('every body is a valid v1 analytics filter body', () => {
    for (const body of filterBodies(DISTINCT_VARIANTS)) {
      expect(AnalyticsFilters.safeParse(JSON.parse(body)).success).toBe(true);
    }
  });
});
