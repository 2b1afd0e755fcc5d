// The four v1 analytics summaries, built from the pure KPI functions with the v1 config store and
// the planted KPI variant. Shapes: v1 portfolio = the legacy portfolio summary plus `byGestion` of
// the portfolio trend (same filters); rendimiento / mora = the legacy payloads; brokers = the legacy
// brokers summary for the mapped filters. Every payload's `meta` is the v1 one.

import { createHash } from 'node:crypto';
import type { Dataset } from '../data/dataset.ts';
import { monthIndexOfText } from '../data/normalize.ts';
import { type BrokersSummaryPayload, brokersSummary } from '../kpis/brokers.ts';
import { legacyAnalytics, v1FiltersToLegacyBrokers } from '../kpis/legacy-analytics.ts';
import { type MoraPayload, moraTrend } from '../kpis/mora.ts';
import {
  type PortfolioMonth,
  type PortfolioSummaryPayload,
  portfolioSummary,
  portfolioTrend,
} from '../kpis/portfolio.ts';
import { type RendimientoPayload, rendimiento } from '../kpis/rendimiento.ts';
import type { AnalyticsFilters, BrokersConfig, KpiVariant } from '../kpis/types.ts';

export const ANALYTICS_ENDPOINTS = ['portfolio', 'rendimiento', 'mora', 'brokers'] as const;
export type AnalyticsEndpoint = (typeof ANALYTICS_ENDPOINTS)[number];

export function isAnalyticsEndpoint(value: unknown): value is AnalyticsEndpoint {
  return typeof value === 'string' && (ANALYTICS_ENDPOINTS as readonly string[]).includes(value);
}

interface V1Meta {
  source: 'api-v1';
  cutoff: string | null;
  filters: AnalyticsFilters;
  signature: string;
  generated_at: string;
}

type V1Portfolio = Omit<PortfolioSummaryPayload, 'meta'> & {
  byGestion: Record<string, PortfolioMonth>;
  meta: V1Meta;
};
type V1Rendimiento = Omit<RendimientoPayload, 'meta'> & { meta: V1Meta };
type V1Mora = Omit<MoraPayload, 'meta'> & { meta: V1Meta };
type V1Brokers = BrokersSummaryPayload & { meta: V1Meta };

export type V1Summary =
  | { endpoint: 'portfolio'; payload: V1Portfolio }
  | { endpoint: 'rendimiento'; payload: V1Rendimiento }
  | { endpoint: 'mora'; payload: V1Mora }
  | { endpoint: 'brokers'; payload: V1Brokers };

export interface SummaryContext {
  dataset: Dataset;
  config: BrokersConfig;
  variant: KpiVariant;
  /** Multiplier on the portfolio totalDebt (parity-drift faults); 1 = truth. */
  portfolioDebtFactor: number;
  now: () => number;
}

function v1Meta(
  endpoint: AnalyticsEndpoint,
  filters: AnalyticsFilters,
  cutoff: string | null,
  now: number,
): V1Meta {
  const signature = createHash('sha256')
    .update(`v1/${endpoint}\n${JSON.stringify(filters)}`)
    .digest('hex')
    .slice(0, 32);
  return { source: 'api-v1', cutoff, filters, signature, generated_at: new Date(now).toISOString() };
}

/** Latest month of a list of MM/YYYY labels (month order, not string order). */
function latestMonth(labels: Iterable<string>): string | null {
  let best: string | null = null;
  let bestIndex = -1;
  for (const label of labels) {
    const index = monthIndexOfText(label) ?? -1;
    if (index > bestIndex) {
      best = label;
      bestIndex = index;
    }
  }
  return best;
}

export function computeSummary(
  ctx: SummaryContext,
  endpoint: AnalyticsEndpoint,
  filters: AnalyticsFilters,
): V1Summary {
  const { dataset: ds, variant } = ctx;
  const now = ctx.now();
  switch (endpoint) {
    case 'portfolio': {
      const { meta, ...summary } = portfolioSummary(ds, filters, variant);
      const trend = portfolioTrend(ds, filters, variant);
      const payload: V1Portfolio = {
        ...summary,
        totalDebt: summary.totalDebt * ctx.portfolioDebtFactor,
        byGestion: trend.byGestion,
        meta: v1Meta(endpoint, filters, meta.cutoff, now),
      };
      return { endpoint, payload };
    }
    case 'rendimiento': {
      const { meta, ...rest } = rendimiento(ds, filters, variant);
      const cutoff = meta.cutoff ?? latestMonth(Object.keys(rest.trendStats));
      return { endpoint, payload: { ...rest, meta: v1Meta(endpoint, filters, cutoff, now) } };
    }
    case 'mora': {
      const { meta, ...rest } = moraTrend(ds, filters, variant);
      const cutoff = meta.cutoff ?? latestMonth(rest.labels);
      return { endpoint, payload: { ...rest, meta: v1Meta(endpoint, filters, cutoff, now) } };
    }
    case 'brokers': {
      const result = brokersSummary(ds, v1FiltersToLegacyBrokers(filters), ctx.config, variant);
      const cutoff = latestMonth(result.rows.map((row) => row.month));
      return { endpoint, payload: { ...result, meta: v1Meta(endpoint, filters, cutoff, now) } };
    }
  }
}

// ---------------------------------------------------------------- the customer's v1 (faults)

const LEGACY_PATH_OF: Partial<Record<AnalyticsEndpoint, string>> = {
  portfolio: '/analytics/portfolio/summary',
  rendimiento: '/analytics/performance/by-management-month',
  mora: '/analytics/movement/moroso-trend',
};

/**
 * v1-forwards-to-legacy: the customer's v1 GETs the legacy with the same filters and passes its
 * answer through (the legacy's own meta and signature included); a legacy refusal, such as
 * FILTER_REQUIRED for a call without filters, becomes 502 ANALYTICS_BACKEND_ERROR. Undefined for
 * the endpoints that are not forwarded (brokers).
 */
export function forwardedToLegacy(
  ds: Dataset,
  endpoint: AnalyticsEndpoint,
  filters: AnalyticsFilters,
): { status: number; body: unknown } | undefined {
  const path = LEGACY_PATH_OF[endpoint];
  if (path === undefined) return undefined;
  const query: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(filters)) if (values.length > 0) query[key] = values;
  return legacyAnalytics(ds, path, query);
}

/** mora-fallback-200: the customer's mora summary when its legacy call fails: 200 and no data. */
export function moraFallback(filters: AnalyticsFilters, now: number): unknown {
  return {
    rows: [],
    meta: {
      source: 'api-v1-fallback',
      reason: 'legacy_mora_unavailable',
      generated_at: new Date(now).toISOString(),
      filters,
    },
  };
}
