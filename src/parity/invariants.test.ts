import { describe, expect, it } from 'vitest';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import {
  brokersViolations,
  expectedMoraPct,
  isEmptySummary,
  latestMonth,
  moraViolations,
  portfolioViolations,
  rendimientoViolations,
  subsetViolations,
} from './invariants.ts';
import { recordedAnswer as response } from './recorded-answers.ts';

const TOLERANCE = { absTol: 1, relTol: 0.01 };

/** The legacy's runbook summary + trend: a real v1-shaped portfolio summary. */
function portfolio(): PortfolioSummary {
  const summary = response<Omit<PortfolioSummary, 'byGestion'>>('runbook_portfolio_summary');
  const trend = response<Pick<PortfolioSummary, 'byGestion'>>('runbook_portfolio_trend');
  return { ...summary, byGestion: trend.byGestion };
}

describe('portfolio invariants', () => {
  it('hold on the recorded legacy answer', () => {
    expect(portfolioViolations(portfolio(), TOLERANCE)).toEqual([]);
  });

  it('catch vigente + moroso != total and a byGestion month that does not add up', () => {
    const p = portfolio();
    p.vigente -= 1;
    p.moroso += 2;
    expect(portfolioViolations(p, TOLERANCE)).toEqual([
      'vigente + moroso vs total: 18 != 17',
      'sum of byGestion[*].vigente vs vigente: 15 != 14',
      'sum of byGestion[*].moroso vs moroso: 2 != 4',
    ]);
  });

  it('accept a money sum within the tolerance (0.5%) and refuse one beyond it (2%)', () => {
    const half = portfolio();
    half.totalDebt *= 1.005;
    expect(portfolioViolations(half, TOLERANCE)).toEqual([]);
    const two = portfolio();
    two.totalDebt *= 1.02;
    expect(portfolioViolations(two, TOLERANCE)).toEqual([
      'sum of byGestion[*].debt vs totalDebt: 10977000 != 11196540 (beyond 1 + 0.01 * max)',
    ]);
  });

  it('cutoff must be the latest month', () => {
    const p = portfolio();
    p.meta = { ...p.meta, cutoff: '12/2025' };
    expect(portfolioViolations(p, TOLERANCE)).toEqual([
      'meta.cutoff 12/2025 is not the latest byGestion month 01/2026',
    ]);
    expect(latestMonth(['12/2025', '01/2026', '02/2025'])).toBe('01/2026');
  });
});

describe('rendimiento invariants', () => {
  it('hold on the recorded legacy answers', () => {
    for (const name of [
      'q1_2026_performance',
      'performance_via_pago_cobrador_11_2025',
      'runbook_performance',
    ]) {
      expect(rendimientoViolations(response<RendimientoSummary>(name), TOLERANCE), name).toEqual([]);
    }
  });

  it('catch cp > c, a breakdown that misses debt and a matrix that does not add up', () => {
    const r = response<RendimientoSummary>('runbook_performance');
    const [month] = Object.keys(r.trendStats);
    const trend = month ? r.trendStats[month] : undefined;
    if (!month || !trend) throw new Error('no month');
    trend.cp = trend.c + 1;
    r.unStats = {};
    const violations = rendimientoViolations(r, TOLERANCE);
    expect(violations).toContain(`trendStats["${month}"].cp ${trend.c + 1} > c ${trend.c}`);
    expect(violations).toContain('sum of unStats[*].d vs totalDebt: 0 != 10977000 (beyond 1 + 0.01 * max)');
    expect(violations).toContain(`sum of trendStats[*].cp vs totalContractsPaid: ${trend.c + 1} != 11`);
  });
});

describe('mora invariants', () => {
  it('pct = count / base * 100 rounded to 3 decimals, 0 when the base is 0', () => {
    expect(expectedMoraPct(3, 378)).toBe(0.794);
    expect(expectedMoraPct(5, 0)).toBe(0);
    expect(expectedMoraPct(1, 3)).toBe(33.333);
  });

  it('hold on the recorded answers, including a requested month with no data', () => {
    const m = response<MoraSummary>('moroso_trend_un_months_plus_absent_month');
    expect(moraViolations(m, ['03/2025', '01/2026'])).toEqual([]);
    expect(moraViolations(response<MoraSummary>('moroso_trend_anio_2025'))).toEqual([]);
  });

  it("catch a pct on the previous month's base, misaligned arrays, months out of order, a missing requested month", () => {
    const m = response<MoraSummary>('moroso_trend_anio_2025');
    // 05/2025: 3 transitions on a base of 378; on April's base (371) it would read 0.809
    m.moroso_transition_pct[1] = 0.809;
    expect(moraViolations(m)).toEqual(['moroso_transition_pct at 05/2025: 0.809 != 3 / 378 * 100 = 0.794']);
    const shuffled = response<MoraSummary>('anio_2026_moroso_trend');
    shuffled.labels.reverse();
    shuffled.avg_cuota.pop();
    const violations = moraViolations(shuffled, ['04/2026']);
    expect(violations).toContain('avg_cuota.length vs labels.length: 2 != 3');
    expect(violations).toContain('labels out of month order: 03/2026 before 02/2026');
    expect(violations).toContain('requested gestion_month 04/2026 missing from labels');
  });
});

