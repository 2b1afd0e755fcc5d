import { describe, expect, it } from 'vitest';
import {
  BAD_INPUT_BY_ROUTE,
  type BadInput,
  type BadInputRoute,
  KNOWN_BAD_FILTERS,
  sampleBadInputs,
} from './bad-input.ts';
import { AnalyticsFilters, FILTER_KEYS, MONTH_YEAR_PATTERN, YEAR_PATTERN } from './filters.ts';

const ROUTES = Object.keys(BAD_INPUT_BY_ROUTE) as BadInputRoute[];

/** Filters that select nothing: an object whose every filter is absent or an empty list. */
function noFilterAtAll(filters: unknown): boolean {
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) return false;
  return Object.entries(filters).every(
    ([key, value]) =>
      (FILTER_KEYS as readonly string[]).includes(key) && Array.isArray(value) && value.length === 0,
  );
}

/**
 * The filters an analytics input carries: the body itself, or an export body's `filters`; no body
 * or a JSON null stands for no filter at all (every filter defaults to empty).
 */
function filtersOf(route: BadInputRoute, input: BadInput): unknown {
  if (input.json === undefined && (input.raw === undefined || input.raw === 'null')) return {};
  const json = input.json as { filters?: unknown } | undefined;
  return route.startsWith('export') ? json?.filters : json;
}

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

  it('never sends a call with no filter at all: the contract leaves its answer open', () => {
    expect(
      KNOWN_BAD_FILTERS.filter((input) => noFilterAtAll(input.json)).map((input) => input.label),
    ).toEqual([]);
    const analyticsRoutes = ROUTES.filter((route) => route.endsWith('Summary') || route.startsWith('export'));
    expect(analyticsRoutes).toHaveLength(7);
    for (const route of analyticsRoutes) {
      const unfiltered = sampleBadInputs(route, 20261130, 400)
        .filter((input) => noFilterAtAll(filtersOf(route, input)))
        .map((input) => input.label);
      expect(unfiltered, route).toEqual([]);
    }
  });

  it("keeps the real system's bad months and years first, each refused with 422", () => {
    expect(KNOWN_BAD_FILTERS.map((input) => [input.label, input.expectation])).toEqual([
      ['gestion_month "13/2025" (month above 12)', 'invalid-payload'],
      ['gestion_month "1/2025" (one-digit month)', 'invalid-payload'],
      ['contract_month "13/2025" (month above 12)', 'invalid-payload'],
      ['contract_month "1/2025" (one-digit month)', 'invalid-payload'],
      ['anio "25" (two-digit year)', 'invalid-payload'],
    ]);
  });
});
