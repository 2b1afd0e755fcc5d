import { describe, expect, it } from 'vitest';
import { DISTINCT_VARIANTS, filterBodies, filterVariants, RUNBOOK_FILTERS } from './filters.ts';

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
    expect(bodies[865]).toBe(JSON.stringify(RUNBOOK_FILTERS));
  });

  it('only produces valid month and year formats', () => {
    for (const filters of filterVariants(DISTINCT_VARIANTS)) {
      for (const month of filters.gestion_month ?? []) expect(month).toMatch(/^(0[1-9]|1[0-2])\/\d{4}$/);
      for (const year of filters.anio ?? []) expect(year).toMatch(/^\d{4}$/);
    }
  });
});
