import { describe, expect, it } from 'vitest';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { parseCsvExport } from './csv.ts';
import {
  csvRowDifferences,
  csvTotalDifferences,
  EXPORT_LAYOUT,
  expectedExport,
  expectedFilterLines,
  expectedPdfLines,
  formatCount,
  formatTotalLine,
  locateLines,
  monthOrder,
  normalizeFilterValues,
} from './layout.ts';

const meta = { source: 'api-v1', cutoff: '01/2026', filters: {} };
const month = (total: number, debt: number, paid: number) => ({
  total,
  vigente: total,
  moroso: 0,
  cobrador: total,
  debito: 0,
  debt,
  paid,
  paidContracts: 1,
});

/** The contract's portfolio summary (no byGestion); the byGestion cases add it. */
const portfolio: PortfolioSummary = {
  total: 3,
  vigente: 3,
  moroso: 0,
  cobrador: 3,
  debito: 0,
  totalDebt: 1500.5,
  totalPaid: 700,
  meta,
};

describe('expectedExport', () => {
  it('portfolio without byGestion (not in the contract): no rows to predict, so none are compared one by one', () => {
    const summary = portfolio;
    const expected = expectedExport({ endpoint: 'portfolio', payload: summary });
    expect(expected.rows).toBeNull();
    expect(expected.totals.map((total) => total.value)).toEqual([3, 1500.5, 700]);
  });

  it('portfolio: one row per byGestion month in month order (12/2025 before 01/2026), totals from the summary', () => {
    const summary: PortfolioSummary = {
      ...portfolio,
      byGestion: { '01/2026': month(1, 500.5, 200), '12/2025': month(2, 1000, 500) },
    };
    const expected = expectedExport({ endpoint: 'portfolio', payload: summary });
    expect(expected.rows).toEqual([
      ['12/2025', 2, 2, 0, 2, 0, 1000, 500, 1],
      ['01/2026', 1, 1, 0, 1, 0, 500.5, 200, 1],
    ]);
    expect(expected.totals.map(formatTotalLine)).toEqual([
      'Total contratos: 3',
      'Deuda total: Gs. 1.501',
      'Pagado total: Gs. 700',
    ]);
  });

  it('rendimiento: trendStats rows {d, p, c, cp} in month order', () => {
    const summary: RendimientoSummary = {
      totalDebt: 30,
      totalPaid: 12,
      totalContracts: 3,
      totalContractsPaid: 2,
      tramoStats: {},
      unStats: {},
      viaCStats: {},
      gestorStats: {},
      matrixStats: {},
      trendStats: { '02/2025': { d: 20, p: 2, c: 2, cp: 1 }, '11/2024': { d: 10, p: 10, c: 1, cp: 1 } },
      meta,
    };
    expect(expectedExport({ endpoint: 'rendimiento', payload: summary }).rows).toEqual([
      ['11/2024', 10, 10, 1, 1],
      ['02/2025', 20, 2, 2, 1],
    ]);
  });

  it('mora: rows in the payload order, totals are the sums of counts and bases', () => {
    const summary: MoraSummary = {
      labels: ['05/2025', '06/2025'],
      moroso_transition_count: [2, 1234],
      vigente_base_count: [100, 2000],
      moroso_transition_pct: [2, 61.7],
      avg_cuota: [150, 0],
      meta,
    };
    const expected = expectedExport({ endpoint: 'mora', payload: summary });
    expect(expected.rows?.[1]).toEqual(['06/2025', 1234, 2000, 61.7, 0]);
    expect(expected.totals.map(formatTotalLine)).toEqual([
      'Transiciones a moroso: 1.236',
      'Base vigente: 2.100',
    ]);
  });

  it('brokers: rows as sent, totals = summary.totalContracts and the sums of montoCuota and commission', () => {
    const row = (supervisor: string, count: number, montoCuota: number, commission: number) => ({
      month: '01/2026',
      year: '2026',
      monthPart: '01',
      supervisor,
      un: 'ODONTOLOGIA',
      via: 'COBRADOR' as const,
      count,
      montoCuota,
      commission,
      mora3m: 0,
      prize: 0,
    });
    const summary: BrokersSummary = {
      rows: [row('B', 1, 1_000_000, 2_400_000), row('A', 2, 234_567, 0.5)],
      prizeByMonthSup: {},
      unifiedPrizeByMonthSup: {},
      summary: { totalContracts: 3, totalSupervisors: 2 },
    };
    const expected = expectedExport({ endpoint: 'brokers', payload: summary });
    expect(expected.rows?.map((r) => r[1])).toEqual(['B', 'A']);
    expect(expected.totals.map(formatTotalLine)).toEqual([
      'Total contratos: 3',
      'Monto cuota: Gs. 1.234.567',
      'Comision: Gs. 2.400.001',
    ]);
  });
});

