/**
 * Parity cases: which v1 request is compared with which legacy answer.
 *
 * - A case is a v1 endpoint and its filters. Its legacy calls follow the contract's parity mapping
 *   (PARITY_PAIRS); the v1 portfolio summary is the legacy summary plus `byGestion` of the legacy
 *   portfolio trend for the same filters, so a portfolio case calls both and compares v1 with their
 *   union.
 * - `PARITY_CASES` is the case set of a live run and of `record:golden`: the filter combinations of
 *   the golden recordings (UN, gestion month, via de cobro, via de pago, supervisor, categoria,
 *   tramo, year, contract month; every endpoint; the runbook's own set).
 * - A recording folder `fixtures/golden/<dataset>/` holds either `index.json` plus one JSON per case
 *   (written by cli/record-golden.ts) or the customer's `legacy_expected.json` (49 recorded legacy
 *   calls). Either way it is turned into cases whose v1 filters are rebuilt from the recorded legacy
 *   query or body, and it names its dataset: a run refuses recordings of another dataset.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
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
  RUNBOOK_FILTERS,
} from '../contract/filters.ts';
import type { ParityEndpoint } from './profiles.ts';

export const PARITY_ENDPOINTS = PARITY_PAIRS.map((pair) => pair.name) satisfies readonly ParityEndpoint[];

export interface ParityCase {
  readonly name: string;
  readonly endpoint: ParityEndpoint;
  /** v1 filters, only the keys with values. */
  readonly filters: AnalyticsFiltersInput;
}

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

// ---------------------------------------------------------------- the case set

/**
 * The parity case set (33 cases): the golden recordings' filter combinations, names as recorded.
 * Runbook cases carry the runbook's filter set; its brokers case sends what the legacy brokers body
 * takes (no `years`, as the runbook script sent it).
 */
