// Every endpoint path of both services, in one place (docs/contract.md). v1 paths are relative to
// API_V1_BASE (which already ends in /api/v1); legacy paths to LEGACY_BASE.
import type { AnalyticsFiltersInput, FilterKey } from './filters.ts';

export type HttpMethod = 'GET' | 'POST';

export const V1_PATHS = {
  health: '/health',
  login: '/auth/login',
  refresh: '/auth/refresh',
  revoke: '/auth/revoke',
  supervisorsScope: '/brokers/supervisors-scope',
  commissions: '/brokers/commissions',
  prizes: '/brokers/prizes',
  preferences: '/brokers/preferences',
  portfolioSummary: '/analytics/portfolio/summary',
  rendimientoSummary: '/analytics/rendimiento/summary',
  moraSummary: '/analytics/mora/summary',
  brokersSummary: '/analytics/brokers/summary',
  exportCsv: '/analytics/export/csv',
  exportPdf: '/analytics/export/pdf',
  exportAlias: '/analytics/export',
} as const;
export type V1Path = (typeof V1_PATHS)[keyof typeof V1_PATHS];

/** Every v1 route (method + path), named. The permission matrix and the clients key on these ids. */
export const V1_ROUTES = {
  health: { method: 'GET', path: V1_PATHS.health },
  login: { method: 'POST', path: V1_PATHS.login },
  refresh: { method: 'POST', path: V1_PATHS.refresh },
  revoke: { method: 'POST', path: V1_PATHS.revoke },
  getScope: { method: 'GET', path: V1_PATHS.supervisorsScope },
  setScope: { method: 'POST', path: V1_PATHS.supervisorsScope },
  getCommissions: { method: 'GET', path: V1_PATHS.commissions },
  setCommissions: { method: 'POST', path: V1_PATHS.commissions },
  getPrizes: { method: 'GET', path: V1_PATHS.prizes },
  setPrizes: { method: 'POST', path: V1_PATHS.prizes },
  getPreferences: { method: 'GET', path: V1_PATHS.preferences },
  setPreferences: { method: 'POST', path: V1_PATHS.preferences },
  portfolioSummary: { method: 'POST', path: V1_PATHS.portfolioSummary },
  rendimientoSummary: { method: 'POST', path: V1_PATHS.rendimientoSummary },
  moraSummary: { method: 'POST', path: V1_PATHS.moraSummary },
  brokersSummary: { method: 'POST', path: V1_PATHS.brokersSummary },
  exportCsv: { method: 'POST', path: V1_PATHS.exportCsv },
  exportPdf: { method: 'POST', path: V1_PATHS.exportPdf },
  exportAlias: { method: 'POST', path: V1_PATHS.exportAlias },
} as const satisfies Record<string, { method: HttpMethod; path: V1Path }>;
export type V1RouteId = keyof typeof V1_ROUTES;

/** Write endpoints the contract rate-limits per client (default 30 per 60 s); login has its own limit. */
export const V1_RATE_LIMITED_WRITES: readonly V1RouteId[] = [
  'setScope',
  'setCommissions',
  'setPrizes',
  'setPreferences',
  'refresh',
  'revoke',
  'exportCsv',
  'exportPdf',
  'exportAlias',
];
export const V1_ROUTE_IDS = Object.keys(V1_ROUTES) as V1RouteId[];

/** The `endpoint` values of the export bodies. */
export const EXPORT_ENDPOINTS = ['portfolio', 'rendimiento', 'mora', 'brokers'] as const;
export type ExportEndpoint = (typeof EXPORT_ENDPOINTS)[number];
export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_CONTENT_TYPES = { csv: 'text/csv', pdf: 'application/pdf' } as const satisfies Record<
  ExportFormat,
  string
>;
/**
 * The whole dataset as a filter the legacy accepts. The legacy refuses a call without filters
 * (400 FILTER_REQUIRED), so a v1 that forwards to it cannot answer `{}`; every cartera row is VIGENTE
 * or MOROSO (docs/kpis.md), so this filter keeps every row. The brokers body has no categoria and the
 * legacy brokers summary takes an empty body.
 */