describe('formatting and filters', () => {
  it('counts group thousands with dots and no currency', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatCount(-1234)).toBe('-1.234');
  });

  it('months order by year * 12 + month', () => {
    expect(monthOrder('12/2025')).toBeLessThan(monthOrder('01/2026'));
    expect(monthOrder('13/2025')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('filter values are trimmed, de-duplicated and sorted', () => {
    expect(normalizeFilterValues([' B', 'A', 'B ', ''])).toEqual(['A', 'B']);
  });

  it('filter lines follow the contract key order; none set gives "Filtros: ninguno"', () => {
    expect(expectedFilterLines({})).toEqual(['Filtros: ninguno']);
    expect(expectedFilterLines({ un: [] })).toEqual(['Filtros: ninguno']);
    expect(expectedFilterLines({ supervisor: ['Z', 'A'], un: ['ODONTOLOGIA'], anio: ['2026'] })).toEqual([
      'Filtros:',
      'un: ODONTOLOGIA',
      'anio: 2026',
      'supervisor: A, Z',
    ]);
  });

  it('PDF lines: title, filters, totals', () => {
    const summary: MoraSummary = {
      labels: [],
      moroso_transition_count: [],
      vigente_base_count: [],
      moroso_transition_pct: [],
      avg_cuota: [],
      meta,
    };
    expect(expectedPdfLines(expectedExport({ endpoint: 'mora', payload: summary }), {})).toEqual([
      'Cobranzas BI - Transiciones a moroso',
      'Filtros: ninguno',
      'Totales:',
      'Transiciones a moroso: 0',
      'Base vigente: 0',
    ]);
  });

  it('locateLines finds lines in order and reports missing or out-of-order ones as -1', () => {
    const text = 'Title\nGenerado: x\n  Filtros:  \nun: A\nTotales:\nX: 1';
    expect(locateLines(text, ['Title', 'Filtros:', 'un: A', 'X: 1'])).toEqual([0, 2, 3, 5]);
    expect(locateLines(text, ['un: A', 'Title'])).toEqual([3, -1]);
    expect(locateLines(text, ['X: 2'])).toEqual([-1]);
  });

  it('every layout total names a column of its CSV', () => {
    for (const layout of Object.values(EXPORT_LAYOUT)) {
      for (const column of Object.values(layout.totalColumns)) expect(layout.columns).toContain(column);
    }
  });
});

describe('CSV against the JSON summary', () => {
  const summary: MoraSummary = {
    labels: ['05/2025', '06/2025'],
    moroso_transition_count: [2, 3],
    vigente_base_count: [100, 200],
    moroso_transition_pct: [2, 1.5],
    avg_cuota: [150, 183833.33333333334],
    meta: { source: 'api-v1', cutoff: '06/2025', filters: {} },
  };
  const expected = expectedExport({ endpoint: 'mora', payload: summary });
  const header = EXPORT_LAYOUT.mora.columns.join(',');
  const csvOf = (lines: string[]) => parseCsvExport(`${[header, ...lines].join('\n')}\n`);
  const TOLERANCE = { absTol: 1, relTol: 0.01 };

  it('equal rows and totals give no difference (numbers as JSON writes them)', () => {
    const csv = csvOf(['05/2025,2,100,2,150', '06/2025,3,200,1.5,183833.33333333334']);
    expect(csvRowDifferences(expected, csv)).toEqual([]);
    expect(csvTotalDifferences(expected, csv, TOLERANCE)).toEqual([]);
  });

  it('a dropped last row is named, and the totals no longer add up', () => {
    const csv = csvOf(['05/2025,2,100,2,150']);
    expect(csvRowDifferences(expected, csv)).toEqual([
      'CSV has 1 data row(s), the JSON summary has 2; first missing row: ["06/2025",3,200,1.5,183833.33333333334]',
    ]);
    expect(csvTotalDifferences(expected, csv, TOLERANCE)).toEqual([
      'Transiciones a moroso (transitions): sum of CSV column moroso_transition_count = 2, JSON summary = 5',
      'Base vigente (base): sum of CSV column vigente_base_count = 100, JSON summary = 300',
    ]);
  });

  it('a changed cell and a number with a thousands separator are named with row and column', () => {
    const csv = csvOf(['05/2025,2,101,2,150', '06/2025,3,200,"1,5",183833.33333333334']);
    expect(csvRowDifferences(expected, csv)).toEqual([
      'CSV row 2 column vigente_base_count: 101 != 100',
      'CSV row 3 column moroso_transition_pct: "1,5" is not a number',
    ]);
  });
});