export const PARITY_CASES: readonly ParityCase[] = [
  { name: 'summary_un_odontologia', endpoint: 'portfolio', filters: { un: ['ODONTOLOGIA'] } },
  { name: 'summary_gestion_month_12_2025', endpoint: 'portfolio', filters: { gestion_month: ['12/2025'] } },
  {
    name: 'summary_un_months_via_cobrador',
    endpoint: 'portfolio',
    filters: { un: ['MEDICINA ESTETICA'], gestion_month: ['06/2025', '07/2025'], via_cobro: ['COBRADOR'] },
  },
  {
    name: 'summary_supervisor_moroso',
    endpoint: 'portfolio',
    filters: { categoria: ['MOROSO'], supervisor: ['FVBROKEREAS'] },
  },
  { name: 'summary_tramo_only', endpoint: 'portfolio', filters: { tramo: ['5'] } },
  { name: 'summary_via_pago_only', endpoint: 'portfolio', filters: { via_pago: ['DEBITO'] } },
  { name: 'summary_anio_only', endpoint: 'portfolio', filters: { anio: ['2025'] } },
  {
    name: 'trend_two_uns_comma_joined',
    endpoint: 'portfolio',
    filters: { un: ['ODONTOLOGIA', 'OFTALMOLOGIA'] },
  },
  {
    name: 'trend_vigente_debito',
    endpoint: 'portfolio',
    filters: { via_cobro: ['DEBITO'], categoria: ['VIGENTE'] },
  },
  {
    name: 'trend_supervisor_q4',
    endpoint: 'portfolio',
    filters: { gestion_month: ['10/2025', '11/2025', '12/2025'], supervisor: ['MARIA GONZALEZ'] },
  },
  { name: 'runbook_portfolio_summary', endpoint: 'portfolio', filters: RUNBOOK_FILTERS },
  {
    name: 'q1_2026_portfolio_summary',
    endpoint: 'portfolio',
    filters: { gestion_month: ['01/2026', '02/2026', '03/2026'] },
  },
  {
    name: 'performance_gestion_month_12_2025',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['12/2025'] },
  },
  {
    name: 'performance_un_tramos_0_3',
    endpoint: 'rendimiento',
    filters: { un: ['ODONTOLOGIA'], tramo: ['0', '1', '2', '3'] },
  },
  {
    name: 'performance_via_pago_cobrador_11_2025',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['11/2025'], via_pago: ['COBRADOR'] },
  },
  {
    name: 'performance_supervisors_debito_vigente',
    endpoint: 'rendimiento',
    filters: {
      via_cobro: ['DEBITO'],
      categoria: ['VIGENTE'],
      supervisor: ['MARIA GONZALEZ', 'JUAN BENITEZ'],
    },
  },
  { name: 'performance_tramo_4', endpoint: 'rendimiento', filters: { tramo: ['4'] } },
  { name: 'runbook_performance', endpoint: 'rendimiento', filters: RUNBOOK_FILTERS },
  {
    name: 'q1_2026_performance',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['01/2026', '02/2026', '03/2026'] },
  },
  { name: 'moroso_trend_anio_2025', endpoint: 'mora', filters: { anio: ['2025'] } },
  {
    name: 'moroso_trend_un_months_plus_absent_month',
    endpoint: 'mora',
    filters: { un: ['ODONTOLOGIA'], gestion_month: ['03/2025', '04/2025', '05/2025', '06/2025', '01/2026'] },
  },
  {
    name: 'moroso_trend_categoria_vigente',
    endpoint: 'mora',
    filters: { anio: ['2025'], categoria: ['VIGENTE'] },
  },
  {
    name: 'moroso_trend_supervisor_cobrador',
    endpoint: 'mora',
    filters: { via_cobro: ['COBRADOR'], supervisor: ['FVBROKEREASCDE'] },
  },
  { name: 'runbook_moroso_trend', endpoint: 'mora', filters: RUNBOOK_FILTERS },
  { name: 'anio_2026_moroso_trend', endpoint: 'mora', filters: { anio: ['2026'] } },
  { name: 'brokers_all_enabled', endpoint: 'brokers', filters: {} },
  {
    name: 'brokers_fv_odontologia',
    endpoint: 'brokers',
    filters: { un: ['ODONTOLOGIA'], supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'] },
  },
  {
    name: 'brokers_q4_2025',
    endpoint: 'brokers',
    filters: { anio: ['2025'], contract_month: ['10/2025', '11/2025', '12/2025'] },
  },
  {
    name: 'brokers_via_lowercase_2025',
    endpoint: 'brokers',
    filters: { anio: ['2025'], via_cobro: ['cobrador'] },
  },
  { name: 'brokers_supervisor_not_enabled', endpoint: 'brokers', filters: { supervisor: ['LILIANA OZUNA'] } },
  {
    name: 'brokers_supervisor_spelling_06_2025',
    endpoint: 'brokers',
    filters: { contract_month: ['06/2025'], supervisor: ['fvbrokereas.'] },
  },
  {
    name: 'runbook_brokers',
    endpoint: 'brokers',
    filters: {
      un: ['MEDICINA ESTETICA'],
      contract_month: ['01/2026'],
      via_cobro: ['COBRADOR'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
    },
  },
  { name: 'brokers_2026_all', endpoint: 'brokers', filters: { anio: ['2026'] } },
];

// ---------------------------------------------------------------- v1 filters <-> legacy requests

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

export class RecordingError extends Error {
  override name = 'RecordingError';
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
function endpointOfLegacyPath(legacyPath: string): ParityEndpoint | undefined {
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

// ---------------------------------------------------------------- recordings

const StringLists = z.record(z.string(), z.array(z.string()));

/** One entry of the customer's legacy_expected.json. */
const LegacyExpectedEntry = z.looseObject({
  case: z.string().min(1),
  method: z.enum(['GET', 'POST']),
  path: z.string().startsWith('/'),
  query: StringLists.optional(),
  body: StringLists.optional(),
  body_raw: z.string().optional(),
  status: z.number().int(),
  response: z.unknown(),
});
const LegacyExpectedFile = z.array(LegacyExpectedEntry);

const RecordedAnswer = z.strictObject({
  method: z.enum(['GET', 'POST']),
  path: z.string().startsWith('/'),
  query: StringLists.optional(),
  body: StringLists.optional(),
  status: z.number().int(),
  response: z.unknown(),
});
export type RecordedAnswer = z.output<typeof RecordedAnswer>;

/** One case file written by cli/record-golden.ts. */
export const RecordedCaseFile = z.strictObject({
  case: z.string().min(1),
  dataset: z.string().min(1),
  endpoint: z.enum(['portfolio', 'rendimiento', 'mora', 'brokers']),
  filters: StringLists,
  recordedAt: z.string().min(1),
  legacyBase: z.string().min(1),
  answers: z.array(RecordedAnswer).min(1),
  /** A second recording of the same calls (Diffy noise), when made. */
  repeats: z.array(RecordedAnswer).optional(),
});
export type RecordedCaseFile = z.output<typeof RecordedCaseFile>;

/** index.json written by cli/record-golden.ts. */
export const RecordingIndex = z.strictObject({
  dataset: z.string().min(1),
  recordedAt: z.string().min(1),
  legacyBase: z.string().min(1),
  cases: z.array(
    z.strictObject({ case: z.string().min(1), endpoint: z.string().min(1), file: z.string().min(1) }),
  ),
});
export type RecordingIndex = z.output<typeof RecordingIndex>;

export const RECORDING_INDEX_FILE = 'index.json';
export const LEGACY_EXPECTED_FILE = 'legacy_expected.json';

interface RecordedCase extends ParityCase {
  readonly answers: readonly LegacyAnswer[];
  /** A second recording of the same calls: fields that differ between the two are noise. */
  readonly repeats: readonly LegacyAnswer[];
  /** The recorded case names this case was built from. */
  readonly recordedAs: readonly string[];
}

export interface Recording {
  /** The dataset the recordings were made on. */
  readonly dataset: string;
  /** The file the cases came from. */
  readonly source: string;
  readonly cases: readonly RecordedCase[];
  /** Recorded entries that are not parity cases, with the reason (errors, anuales, config...). */
  readonly skipped: readonly { case: string; reason: string }[];
}

function answerOf(recorded: {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string[]> | undefined;
  body?: Record<string, string[]> | undefined;
  status: number;
  response: unknown;
}): LegacyAnswer {
  return {
    call: {
      method: recorded.method,
      path: recorded.path as LegacyPath,
      ...(recorded.query ? { query: recorded.query } : {}),
      ...(recorded.body ? { body: recorded.body } : {}),
    },
    status: recorded.status,
    body: recorded.response,
  };
}

/** Canonical text of a filter set (keys in contract order, values sorted) to group recordings. */
function filtersKey(filters: AnalyticsFiltersInput): string {
  return JSON.stringify(FILTER_KEYS.map((key) => [...(filters[key] ?? [])].sort()));
}

/**
 * Cases from the customer's legacy_expected.json: every 200 answer of a parity endpoint, grouped by
 * endpoint and filters (a portfolio summary and trend with the same filters form one case; a second
 * recording of the same call becomes the case's Diffy repeat).
 */
export function casesFromLegacyExpected(data: unknown, dataset: string, source: string): Recording {
  const parsed = LegacyExpectedFile.safeParse(data);
  if (!parsed.success) {
    throw new RecordingError(
      `${source} is not a list of recorded legacy calls: ${parsed.error.issues[0]?.message}`,
    );
  }
  const groups = new Map<
    string,
    {
      endpoint: ParityEndpoint;
      filters: AnalyticsFiltersInput;
      names: string[];
      answers: LegacyAnswer[];
      repeats: LegacyAnswer[];
    }
  >();
  const skipped: { case: string; reason: string }[] = [];
  for (const entry of parsed.data) {
    const endpoint = endpointOfLegacyPath(entry.path);
    if (!endpoint) {
      skipped.push({
        case: entry.case,
        reason: `${entry.method} ${entry.path} has no v1 parity counterpart`,
      });
      continue;
    }
    if (entry.status !== 200) {
      skipped.push({
        case: entry.case,
        reason: `recorded error answer (HTTP ${entry.status}), not a parity case`,
      });
      continue;
    }
    const filters =
      entry.method === 'POST'
        ? filtersFromLegacyBrokersBody(entry.body ?? {})
        : filtersFromLegacyQuery(entry.query ?? {});
    const key = `${endpoint} ${filtersKey(filters)}`;
    const group = groups.get(key) ?? { endpoint, filters, names: [], answers: [], repeats: [] };
    groups.set(key, group);
    const answer = answerOf({
      method: entry.method,
      path: entry.path,
      query: entry.query,
      body: entry.body,
      status: entry.status,
      response: entry.response,
    });
    const target = group.answers.some((known) => known.call.path === entry.path)
      ? group.repeats
      : group.answers;
    if (target === group.repeats && group.repeats.some((known) => known.call.path === entry.path)) {
      skipped.push({ case: entry.case, reason: 'third recording of the same call' });
      continue;
    }
    target.push(answer);
    group.names.push(entry.case);
  }
  const cases = [...groups.values()].map(
    (group): RecordedCase => ({
      name: group.names[0] ?? '(unnamed)',
      endpoint: group.endpoint,
      filters: group.filters,
      answers: group.answers,
      // A repeat only helps when it covers the same calls as the answers.
      repeats: group.repeats.length === group.answers.length ? group.repeats : [],
      recordedAs: group.names,
    }),
  );
  return { dataset, source, cases, skipped };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new RecordingError(`cannot read recording ${file}: ${(error as Error).message}`);
  }
}

/**
 * Load a recording folder: `index.json` (+ case files) when present, else `legacy_expected.json`
 * (whose dataset is the folder's name).
 */
export async function loadRecording(dir: string): Promise<Recording> {
  const indexFile = path.join(dir, RECORDING_INDEX_FILE);
  if (await exists(indexFile)) {
    const index = RecordingIndex.safeParse(await readJson(indexFile));
    if (!index.success) throw new RecordingError(`${indexFile}: ${index.error.issues[0]?.message}`);
    const cases: RecordedCase[] = [];
    for (const entry of index.data.cases) {
      const file = path.join(dir, entry.file);
      const parsed = RecordedCaseFile.safeParse(await readJson(file));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RecordingError(`${file}: at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      }
      const recorded = parsed.data;
      const strayPath = [...recorded.answers, ...(recorded.repeats ?? [])].find(
        (answer) => endpointOfLegacyPath(answer.path) !== recorded.endpoint,
      );
      if (strayPath) {
        throw new RecordingError(
          `${file}: ${strayPath.path} is not a legacy endpoint of ${recorded.endpoint}`,
        );
      }
      if (recorded.dataset !== index.data.dataset) {
        throw new RecordingError(
          `${file} was recorded on dataset ${recorded.dataset}, the index says ${index.data.dataset}`,
        );
      }
      cases.push({
        name: recorded.case,
        endpoint: recorded.endpoint,
        filters: compactFilters(recorded.filters),
        answers: recorded.answers.map(answerOf),
        repeats: (recorded.repeats ?? []).map(answerOf),
        recordedAs: [recorded.case],
      });
    }
    return { dataset: index.data.dataset, source: indexFile, cases, skipped: [] };
  }
  const legacyFile = path.join(dir, LEGACY_EXPECTED_FILE);
  if (await exists(legacyFile)) {
    return casesFromLegacyExpected(await readJson(legacyFile), path.basename(path.resolve(dir)), legacyFile);
  }
  throw new RecordingError(
    `no recording in ${dir}: expected ${RECORDING_INDEX_FILE} (npm run record:golden) or ${LEGACY_EXPECTED_FILE}`,
  );
}

/** Refuse to compare a target with recordings of another dataset. */
export function assertRecordingMatches(recording: Recording, targetDataset: string | undefined): void {
  if (targetDataset === undefined) return;
  if (recording.dataset !== targetDataset) {
    throw new RecordingError(
      `refusing recorded parity: the recordings in ${recording.source} are of dataset "${recording.dataset}" ` +
        `but the target serves dataset "${targetDataset}"; record this dataset (npm run record:golden -- ` +
        `--legacy URL --dataset ${targetDataset}) or use PARITY_SOURCE=live`,
    );
  }
}
