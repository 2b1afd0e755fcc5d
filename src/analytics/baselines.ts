// The analytics gate's baselines: each endpoint's answer for the whole dataset (fetched once per
// worker with filters the legacy accepts, WHOLE_DATASET) and the values the data shows, which the
// checks build their filter sets from. Kept per endpoint: an endpoint whose baseline could not be
// had is said once, by the baselines test, and skips only the checks that need that endpoint.
import type { ExportEndpoint } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, RUNBOOK_FILTERS } from '../contract/filters.ts';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { monthOrder } from '../exports/layout.ts';
import type { AnySummary } from '../parity/invariants.ts';

/** The name of the test that reports a missing baseline (the skipped tests point at it). */
export const BASELINES_TEST =
  'every analytics summary answers for the whole dataset, not empty where the legacy has data';

export interface WholeDatasetAnswers {
  readonly portfolio: PortfolioSummary;
  readonly rendimiento: RendimientoSummary;
  readonly mora: MoraSummary;
  readonly brokers: BrokersSummary;
}

/** What the target's data shows, read from the rendimiento baseline (and brokers for supervisors). */
export interface DataValues {
  /** Gestion months, in month order. */
  readonly months: string[];
  /** The latest gestion month and its year. */
  readonly cutoff: string;
  readonly cutoffYear: string;
  /** UNs and vias de cobro by debt, largest first; tramos as the CSV text; vias de pago seen. */
  readonly uns: string[];
  readonly viasCobro: string[];
  readonly tramos: string[];
  readonly viasPago: string[];
  /** The brokers supervisor with the most sales in the cutoff year (none without a brokers baseline). */
  readonly topSupervisor: string | undefined;
}

/** What getting the baselines gave, per endpoint. */
export interface BaselineOutcome {
  readonly answers: Partial<WholeDatasetAnswers>;
  /** Per endpoint, why its whole-dataset answer is unusable (error, empty where the legacy has data). */
  readonly problems: Partial<Record<ExportEndpoint, string>>;
  /** Absent when the rendimiento baseline is. */
  readonly values?: DataValues;
  /** Per endpoint: what was asked and what came back (for the evidence). */
  readonly asked: Record<string, unknown>[];
}

/** The data's values and the answers of `E`: what a check that needs those endpoints works with. */
export type Baseline<E extends ExportEndpoint> = DataValues & Pick<WholeDatasetAnswers, E>;

function byDebt(stats: Readonly<Record<string, { d: number }>>): string[] {
  return Object.entries(stats)
    .sort(([, a], [, b]) => b.d - a.d)
    .map(([key]) => key);
}

/** The values of the data; throws when rendimiento shows no gestion month (nothing to build on). */
function dataValues(rendimiento: RendimientoSummary, brokers: BrokersSummary | undefined): DataValues {
  // Months from rendimiento: the contract's v1 portfolio is the legacy summary, without byGestion.
  const months = Object.keys(rendimiento.trendStats).sort((a, b) => monthOrder(a) - monthOrder(b));
  const cutoff = months.at(-1);
  if (!cutoff)
    throw new Error('the whole-dataset rendimiento summary has no gestion month: no data to check');
  const cutoffYear = cutoff.slice(3);
  const salesBySupervisor = new Map<string, number>();
  for (const row of brokers?.rows.filter((r) => r.year === cutoffYear) ?? []) {
    salesBySupervisor.set(row.supervisor, (salesBySupervisor.get(row.supervisor) ?? 0) + row.count);
  }
  return {
    months,
    cutoff,
    cutoffYear,
    uns: byDebt(rendimiento.unStats),
    viasCobro: byDebt(rendimiento.viaCStats),
    tramos: Object.keys(rendimiento.tramoStats),
    viasPago: [...new Set(Object.values(rendimiento.matrixStats).flatMap((row) => Object.keys(row)))].sort(),
    topSupervisor: [...salesBySupervisor].sort(([, a], [, b]) => b - a)[0]?.[0],
  };
}

/**
 * The outcome from the usable answers and the problems found fetching them: the data's values come
 * from rendimiento, so a rendimiento answer with no month is a rendimiento problem.
 */
export function settleBaselines(
  answers: Partial<WholeDatasetAnswers>,
  problems: Partial<Record<ExportEndpoint, string>>,
  asked: Record<string, unknown>[],
): BaselineOutcome {
  const usable: Partial<Record<ExportEndpoint, unknown>> = {};
  for (const [endpoint, answer] of Object.entries(answers) as [ExportEndpoint, unknown][]) {
    if (problems[endpoint] === undefined) usable[endpoint] = answer;
  }
  const settled = { ...(usable as Partial<WholeDatasetAnswers>) };
  const allProblems = { ...problems };
  let values: DataValues | undefined;
  if (settled.rendimiento) {
    try {
      values = dataValues(settled.rendimiento, settled.brokers);
    } catch (error) {
      allProblems.rendimiento = error instanceof Error ? error.message : String(error);
      delete settled.rendimiento;
    }
  }
  return { answers: settled, problems: allProblems, ...(values ? { values } : {}), asked };
}

function pointer(endpoint: ExportEndpoint, outcome: BaselineOutcome, why = ''): string {
  const problem = outcome.problems[endpoint] ?? 'not fetched';
  return `no ${endpoint} baseline${why}: see the test "${BASELINES_TEST}" (${problem})`;
}

