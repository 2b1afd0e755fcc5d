import { describe, expect, it } from 'vitest';
import { BAD_INPUT_BY_ROUTE, type BadInputRoute, sampleBadInputs } from './bad-input.ts';
import { AnalyticsFilters, MONTH_YEAR_PATTERN, YEAR_PATTERN } from './filters.ts';

const ROUTES = Object.keys(BAD_INPUT_BY_ROUTE) as BadInputRoute[];

describe('generated bad input', () => {
  it('is the same for the same seed and differs for another seed', () => {
    for (const route of ROUTES) {
      expect(sampleBadInputs(route, 7, 20)).toEqual(sampleBadInputs(route, 7, 20));
    }
    expect(sampleBadInputs('portfolioSummary', 7, 20)).not.toEqual(
      sampleBadInputs('portfolioSummary', 8, 20),
    );
    expect(sampleBadInputs('portfolioSummary', 7, 0)).toEqual([]);
  });

  it('gives the asked number of inputs, each labelled', () => {
    for (const route of ROUTES) {
      const inputs = sampleBadInputs(route, 20261130, 25);
      expect(inputs).toHaveLength(25);
      for (const input of inputs) expect(input.label.length).toBeGreaterThan(0);
    }
  });

  it('never draws a filter body the contract accepts when it expects 422', () => {
    const inputs = sampleBadInputs('portfolioSummary', 1, 500).filter(
      (input) => input.expectation === 'invalid-payload',
    );
    expect(inputs.length).toBeGreaterThan(300);
    for (const input of inputs) {
      expect(AnalyticsFilters.safeParse(input.json).success, input.label).toBe(false);
    }
  });

  it('draws months and years that break the grammar, not whitespace a server may trim', () => {
    const values = sampleBadInputs('rendimientoSummary', 2, 500).flatMap((input) => {
      const json = input.json as Record<string, unknown> | undefined;
      return ['gestion_month', 'contract_month', 'anio'].flatMap((key) => {
        const list = json?.[key];
        return Array.isArray(list) && input.expectation === 'invalid-payload'
          ? list
              .filter((value): value is string => typeof value === 'string')
              .map((value) => ({ key, value }))
          : [];
      });
    });
    const invalid = values.filter(({ key, value }) =>
      key === 'anio' ? !YEAR_PATTERN.test(value) : !MONTH_YEAR_PATTERN.test(value),
    );
    expect(invalid.length).toBeGreaterThan(100);
    for (const { value } of invalid) expect(value).toBe(value.trim());
  });

  it('covers every class of bad input the issue names across a run', () => {
    const labels = sampleBadInputs('moraSummary', 20261130, 300).map((input) => input.label);
    for (const rule of [
      'month 00',
      'month above 12',
      'one-digit month',
      'two-digit year',
      'trailing text',
      'not a list',
      'values that match nothing',
      'body is',
    ]) {
      expect(
        labels.some((label) => label.includes(rule)),
        rule,
      ).toBe(true);
    }
  });
});
