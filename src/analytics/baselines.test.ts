import { describe, expect, it } from 'vitest';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { recordedAnswer as response } from '../parity/recorded-answers.ts';
import {
  BASELINES_TEST,
  emptyAgainstLegacy,
  invariantFilterSets,
  missingBaselines,
  pickBaseline,
  settleBaselines,
  type WholeDatasetAnswers,
} from './baselines.ts';

/** Real legacy answers standing for the four whole-dataset v1 answers. */
function answers(): WholeDatasetAnswers {
  return {
    portfolio: response<PortfolioSummary>('q1_2026_portfolio_summary'),
    rendimiento: response<RendimientoSummary>('q1_2026_performance'),
    mora: response<MoraSummary>('anio_2026_moroso_trend'),
    brokers: response<BrokersSummary>('brokers_2026_all'),
  };
}

const EMPTY_BROKERS =
  'POST /api/v1/analytics/brokers/summary -> HTTP 200 (trace_id t-4) for {}: 0 rows, the legacy answers 386 for the same filters';

describe('per-endpoint baselines', () => {
  it('a missing brokers baseline skips only the checks that need brokers, pointing at the baselines test', () => {
    const { brokers: _brokers, ...rest } = answers();
    const outcome = settleBaselines(rest, { brokers: EMPTY_BROKERS }, []);
    expect(missingBaselines(outcome, ['portfolio'])).toBeUndefined();
    expect(missingBaselines(outcome, ['portfolio', 'rendimiento'])).toBeUndefined();
    expect(missingBaselines(outcome, ['mora'])).toBeUndefined();
    expect(missingBaselines(outcome, ['brokers'])).toBe(
      `no brokers baseline: see the test "${BASELINES_TEST}" (${EMPTY_BROKERS})`,
    );
    const portfolio = pickBaseline(outcome, ['portfolio']);
    expect(portfolio.portfolio.total).toBeGreaterThan(0);
    // Supervisors come from brokers: without it the supervisor filter set is left out, the rest stay.
    expect(portfolio.topSupervisor).toBeUndefined();
    expect(invariantFilterSets(portfolio).map((set) => set.name)).not.toContainEqual(
      expect.stringMatching(/^supervisor /),
    );
    expect(invariantFilterSets(portfolio).length).toBe(5);
  });

  it('the filter values come from rendimiento: without it every check is skipped, naming rendimiento', () => {
    const { rendimiento: _rendimiento, ...rest } = answers();
    const outcome = settleBaselines(
      rest,
      { rendimiento: 'POST ... -> HTTP 502 ANALYTICS_BACKEND_ERROR' },
      [],
    );
    expect(outcome.values).toBeUndefined();
    expect(missingBaselines(outcome, ['portfolio'])).toBe(
      `no rendimiento baseline (the filter values come from it): see the test "${BASELINES_TEST}" (POST ... -> HTTP 502 ANALYTICS_BACKEND_ERROR)`,
    );
    expect(() => pickBaseline(outcome, ['portfolio'])).toThrow(/no rendimiento baseline/);
  });

  it('a rendimiento answer with no gestion month is a rendimiento problem, said once', () => {
    const all = answers();
    const outcome = settleBaselines({ ...all, rendimiento: { ...all.rendimiento, trendStats: {} } }, {}, []);
    expect(outcome.problems).toEqual({
      rendimiento: 'the whole-dataset rendimiento summary has no gestion month: no data to check',
    });
    expect(outcome.answers.rendimiento).toBeUndefined();
    expect(missingBaselines(outcome, ['rendimiento'])).toMatch(/^no rendimiento baseline: see the test/);
  });

  it('an answer that came with a problem is not used', () => {
    const outcome = settleBaselines(answers(), { mora: 'empty' }, []);
    expect(outcome.answers.mora).toBeUndefined();
    expect(missingBaselines(outcome, ['mora'])).toContain('(empty)');
  });

  it('every baseline there: nothing missing, the supervisor set is built from the brokers rows', () => {
    const outcome = settleBaselines(answers(), {}, []);
    expect(missingBaselines(outcome, ['portfolio', 'rendimiento', 'mora', 'brokers'])).toBeUndefined();
    const baseline = pickBaseline(outcome, ['brokers']);
    expect(baseline.topSupervisor).toEqual(expect.any(String));
    expect(invariantFilterSets(baseline).map((set) => set.name)).toContainEqual(
      expect.stringMatching(/^supervisor /),
    );
  });
});

describe('an empty v1 answer said plainly', () => {
  it('brokers: "0 rows, the legacy answers N for the same filters"', () => {
    const legacy = answers().brokers;
    const v1 = { ...legacy, rows: [] };
    expect(
      emptyAgainstLegacy({ endpoint: 'brokers', payload: v1 }, { endpoint: 'brokers', payload: legacy }),
    ).toBe(`0 rows, the legacy answers ${legacy.rows.length} for the same filters`);
  });

  it('portfolio: the contract counts', () => {
    const legacy = answers().portfolio;
    expect(
      emptyAgainstLegacy(
        { endpoint: 'portfolio', payload: { ...legacy, total: 0 } },
        { endpoint: 'portfolio', payload: legacy },
      ),
    ).toBe(`0 contracts (total), the legacy answers ${legacy.total} for the same filters`);
  });
});