describe('brokers invariants', () => {
  it('hold on the recorded answers', () => {
    for (const name of [
      'brokers_all_enabled',
      'brokers_2026_all',
      'brokers_supervisor_not_enabled',
      'brokers_fv_odontologia',
      'brokers_supervisor_spelling_06_2025',
    ]) {
      expect(brokersViolations(response<BrokersSummary>(name)), name).toEqual([]);
    }
  });

  it('catch rows out of order and a totalContracts that is not the sum of counts', () => {
    const b = response<BrokersSummary>('brokers_2026_all');
    const [first, second] = b.rows;
    if (!first || !second) throw new Error('rows');
    b.rows[0] = second;
    b.rows[1] = first;
    if (!b.summary) throw new Error('the recorded legacy answer has a summary');
    b.summary.totalContracts += 1;
    b.summary.totalSupervisors = 9;
    const violations = brokersViolations(b);
    expect(violations[0]).toMatch(/^rows\[1\] \(01\/2026, .*\) sorts before rows\[0\]/);
    expect(violations.slice(-2)).toEqual([
      'summary.totalContracts vs sum of rows[*].count: 35 != 34',
      'summary.totalSupervisors vs distinct rows[*].supervisor: 9 != 5',
    ]);
    // The contract's v1 answer is `{rows, ...}`: without `summary` only the rows are judged.
    const { summary: _summary, ...rowsOnly } = b;
    expect(brokersViolations(rowsOnly)).toHaveLength(violations.length - 2);
  });

  it('catch a row without sales and a mora3m that is not a count of contracts', () => {
    const b = response<BrokersSummary>('brokers_2026_all');
    const [first, second] = b.rows;
    if (!first || !second) throw new Error('rows');
    first.mora3m = -1;
    second.count = 0;
    second.mora3m = 0.5;
    expect(brokersViolations(b).slice(0, 3)).toEqual([
      'rows[0].mora3m -1 is not a whole number >= 0',
      'rows[1].count 0 is not a whole number >= 1',
      'rows[1].mora3m 0.5 is not a whole number >= 0',
    ]);
  });
});

describe('subset and emptiness', () => {
  it('a filtered answer within the unfiltered one passes; a count above it is named', () => {
    const all = response<MoraSummary>('moroso_trend_anio_2025');
    const part = response<MoraSummary>('moroso_trend_categoria_vigente');
    const subset = (filtered: MoraSummary) =>
      subsetViolations({ endpoint: 'mora', payload: filtered }, { endpoint: 'mora', payload: all });
    expect(subset(part)).toEqual([]);
    part.vigente_base_count[0] = 1000;
    expect(subset(part)).toEqual(['vigente_base_count at 04/2025: filtered 1000 > unfiltered 371']);
    // ODONTOLOGIA asked for 01/2026, which an anio=2025 answer does not have
    expect(subset(response<MoraSummary>('moroso_trend_un_months_plus_absent_month'))).toEqual([
      'labels 01/2026 has data but is not in the unfiltered answer',
    ]);
  });

  it('brokers rows must exist unfiltered with at least the count', () => {
    const all = response<BrokersSummary>('brokers_all_enabled');
    const part = response<BrokersSummary>('brokers_2026_all');
    expect(
      subsetViolations({ endpoint: 'brokers', payload: part }, { endpoint: 'brokers', payload: all }),
    ).toEqual([]);
    expect(
      subsetViolations({ endpoint: 'brokers', payload: all }, { endpoint: 'brokers', payload: part }),
    ).not.toEqual([]);
  });

  it('an empty brokers answer is empty, a mora answer with only zero months too', () => {
    expect(
      isEmptySummary({ endpoint: 'brokers', payload: response<BrokersSummary>('runbook_brokers') }),
    ).toBe(true);
    const zeros = response<MoraSummary>('moroso_trend_un_months_plus_absent_month');
    expect(isEmptySummary({ endpoint: 'mora', payload: zeros })).toBe(false);
    zeros.vigente_base_count.fill(0);
    zeros.moroso_transition_count.fill(0);
    expect(isEmptySummary({ endpoint: 'mora', payload: zeros })).toBe(true);
  });
});