export const WHOLE_DATASET = {
  portfolio: { categoria: ['MOROSO', 'VIGENTE'] },
  rendimiento: { categoria: ['MOROSO', 'VIGENTE'] },
  mora: { categoria: ['MOROSO', 'VIGENTE'] },
  brokers: {},
} as const satisfies Record<ExportEndpoint, AnalyticsFiltersInput>;

export const SUMMARY_ROUTE_BY_EXPORT_ENDPOINT = {
  portfolio: 'portfolioSummary',
  rendimiento: 'rendimientoSummary',
  mora: 'moraSummary',
  brokers: 'brokersSummary',
} as const satisfies Record<ExportEndpoint, V1RouteId>;

export const LEGACY_PATHS = {
  checkFiles: '/api/check-files',
  opsMetrics: '/analytics/ops/metrics',
  opsReset: '/analytics/ops/reset',
  portfolioSummary: '/analytics/portfolio/summary',
  portfolioTrend: '/analytics/portfolio/trend',
  performance: '/analytics/performance/by-management-month',
  morosoTrend: '/analytics/movement/moroso-trend',
  anualesSummary: '/analytics/anuales/summary',
  brokersSummary: '/api/brokers/summary',
  commissions: '/api/commissions',
  prizes: '/api/prizes',
  brokersSupervisors: '/api/brokers-supervisors',
} as const;
export type LegacyPath = (typeof LEGACY_PATHS)[keyof typeof LEGACY_PATHS];

/** Legacy brokers body key for each v1 filter the brokers parity pair maps (docs/contract.md). */
export const BROKERS_FILTER_TO_LEGACY = {
  supervisor: 'supervisors',
  un: 'uns',
  via_cobro: 'vias',
  anio: 'years',
  contract_month: 'months',
} as const satisfies Partial<Record<FilterKey, string>>;
export type LegacyBrokersKey = (typeof BROKERS_FILTER_TO_LEGACY)[keyof typeof BROKERS_FILTER_TO_LEGACY];

export type ParityPair =
  | { name: 'portfolio' | 'rendimiento' | 'mora'; v1: V1RouteId; legacy: { method: 'GET'; path: LegacyPath } }
  | { name: 'brokers'; v1: V1RouteId; legacy: { method: 'POST'; path: LegacyPath } };

/** Parity mapping v1 -> legacy (docs/contract.md "Parity"). */
export const PARITY_PAIRS = [
  {
    name: 'portfolio',
    v1: 'portfolioSummary',
    legacy: { method: 'GET', path: LEGACY_PATHS.portfolioSummary },
  },
  {
    name: 'rendimiento',
    v1: 'rendimientoSummary',
    legacy: { method: 'GET', path: LEGACY_PATHS.performance },
  },
  { name: 'mora', v1: 'moraSummary', legacy: { method: 'GET', path: LEGACY_PATHS.morosoTrend } },
  { name: 'brokers', v1: 'brokersSummary', legacy: { method: 'POST', path: LEGACY_PATHS.brokersSummary } },
] as const satisfies readonly ParityPair[];

/**
 * The legacy brokers body for v1 filters: mapped keys only, empty lists left out (as the recorded
 * legacy cases send them). Filters without a legacy counterpart (gestion_month, ...) are dropped.
 */
export function toLegacyBrokersBody(
  filters: AnalyticsFiltersInput,
): Partial<Record<LegacyBrokersKey, string[]>> {
  const body: Partial<Record<LegacyBrokersKey, string[]>> = {};
  for (const [v1Key, legacyKey] of Object.entries(BROKERS_FILTER_TO_LEGACY) as [
    FilterKey,
    LegacyBrokersKey,
  ][]) {
    const values = filters[v1Key];
    if (values && values.length > 0) body[legacyKey] = [...values];
  }
  return body;
}
