import { describe, expect, it } from 'vitest';
import { AnalyticsFilters, RUNBOOK_FILTERS } from '../contract/filters.ts';
import type { FilterSpace } from '../parity/filter-space.ts';
import {
  distinctVariants,
  filterBodies,
  filterVariants,
  RUNBOOK_VALUES,
  valuesFromSpace,
} from './filters.ts';

const SPACE: FilterSpace = {
  gestionMonths: ['11/2030', '12/2030', '01/2031'],
  gestionYears: ['2030', '2031'],
  saleYears: ['2030'],
  contractMonths: ['06/2030'],
  uns: ['KINESIOLOGIA', 'PEDIATRIA'],
  viasCobro: ['DEBITO', 'COBRADOR'],
  viasPago: ['COBRADOR', 'DEBITO'],
  tramos: ['0', '1'],
  supervisors: ['FVBROKERSUR', 'ROSA PAREDES', 'HUGO BRITEZ'],
  categorias: ['VIGENTE', 'MOROSO'],
};

describe('filterVariants over the target values', () => {
  const values = valuesFromSpace(SPACE);

  it("starts with the runbook's filter set, then varies month (with its year), UN, via and supervisors", () => {
    const [first, second, third, fourth] = filterVariants(4, values);
    expect(first).toEqual(RUNBOOK_FILTERS);
    expect(second).toEqual({
      anio: ['2030'],
      gestion_month: ['11/2030'],
      un: ['KINESIOLOGIA'],
      via_cobro: ['DEBITO'],
      supervisor: ['FVBROKERSUR', 'ROSA PAREDES'],
    });
    expect(third?.gestion_month).toEqual(['12/2030']);
    expect(fourth).toMatchObject({ anio: ['2031'], gestion_month: ['01/2031'] });
  });

  it('uses only the target values: its last twelve months, every UN and via, its top two supervisors', () => {
    expect(values.supervisors).toEqual([['FVBROKERSUR', 'ROSA PAREDES'], ['FVBROKERSUR'], ['ROSA PAREDES']]);
    const variants = filterVariants(distinctVariants(values), values).slice(1);
    expect(new Set(variants.flatMap((v) => v.gestion_month ?? []))).toEqual(new Set(SPACE.gestionMonths));
    expect(new Set(variants.flatMap((v) => v.un ?? []))).toEqual(new Set(SPACE.uns));
    expect(
      variants.some((v) => v.un === undefined && v.via_cobro === undefined && v.supervisor === undefined),
    ).toBe(true);
    const longer = valuesFromSpace({
      ...SPACE,
      gestionMonths: Array.from(
        { length: 20 },
        (_, i) => `${String((i % 12) + 1).padStart(2, '0')}/${2030 + Math.floor(i / 12)}`,
      ),
    });
    expect(longer.months).toHaveLength(12);
    expect(longer.months.at(-1)).toBe('08/2031');
  });

  it('gives 1 + 3 x 3 x 3 x 4 = 109 distinct bodies, then repeats', () => {
    expect(distinctVariants(values)).toBe(109);
    const bodies = filterBodies(110, values);
    expect(new Set(bodies).size).toBe(109);
    expect(JSON.parse(bodies[109] ?? '')).toEqual(RUNBOOK_FILTERS);
  });

  it('every body is a valid v1 analytics filter body', () => {
    for (const body of filterBodies(distinctVariants(values), values)) {
      expect(AnalyticsFilters.safeParse(JSON.parse(body)).success).toBe(true);
    }
  });
});

describe('RUNBOOK_VALUES (no filter values from the target)', () => {
  it("varies the runbook's request over the twelve months ending at its month", () => {
    expect(RUNBOOK_VALUES.months).toEqual([
      '02/2025',
      '03/2025',
      '04/2025',
      '05/2025',
      '06/2025',
      '07/2025',
      '08/2025',
      '09/2025',
      '10/2025',
      '11/2025',
      '12/2025',
      '01/2026',
    ]);
    expect(distinctVariants(RUNBOOK_VALUES)).toBe(1 + 12 * 2 * 2 * 2);
    expect(filterVariants(2)[1]).toEqual({
      anio: ['2025'],
      gestion_month: ['02/2025'],
      un: ['MEDICINA ESTETICA'],
      via_cobro: ['COBRADOR'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
    });
  });
});
