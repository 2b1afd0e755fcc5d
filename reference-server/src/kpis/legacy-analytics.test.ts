import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import { carteraRecord, contractRecord, filtersOf, paymentRecord } from '../data/tiny-records.ts';
import {
  legacyAnalytics,
  parseBrokersBody,
  parseLegacyFilters,
  v1FiltersToLegacyBrokers,
} from './legacy-analytics.ts';

/** The five legacy analytics GET paths. */
const LEGACY_ANALYTICS_PATHS = [
  '/analytics/portfolio/summary',
  '/analytics/portfolio/trend',
  '/analytics/performance/by-management-month',
  '/analytics/movement/moroso-trend',
  '/analytics/anuales/summary',
];

const ds = datasetFromRecords({
  contratos: [contractRecord({ id: '1', supervisor: 'ANA', date: '2025-03-01', cuota: '100' })],
  cartera: [
    carteraRecord({ id: '1', month: '04/2025', tramo: '0', cuota: '100' }),
    carteraRecord({ id: '1', month: '05/2025', tramo: '5', cuota: '100', un: 'OFTALMOLOGIA' }),
  ],
  cobranzas: [paymentRecord({ id: '1', month: '04/2025', amount: '60' })],
});

function errorOf(status: number, code: string, message: string) {
  return { status, body: { error_code: code, code, message, details: null } };
}

describe('parseLegacyFilters', () => {
  it('reads repeated and comma-joined values, trimmed, de-duplicated, sorted; ignores unknown keys', () => {
    const parsed = parseLegacyFilters({
      un: ['ODONTOLOGIA,OFTALMOLOGIA', ' MEDICINA ', 'ODONTOLOGIA'],
      foo: ['x'],
    });
    expect(parsed).toEqual({
      ok: true,
      filters: filtersOf({ un: ['MEDICINA', 'ODONTOLOGIA', 'OFTALMOLOGIA'] }),
    });
  });

  it('requires at least one known filter', () => {
    const required = errorOf(
      400,
      'FILTER_REQUIRED',
      'Incluye al menos un filtro para procesar analytics API',
    );
    expect(parseLegacyFilters({})).toEqual({ ok: false, response: required });
    expect(parseLegacyFilters({ foo: ['x'], un: [' , '] })).toEqual({ ok: false, response: required });
  });

  it('rejects bad months and years with the recorded messages', () => {
    expect(parseLegacyFilters({ gestion_month: ['1/2025'] })).toEqual({
      ok: false,
      response: errorOf(400, 'INVALID_FILTER', 'gestion_month debe ser MM/YYYY'),
    });
    expect(parseLegacyFilters({ contract_month: ['13/2025'] })).toEqual({
      ok: false,
      response: errorOf(400, 'INVALID_FILTER', 'contract_month debe ser MM/YYYY'),
    });
    expect(parseLegacyFilters({ anio: ['25'] })).toEqual({
      ok: false,
      response: errorOf(400, 'INVALID_FILTER', 'anio debe ser YYYY'),
    });
  });
});

