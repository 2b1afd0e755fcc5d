import { describe, expect, it } from 'vitest';
import { LegacyClient } from '../clients/legacy-client.ts';
import { createReply, type HttpTransport } from '../clients/transport.ts';
import { BROKERS_FILTER_TO_LEGACY } from '../contract/endpoints.ts';
import { type FilterKey, MONTH_YEAR_PATTERN } from '../contract/filters.ts';
import { PARITY_ENDPOINTS } from './case-set.ts';
import { drawFromTarget, drawParityCases } from './draw.ts';
import type { FilterSpace } from './filter-space.ts';
import type { ParityEndpoint } from './profiles.ts';

const SPACE: FilterSpace = {
  gestionMonths: ['11/2030', '12/2030', '01/2031'],
  gestionYears: ['2030', '2031'],
  saleYears: ['2029', '2030'],
  contractMonths: ['05/2029', '06/2030'],
  uns: ['KINESIOLOGIA', 'DERMATOLOGIA'],
  viasCobro: ['COBRADOR', 'DEBITO'],
  viasPago: ['COBRADOR', 'DEBITO'],
  tramos: ['0', '1', '2'],
  supervisors: ['ROSA PAREDES', 'FVBROKEREAS'],
  categorias: ['VIGENTE', 'MOROSO'],
};

function valuesOf(key: FilterKey, endpoint: ParityEndpoint): readonly string[] {
  const byKey: Record<FilterKey, readonly string[]> = {
    un: SPACE.uns,
    anio: endpoint === 'brokers' ? SPACE.saleYears : SPACE.gestionYears,
    gestion_month: SPACE.gestionMonths,
    contract_month: SPACE.contractMonths,
    via_cobro: SPACE.viasCobro,
    via_pago: SPACE.viasPago,
    categoria: SPACE.categorias,
    supervisor: SPACE.supervisors,
    tramo: SPACE.tramos,
  };
  return byKey[key];
}

describe('drawParityCases', () => {
  it('draws the same cases for the same seed and space, others for another seed', () => {
    const first = drawParityCases(SPACE, { seed: 42, perEndpoint: 5 });
    expect(drawParityCases(SPACE, { seed: 42, perEndpoint: 5 })).toEqual(first);
    expect(drawParityCases(SPACE, { seed: 43, perEndpoint: 5 })).not.toEqual(first);
  });

  it('draws perEndpoint cases for every endpoint, named by endpoint and number; 0 draws none', () => {
    const drawn = drawParityCases(SPACE, { seed: 1, perEndpoint: 3 });
    expect(drawn).toHaveLength(3 * PARITY_ENDPOINTS.length);
    for (const endpoint of PARITY_ENDPOINTS) {
      expect(drawn.filter((c) => c.endpoint === endpoint).map((c) => c.name)).toEqual([
        `drawn_${endpoint}_1`,
        `drawn_${endpoint}_2`,
        `drawn_${endpoint}_3`,
      ]);
    }
    expect(drawParityCases(SPACE, { seed: 1, perEndpoint: 0 })).toEqual([]);
  });

  it('filters on one to three keys, one or two values each, only values the data has', () => {
    for (const parityCase of drawParityCases(SPACE, { seed: 7, perEndpoint: 30 })) {
      const entries = Object.entries(parityCase.filters) as [FilterKey, string[]][];
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries.length).toBeLessThanOrEqual(3);
      for (const [key, values] of entries) {
        expect(values.length).toBeGreaterThanOrEqual(1);
        expect(values.length).toBeLessThanOrEqual(2);
        for (const value of values) expect(valuesOf(key, parityCase.endpoint)).toContain(value);
        if (key.endsWith('month')) for (const value of values) expect(value).toMatch(MONTH_YEAR_PATTERN);
      }
      if (parityCase.endpoint === 'brokers') {
        for (const [key] of entries) expect(Object.keys(BROKERS_FILTER_TO_LEGACY)).toContain(key);
      }
    }
  });

  it("draws anio from the years the endpoint's own data has: sale years for brokers, gestion years otherwise", () => {
    const years = new Map<ParityEndpoint, Set<string>>();
    for (const parityCase of drawParityCases(SPACE, { seed: 11, perEndpoint: 60 })) {
      const seen = years.get(parityCase.endpoint) ?? new Set<string>();
      for (const year of parityCase.filters.anio ?? []) seen.add(year);
      years.set(parityCase.endpoint, seen);
    }
    expect([...(years.get('brokers') ?? [])].sort()).toEqual(['2029', '2030']);
    for (const endpoint of PARITY_ENDPOINTS.filter((name) => name !== 'brokers')) {
      expect([...(years.get(endpoint) ?? [])].sort(), endpoint).toEqual(['2030', '2031']);
    }
  });

  it('draws from a key the data has one value for (a dataset of one year), that value alone', () => {
    const oneYear = { ...SPACE, gestionYears: ['2031'], saleYears: ['2031'], uns: ['KINESIOLOGIA'] };
    const drawn = drawParityCases(oneYear, { seed: 3, perEndpoint: 20 });
    expect(drawn.some((parityCase) => parityCase.filters.anio !== undefined)).toBe(true);
    for (const parityCase of drawn) {
      if (parityCase.filters.anio !== undefined) expect(parityCase.filters.anio).toEqual(['2031']);
    }
  });

  it('never filters on a key the data has no value for', () => {
    const noTramos = { ...SPACE, tramos: [], supervisors: [] };
    for (const parityCase of drawParityCases(noTramos, { seed: 3, perEndpoint: 20 })) {
      expect(parityCase.filters.tramo).toBeUndefined();
      expect(parityCase.filters.supervisor).toBeUndefined();
    }
  });
});

describe('drawFromTarget', () => {
  it('a legacy that cannot give the values draws nothing and says why (a problem that fails parity)', async () => {
    const transport: HttpTransport = {
      async send(request) {
        return createReply({
          status: 502,
          headers: { 'content-type': 'application/json' },
          body: '{"error_code":"BAD_GATEWAY"}',
          url: request.url,
          method: request.method,
        });
      },
    };
    const drawn = await drawFromTarget(new LegacyClient('http://legacy.test', transport), {
      seed: 5,
      perEndpoint: 2,
    });
    expect(drawn.cases).toEqual([]);
    expect(drawn.problems).toHaveLength(1);
    expect(drawn.problems[0]).toMatch(/^no parity case could be drawn from the target's data \(seed 5\): /);
    expect(drawn.problems[0]).toContain('502');
  });

  it('asks nothing when no case is wanted', async () => {
    const transport: HttpTransport = {
      send: () => Promise.reject(new Error('must not be called')),
    };
    const drawn = await drawFromTarget(new LegacyClient('http://legacy.test', transport), {
      seed: 5,
      perEndpoint: 0,
    });
    expect(drawn).toEqual({ cases: [], problems: [], description: 'none (PARITY_DRAWN_CASES=0)' });
  });
});
