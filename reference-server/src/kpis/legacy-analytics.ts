// The legacy dashboard's analytics GETs and brokers body handling as pure functions: query
// parsing, the recorded error answers, and dispatch onto the KPI functions.

import type { Dataset } from '../data/dataset.ts';
import { isStrictMonth } from '../data/normalize.ts';
import { anuales } from './anuales.ts';
import { emptyFilters } from './filters.ts';
import { moraTrend } from './mora.ts';
import { portfolioSummary, portfolioTrend } from './portfolio.ts';
import { pythonJsonLoads, pythonTypeName } from './python-json.ts';
import { rendimiento } from './rendimiento.ts';
import { type AnalyticsFilters, type BrokersSummaryRequest, FILTER_KEYS } from './types.ts';

interface LegacyError {
  error_code: string;
  code: string;
  message: string;
  details: unknown;
}

export interface LegacyResponse {
  status: number;
  body: unknown;
}

export function legacyError(
  status: number,
  code: string,
  message: string,
  details: unknown = null,
): LegacyResponse {
  const body: LegacyError = { error_code: code, code, message, details };
  return { status, body };
}

export type FilterParse = { ok: true; filters: AnalyticsFilters } | { ok: false; response: LegacyResponse };

/**
 * Filters from a query: each key may repeat (`un=A&un=B`) and each value may be comma-joined
 * (`un=A,B`); values are trimmed, blanks dropped, de-duplicated and sorted as text, unknown
 * keys ignored. At least one filter
 * is required; months must be MM/YYYY (01-12) and years YYYY.
 */
export function parseLegacyFilters(
  query: Readonly<Record<string, readonly string[] | undefined>>,
): FilterParse {
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) {
    const values = (query[key] ?? [])
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
    // The legacy keeps each filter as a sorted set of texts (its meta echo shows them sorted).
    filters[key] = [...new Set(values)].sort();
  }
  if (FILTER_KEYS.every((key) => filters[key].length === 0)) {
    return {
      ok: false,
      response: legacyError(400, 'FILTER_REQUIRED', 'Incluye al menos un filtro para procesar analytics API'),
    };
  }
  if (!filters.anio.every((year) => /^\d{4}$/.test(year))) {
    return { ok: false, response: legacyError(400, 'INVALID_FILTER', 'anio debe ser YYYY') };
  }
  for (const key of ['gestion_month', 'contract_month'] as const) {
    if (!filters[key].every(isStrictMonth)) {
      return { ok: false, response: legacyError(400, 'INVALID_FILTER', `${key} debe ser MM/YYYY`) };
    }
  }
  return { ok: true, filters };
}

function normalizePath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}

/**
 * Answer a legacy analytics GET. Order (the recordings do not pin it): filters are checked
 * first (FILTER_REQUIRED, INVALID_FILTER), then an unknown /analytics/... path is a 400
 * NOT_FOUND, as the legacy answers it.
 */
export function legacyAnalytics(
  ds: Dataset,
  path: string,
  query: Readonly<Record<string, readonly string[] | undefined>>,
): LegacyResponse {
  const parsed = parseLegacyFilters(query);
  if (!parsed.ok) return parsed.response;
  const { filters } = parsed;
  const route = normalizePath(path);
  switch (route) {
    case '/analytics/portfolio/summary':
      return { status: 200, body: portfolioSummary(ds, filters) };
    case '/analytics/portfolio/trend':
      return { status: 200, body: portfolioTrend(ds, filters) };
    case '/analytics/performance/by-management-month':
      return { status: 200, body: rendimiento(ds, filters) };
    case '/analytics/movement/moroso-trend':
      return { status: 200, body: moraTrend(ds, filters) };
    case '/analytics/anuales/summary':
      return { status: 200, body: anuales(ds, filters) };
    default:
      return legacyError(400, 'NOT_FOUND', 'Analytics endpoint no encontrado');
  }
}

export type BrokersBodyParse =
  | { ok: true; request: BrokersSummaryRequest }
  | { ok: false; status: number; body: LegacyError };

const BROKERS_ERROR_MESSAGE = 'No se pudo calcular brokers summary';

function brokersError(details: string): BrokersBodyParse {
  return {
    ok: false,
    status: 400,
    body: {
      error_code: 'BROKERS_SUMMARY_ERROR',
      code: 'BROKERS_SUMMARY_ERROR',
      message: BROKERS_ERROR_MESSAGE,
      details,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listField(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((v) => v !== null && v !== undefined)
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .filter((v) => v.trim() !== '');
}

/**
 * The legacy POST /api/brokers/summary body: JSON with optional lists `supervisors, uns,
 * years, months, vias`. Not JSON -> 400 BROKERS_SUMMARY_ERROR with Python's json message in
 * `details`; JSON that is not an object fails the same way with Python's AttributeError text.
 * An empty body counts as `{}`. Supervisor/via spelling is normalized later by brokersSummary.
 */
export function parseBrokersBody(raw: string): BrokersBodyParse {
  if (raw.trim() === '')
    return { ok: true, request: { supervisors: [], uns: [], years: [], months: [], vias: [] } };
  const parsed = pythonJsonLoads(raw);
  if (!parsed.ok) return brokersError(parsed.message);
  const record = parsed.value;
  if (!isRecord(record)) return brokersError(`'${pythonTypeName(record)}' object has no attribute 'get'`);
  return {
    ok: true,
    request: {
      supervisors: listField(record.supervisors),
      uns: listField(record.uns),
      years: listField(record.years),
      months: listField(record.months),
      vias: listField(record.vias),
    },
  };
}

/** Parity mapping of the contract: v1 analytics filters -> the legacy brokers body. */
export function v1FiltersToLegacyBrokers(filters: AnalyticsFilters): BrokersSummaryRequest {
  return {
    supervisors: [...filters.supervisor],
    uns: [...filters.un],
    years: [...filters.anio],
    months: [...filters.contract_month],
    vias: [...filters.via_cobro],
  };
}