describe('legacyAnalytics', () => {
  it('answers an unknown analytics path with 400 NOT_FOUND', () => {
    expect(legacyAnalytics(ds, '/analytics/portfolio/unknown', { un: ['X'] })).toEqual(
      errorOf(400, 'NOT_FOUND', 'Analytics endpoint no encontrado'),
    );
  });

  it('checks the filters before the path', () => {
    expect(legacyAnalytics(ds, '/analytics/nope', {}).body).toMatchObject({ error_code: 'FILTER_REQUIRED' });
  });

  it.each(LEGACY_ANALYTICS_PATHS.map((p) => [p]))('%s answers 200 with meta', (path) => {
    const answer = legacyAnalytics(ds, path, { un: ['ODONTOLOGIA'] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ meta: { source: 'api' } });
  });

  it('serves the portfolio summary echoing only the filters sent', () => {
    const answer = legacyAnalytics(ds, '/analytics/portfolio/summary/', {
      tramo: ['9'],
      un: ['ODONTOLOGIA'],
    });
    expect(answer.body).toMatchObject({
      total: 1,
      vigente: 1,
      totalDebt: 100,
      totalPaid: 60,
      meta: { source: 'api', cutoff: '04/2025', filters: { un: ['ODONTOLOGIA'], tramo: ['9'] } },
    });
  });

  it('echoes every mora key and the three anuales keys', () => {
    const mora = legacyAnalytics(ds, '/analytics/movement/moroso-trend', { supervisor: ['ANA'] });
    expect(mora.body).toMatchObject({
      labels: ['04/2025', '05/2025'],
      moroso_transition_count: [0, 1],
      meta: {
        filters: { un: [], anio: [], gestion_month: [], via_cobro: [], categoria: [], supervisor: ['ANA'] },
        cutoff: '05/2025',
      },
    });
    const anuales = legacyAnalytics(ds, '/analytics/anuales/summary', { supervisor: ['ANA'] });
    expect(anuales.body).toMatchObject({
      cutoff: '05/2025',
      meta: { filters: { un: [], anio: [], contract_month: [] } },
    });
  });

  it('signs the meta deterministically per endpoint and filters', () => {
    const signature = (path: string, query: Record<string, string[]>): unknown => {
      const body = legacyAnalytics(ds, path, query).body;
      const meta = typeof body === 'object' && body !== null && 'meta' in body ? body.meta : undefined;
      return typeof meta === 'object' && meta !== null && 'signature' in meta ? meta.signature : undefined;
    };
    const a = signature('/analytics/portfolio/summary', { un: ['A'] });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(signature('/analytics/portfolio/summary', { un: ['A'] })).toBe(a);
    expect(signature('/analytics/portfolio/summary', { un: ['B'] })).not.toBe(a);
    expect(signature('/analytics/portfolio/trend', { un: ['A'] })).not.toBe(a);
  });
});

describe('parseBrokersBody', () => {
  const empty = { supervisors: [], uns: [], years: [], months: [], vias: [] };

  it('reproduces the legacy error for a body that is not JSON', () => {
    expect(parseBrokersBody('{not json')).toEqual({
      ok: false,
      status: 400,
      body: {
        error_code: 'BROKERS_SUMMARY_ERROR',
        code: 'BROKERS_SUMMARY_ERROR',
        message: 'No se pudo calcular brokers summary',
        details: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
      },
    });
  });

  it("fails like Python's .get on JSON that is not an object", () => {
    expect(parseBrokersBody('[1]')).toMatchObject({
      ok: false,
      status: 400,
      body: { details: "'list' object has no attribute 'get'" },
    });
  });

  it('reads the lists, a single string as a one-item list, numbers as text; an empty body is {}', () => {
    expect(parseBrokersBody('')).toEqual({ ok: true, request: empty });
    expect(parseBrokersBody('{}')).toEqual({ ok: true, request: empty });
    expect(
      parseBrokersBody('{"supervisors": "fvbrokereas.", "years": [2025], "vias": ["cobrador"], "x": 1}'),
    ).toEqual({
      ok: true,
      request: { ...empty, supervisors: ['fvbrokereas.'], years: ['2025'], vias: ['cobrador'] },
    });
  });
});

describe('v1FiltersToLegacyBrokers', () => {
  it('maps supervisor, un, via_cobro, anio, contract_month', () => {
    expect(
      v1FiltersToLegacyBrokers(
        filtersOf({
          supervisor: ['S'],
          un: ['U'],
          via_cobro: ['COBRADOR'],
          anio: ['2026'],
          contract_month: ['01/2026'],
          gestion_month: ['02/2026'],
          tramo: ['4'],
        }),
      ),
    ).toEqual({ supervisors: ['S'], uns: ['U'], vias: ['COBRADOR'], years: ['2026'], months: ['01/2026'] });
  });
});
