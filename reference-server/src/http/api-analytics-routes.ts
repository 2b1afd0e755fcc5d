// API v1 analytics summaries, with the planted KPI variants, drifts, intermittent errors, fallbacks
// and forwarding to the legacy.

import type { FastifyInstance } from 'fastify';
import { kpiVariantOf } from '../faults.ts';
import type { AnalyticsFilters } from '../kpis/types.ts';
import type { ApiAccess } from './api-access.ts';
import { ApiError } from './errors.ts';
import { countFor, type ReferenceState } from './state.ts';
import {
  ANALYTICS_ENDPOINTS,
  type AnalyticsEndpoint,
  computeSummary,
  forwardedToLegacy,
  moraFallback,
  type SummaryContext,
} from './v1-analytics.ts';
import { parseFilters, parseJsonBody, raiseValueErrorFor } from './validation.ts';

/** What every analytics answer is computed with: the request's filters and the summary context. */
export interface AnalyticsInputs {
  /** The filters of a body; bad-month-500 first fails as the customer's validator does. */
  readFilters(body: unknown, loc?: (string | number)[]): AnalyticsFilters;
  summaryContext(): SummaryContext;
}

export function analyticsInputs(state: ReferenceState): AnalyticsInputs {
  const { faults } = state;
  const variant = kpiVariantOf(faults);
  const monthValueError = faults.has('bad-month-500');
  const strictMonths = !faults.has('invalid-month-accepted') && !monthValueError;
  const portfolioDebtFactor = faults.has('parity-drift-2pct')
    ? 1.02
    : faults.has('parity-drift-half-pct')
      ? 1.005
      : 1;
  return {
    readFilters: (body, loc) => {
      if (monthValueError) raiseValueErrorFor(body);
      return parseFilters(body, strictMonths, loc);
    },
    summaryContext: () => ({
      dataset: state.dataset,
      config: state.v1Config,
      variant,
      portfolioDebtFactor,
      now: state.now,
    }),
  };
}

const SUMMARY_PATHS: Record<AnalyticsEndpoint, string> = {
  portfolio: '/analytics/portfolio/summary',
  rendimiento: '/analytics/rendimiento/summary',
  mora: '/analytics/mora/summary',
  brokers: '/analytics/brokers/summary',
};

/** The planted 5xx faults: every 33rd rendimiento request, or every 5th of each summary. */
function failsThisTime(state: ReferenceState, endpoint: AnalyticsEndpoint): boolean {
  const { faults } = state;
  // analytics-5xx-3pct: every 33rd valid request fails, deterministically.
  if (
    endpoint === 'rendimiento' &&
    faults.has('analytics-5xx-3pct') &&
    countFor(state, endpoint) % 33 === 0
  ) {
    return true;
  }
  // v1-intermittent-5xx: every 5th valid request of each summary fails; a retry would pass.
  return faults.has('v1-intermittent-5xx') && countFor(state, `intermittent-${endpoint}`) % 5 === 0;
}

/** One summary's answer for valid filters, after the faults that replace or change it. */
function summaryAnswer(
  state: ReferenceState,
  inputs: AnalyticsInputs,
  endpoint: AnalyticsEndpoint,
  filters: AnalyticsFilters,
): unknown {
  const { faults } = state;
  if (failsThisTime(state, endpoint)) throw new ApiError('INTERNAL_ERROR', 'Internal server error');
  if (endpoint === 'mora' && faults.has('mora-fallback-200') && countFor(state, 'mora-fallback') % 5 === 1) {
    return moraFallback(filters, state.now());
  }
  if (endpoint === 'brokers' && faults.has('v1-brokers-empty')) {
    // Read from a table nothing fills: the right shape, no rows, whatever the filters.
    const none = { ...filters, supervisor: ['\u0000 no supervisor'] };
    return computeSummary(inputs.summaryContext(), endpoint, none).payload;
  }
  if (faults.has('v1-forwards-to-legacy')) {
    const forwarded = forwardedToLegacy(state.dataset, endpoint, filters);
    if (forwarded && forwarded.status !== 200) {
      throw new ApiError('ANALYTICS_BACKEND_ERROR', 'No se pudo obtener analytics legacy', {
        legacy_status: forwarded.status,
        legacy_body: forwarded.body,
      });
    }
    if (forwarded) return forwarded.body;
  }
  const summary = computeSummary(inputs.summaryContext(), endpoint, filters);
  if (summary.endpoint === 'portfolio' && faults.has('portfolio-without-bygestion')) {
    const { byGestion: _byGestion, ...legacyFields } = summary.payload;
    return legacyFields;
  }
  return summary.payload;
}

export function registerAnalyticsRoutes(
  v1: FastifyInstance,
  state: ReferenceState,
  access: ApiAccess,
  inputs: AnalyticsInputs,
): void {
  for (const endpoint of ANALYTICS_ENDPOINTS) {
    v1.post(SUMMARY_PATHS[endpoint], async (request) => {
      await access.guard(request, 'analytics:read');
      const filters = inputs.readFilters(parseJsonBody(request.body));
      return summaryAnswer(state, inputs, endpoint, filters);
    });
  }
}
