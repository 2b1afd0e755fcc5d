/**
 * v1 parity cases <-> legacy requests, after the contract's parity mapping (PARITY_PAIRS).
 *
 * The v1 portfolio summary is the legacy summary plus `byGestion` of the legacy portfolio trend for
 * the same filters, so a portfolio case calls both and compares v1 with their union. Recorded legacy
 * requests map back to v1 filters the same way, reversed.
 */
import {
  BROKERS_FILTER_TO_LEGACY,
  LEGACY_PATHS,
  type LegacyBrokersKey,
  type LegacyPath,
  PARITY_PAIRS,
  toLegacyBrokersBody,
} from '../contract/endpoints.ts';
import {
  type AnalyticsFiltersInput,
  compactFilters,
  FILTER_KEYS,
  type FilterKey,
} from '../contract/filters.ts';
import type { ParityCase } from './case-set.ts';
import type { ParityEndpoint } from './profiles.ts';
import { RecordingError } from './recording-error.ts';

/** One legacy request: a GET with the filters as query lists, or the brokers POST with its body. */
export interface LegacyCall {
  readonly method: 'GET' | 'POST';
  readonly path: LegacyPath;
  readonly query?: Readonly<Record<string, readonly string[]>>;
  readonly body?: Readonly<Record<string, readonly string[]>>;
}

export interface LegacyAnswer {
  readonly call: LegacyCall;
  readonly status: number;
  /** Parsed JSON (or the raw text when the answer was not JSON). */
  readonly body: unknown;
}

/** The v1 portfolio summary's `byGestion` comes from this legacy endpoint (docs/contract.md). */
const PORTFOLIO_TREND_PATH = LEGACY_PATHS.portfolioTrend;

/** The summary fields of the legacy portfolio summary (everything of v1 portfolio but byGestion). */
const PORTFOLIO_SUMMARY_FIELDS = [
  'total',
  'vigente',
  'moroso',
  'cobrador',
  'debito',
  'totalDebt',
  'totalPaid',
];

/** The legacy calls of a case (portfolio: summary and trend). */
export function legacyCallsFor(parityCase: ParityCase): LegacyCall[] {
  const pair = PARITY_PAIRS.find((candidate) => candidate.name === parityCase.endpoint);
  if (!pair) throw new Error(`no parity pair for endpoint ${parityCase.endpoint}`);
  const filters = compactFilters(parityCase.filters);
  if (pair.legacy.method === 'POST') {
    return [{ method: 'POST', path: pair.legacy.path, body: toLegacyBrokersBody(filters) }];
  }
  const query = { ...filters } as Record<string, readonly string[]>;
  const calls: LegacyCall[] = [{ method: 'GET', path: pair.legacy.path, query }];
  if (parityCase.endpoint === 'portfolio') calls.push({ method: 'GET', path: PORTFOLIO_TREND_PATH, query });
  return calls;
}

/**
 * v1 filters from a recorded legacy GET query: the same keys, each list item a value, comma-joined
 * items split (the legacy accepts `un=A,B`). An unknown key is refused: v1 would ignore it and
 * compare an unfiltered answer with a filtered one.
 */
export function filtersFromLegacyQuery(
  query: Readonly<Record<string, readonly string[]>>,
): AnalyticsFiltersInput {
  const filters: Partial<Record<FilterKey, string[]>> = {};
  for (const [key, values] of Object.entries(query)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new RecordingError(`recorded query key ${JSON.stringify(key)} is not an analytics filter`);
    }
    const split = values
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (split.length > 0) filters[key as FilterKey] = split;
  }
  return compactFilters(filters);
}

const LEGACY_TO_V1_BROKERS = Object.fromEntries(
  Object.entries(BROKERS_FILTER_TO_LEGACY).map(([v1Key, legacyKey]) => [legacyKey, v1Key]),
) as Record<LegacyBrokersKey, FilterKey>;

/** v1 filters from a recorded legacy brokers body (the contract mapping, reversed). */
export function filtersFromLegacyBrokersBody(
  body: Readonly<Record<string, readonly string[]>>,
): AnalyticsFiltersInput {
  const filters: Partial<Record<FilterKey, string[]>> = {};
  for (const [key, values] of Object.entries(body)) {
    const v1Key = LEGACY_TO_V1_BROKERS[key as LegacyBrokersKey];
    if (v1Key === undefined)
      throw new RecordingError(`recorded brokers body key ${JSON.stringify(key)} is not mapped`);
    if (values.length > 0) filters[v1Key] = [...values];
  }
  return compactFilters(filters);
}

/** The parity endpoint a legacy path answers for, if any. */
export function endpointOfLegacyPath(legacyPath: string): ParityEndpoint | undefined {
  if (legacyPath === PORTFOLIO_TREND_PATH) return 'portfolio';
  return PARITY_PAIRS.find((pair) => pair.legacy.path === legacyPath)?.name;
}

export interface MergedLegacy {
  /** What v1 is compared with. */
  readonly payload: unknown;
  /** v1 paths with no recorded legacy counterpart in this case (excluded, and said so in the report). */
  readonly unrecorded: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The legacy payload v1 is compared with: the single answer, or for portfolio the summary with the
 * trend's `byGestion`. A portfolio case with only one of the two recorded compares only that part.
 */
export function mergeLegacyAnswers(endpoint: ParityEndpoint, answers: readonly LegacyAnswer[]): MergedLegacy {
  if (endpoint !== 'portfolio') {
    const [only, ...rest] = answers;
    if (!only || rest.length > 0)
      throw new Error(`${endpoint}: expected one legacy answer, got ${answers.length}`);
    return { payload: only.body, unrecorded: [] };
  }
  const summary = answers.find((answer) => answer.call.path !== PORTFOLIO_TREND_PATH);
  const trend = answers.find((answer) => answer.call.path === PORTFOLIO_TREND_PATH);
  if (!summary && !trend) throw new Error('portfolio: no legacy answer');
  const payload: Record<string, unknown> = {};
  if (trend && isRecord(trend.body)) {
    if ('byGestion' in trend.body) payload.byGestion = trend.body.byGestion;
    if ('meta' in trend.body) payload.meta = trend.body.meta;
  }
  // The summary's meta wins: it describes the summary fields.
  if (summary && isRecord(summary.body)) Object.assign(payload, summary.body);
  return {
    payload: summary && !isRecord(summary.body) ? summary.body : payload,
    unrecorded: [...(summary ? [] : PORTFOLIO_SUMMARY_FIELDS), ...(trend ? [] : ['byGestion'])],
  };
}