/**
 * Why a check that needs `endpoints` cannot run (a pointer to the baselines test per missing one),
 * or undefined when every baseline it needs is there. The data's values need rendimiento's.
 */
export function missingBaselines(
  outcome: BaselineOutcome,
  endpoints: readonly ExportEndpoint[],
): string | undefined {
  const reasons: string[] = [];
  if (!outcome.values && !endpoints.includes('rendimiento')) {
    reasons.push(pointer('rendimiento', outcome, ' (the filter values come from it)'));
  }
  for (const endpoint of endpoints) {
    if (outcome.answers[endpoint] === undefined || (endpoint === 'rendimiento' && !outcome.values))
      reasons.push(pointer(endpoint, outcome));
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The baseline of `endpoints`; call only once missingBaselines said nothing is missing. */
export function pickBaseline<E extends ExportEndpoint>(
  outcome: BaselineOutcome,
  endpoints: readonly E[],
): Baseline<E> {
  const missing = missingBaselines(outcome, endpoints);
  if (missing !== undefined || !outcome.values) throw new Error(missing ?? 'no data values');
  const picked: Partial<WholeDatasetAnswers> = {};
  for (const endpoint of endpoints) Object.assign(picked, { [endpoint]: outcome.answers[endpoint] });
  return { ...outcome.values, ...(picked as Pick<WholeDatasetAnswers, E>) };
}

/** The unfiltered answer of an endpoint, tagged; undefined without its baseline. */
export function unfilteredSummary(
  answers: Partial<WholeDatasetAnswers>,
  endpoint: ExportEndpoint,
): AnySummary | undefined {
  switch (endpoint) {
    case 'portfolio':
      return answers.portfolio && { endpoint, payload: answers.portfolio };
    case 'rendimiento':
      return answers.rendimiento && { endpoint, payload: answers.rendimiento };
    case 'mora':
      return answers.mora && { endpoint, payload: answers.mora };
    case 'brokers':
      return answers.brokers && { endpoint, payload: answers.brokers };
  }
}

/** The count that says whether a summary has data, and what it counts. */
function headline(summary: AnySummary): { count: number; what: string } {
  switch (summary.endpoint) {
    case 'portfolio':
      return { count: summary.payload.total, what: 'contracts (total)' };
    case 'rendimiento':
      return { count: summary.payload.totalContracts, what: 'contracts (totalContracts)' };
    case 'mora':
      return {
        count: summary.payload.vigente_base_count.reduce((total, value) => total + value, 0),
        what: 'contracts in the vigente base',
      };
    case 'brokers':
      return { count: summary.payload.rows.length, what: 'rows' };
  }
}

/** "0 rows, the legacy answers 386 for the same filters": an empty v1 answer said plainly. */
export function emptyAgainstLegacy(v1: AnySummary, legacy: AnySummary): string {
  const mine = headline(v1);
  return `${mine.count} ${mine.what}, the legacy answers ${headline(legacy).count} for the same filters`;
}

export interface NamedFilters {
  readonly name: string;
  readonly filters: AnalyticsFiltersInput;
  /** The runbook's fixed set may match nothing on some endpoint; every other set must not. */
  readonly mayBeEmpty: boolean;
}

function first(values: readonly string[], what: string): string {
  const [value] = values;
  if (value === undefined) throw new Error(`no ${what} in the whole-dataset answers`);
  return value;
}

/**
 * The runbook's filter set and broader sets built from values the data has (the supervisor set only
 * when the brokers baseline named one).
 */
export function invariantFilterSets(b: DataValues): NamedFilters[] {
  const un = first(b.uns, 'UN');
  const via = first(b.viasCobro, 'via de cobro');
  return [
    { name: 'runbook filter set', filters: RUNBOOK_FILTERS, mayBeEmpty: true },
    // Empty filters stand for the whole dataset: the tests reuse the baseline, never send `{}`.
    { name: 'whole dataset', filters: {}, mayBeEmpty: false },
    {
      name: `gestion months ${b.months.slice(-2).join(', ')}`,
      filters: { gestion_month: b.months.slice(-2) },
      mayBeEmpty: false,
    },
    { name: `UN ${un}, via ${via}`, filters: { un: [un], via_cobro: [via] }, mayBeEmpty: false },
    {
      name: `year ${b.cutoffYear}, categoria MOROSO`,
      filters: { anio: [b.cutoffYear], categoria: ['MOROSO'] },
      mayBeEmpty: false,
    },
    ...(b.topSupervisor === undefined
      ? []
      : [
          {
            name: `supervisor ${b.topSupervisor}, year ${b.cutoffYear}`,
            filters: { supervisor: [b.topSupervisor], anio: [b.cutoffYear] },
            mayBeEmpty: false,
          },
        ]),
  ];
}

/**
 * The filters each export is checked with, built from the target's own data (each non-empty on it;
 * several filter keys shown), never from constants of one dataset.
 */
export function exportFilters(b: DataValues): Record<ExportEndpoint, AnalyticsFiltersInput> {
  return {
    portfolio: {
      un: [first(b.uns, 'UN')],
      gestion_month: b.months.slice(-2),
      via_cobro: [first(b.viasCobro, 'via de cobro')],
    },
    rendimiento: { gestion_month: b.months.slice(-3), via_cobro: [first(b.viasCobro, 'via de cobro')] },
    mora: { gestion_month: b.months.slice(-6) },
    brokers: { anio: [b.cutoffYear], ...(b.topSupervisor ? { supervisor: [b.topSupervisor] } : {}) },
  };
}
