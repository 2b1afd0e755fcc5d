// Fixtures of the analytics gate (tests/analytics): the unfiltered v1 answers and the values they
// show (worker-scoped, fetched once), the filter sets the tests use (built from those values so a
// set is never empty by accident), and the parity context (source, deviation registry, tolerance).
import path from 'node:path';
import { LegacyClient } from '../clients/legacy-client.ts';
import type { RetryPolicy } from '../clients/retry.ts';
import { playwrightTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import { EXPORT_ENDPOINTS, type ExportEndpoint, WHOLE_DATASET } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, RUNBOOK_FILTERS } from '../contract/filters.ts';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { monthOrder } from '../exports/layout.ts';
import { test as base } from '../fixtures.ts';
import {
  assertRecordingMatches,
  type LegacyAnswer,
  loadRecording,
  PARITY_CASES,
  type ParityCase,
  type Recording,
} from '../parity/cases.ts';
import {
  activeDeviations,
  type Deviation,
  type ExpiredDeviation,
  loadDeviations,
} from '../parity/deviations.ts';
import { type DrawnCases, drawFromTarget } from '../parity/draw.ts';
import { type AnySummary, isEmptySummary, summarySize, type Tolerance } from '../parity/invariants.ts';
import { type ToleranceSpec, toleranceSpec } from '../parity/kinds.ts';
import {
  liveSource,
  type ParitySource,
  parityRetryPolicy,
  recordedSource,
  type V1Fetch,
  v1Fetch,
  withLiveCases,
} from '../parity/run.ts';
import { legacyHasData } from '../perf/degraded.ts';
import { parityLegacyBase } from '../targets/resolve.ts';
import type { ResolvedTarget } from '../targets/target.ts';

/** The v1 summary of an endpoint, schema-checked by the typed client, tagged with its endpoint. */
export async function fetchSummary(
  client: V1Client,
  endpoint: ExportEndpoint,
  filters: AnalyticsFiltersInput,
): Promise<AnySummary> {
  switch (endpoint) {
    case 'portfolio':
      return { endpoint, payload: await client.portfolioSummary(filters) };
    case 'rendimiento':
      return { endpoint, payload: await client.rendimientoSummary(filters) };
    case 'mora':
      return { endpoint, payload: await client.moraSummary(filters) };
    case 'brokers':
      return { endpoint, payload: await client.brokersSummary(filters) };
  }
}

/** The whole-dataset answers and the values present in the target's data. */
export interface AnalyticsBaseline {
  readonly portfolio: PortfolioSummary;
  readonly rendimiento: RendimientoSummary;
  readonly mora: MoraSummary;
  readonly brokers: BrokersSummary;
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
  /** The brokers supervisor with the most sales in the cutoff year (none when brokers has no row). */
  readonly topSupervisor: string | undefined;
}

function byDebt(stats: Readonly<Record<string, { d: number }>>): string[] {
  return Object.entries(stats)
    .sort(([, a], [, b]) => b.d - a.d)
    .map(([key]) => key);
}

function baselineOf(all: {
  portfolio: PortfolioSummary;
  rendimiento: RendimientoSummary;
  mora: MoraSummary;
  brokers: BrokersSummary;
}): AnalyticsBaseline {
  // Months from rendimiento: the contract's v1 portfolio is the legacy summary, without byGestion.
  const months = Object.keys(all.rendimiento.trendStats).sort((a, b) => monthOrder(a) - monthOrder(b));
  const cutoff = months.at(-1);
  if (!cutoff)
    throw new Error('the whole-dataset rendimiento summary has no gestion month: no data to check');
  const cutoffYear = cutoff.slice(3);
  const salesBySupervisor = new Map<string, number>();
  for (const row of all.brokers.rows.filter((r) => r.year === cutoffYear)) {
    salesBySupervisor.set(row.supervisor, (salesBySupervisor.get(row.supervisor) ?? 0) + row.count);
  }
  const topSupervisor = [...salesBySupervisor].sort(([, a], [, b]) => b - a)[0]?.[0];
  return {
    ...all,
    months,
    cutoff,
    cutoffYear,
    uns: byDebt(all.rendimiento.unStats),
    viasCobro: byDebt(all.rendimiento.viaCStats),
    tramos: Object.keys(all.rendimiento.tramoStats),
    viasPago: [
      ...new Set(Object.values(all.rendimiento.matrixStats).flatMap((row) => Object.keys(row))),
    ].sort(),
    topSupervisor,
  };
}

/** What getting the baselines gave: the baseline, or why not, said once by the baselines test. */
interface BaselineOutcome {
  readonly baseline?: AnalyticsBaseline;
  /** Per endpoint, why its whole-dataset answer is unusable (error, degraded, empty vs legacy). */
  readonly problems: string[];
  /** Per endpoint: what was asked and what came back (for the evidence). */
  readonly asked: Record<string, unknown>[];
}

/** The name of the test that reports a baseline failure (the skipped tests point at it). */
export const BASELINES_TEST =
  'every analytics summary answers for the whole dataset, not empty where the legacy has data';

/** The unfiltered answer of an endpoint, tagged. */
export function unfilteredSummary(b: AnalyticsBaseline, endpoint: ExportEndpoint): AnySummary {
  switch (endpoint) {
    case 'portfolio':
      return { endpoint, payload: b.portfolio };
    case 'rendimiento':
      return { endpoint, payload: b.rendimiento };
    case 'mora':
      return { endpoint, payload: b.mora };
    case 'brokers':
      return { endpoint, payload: b.brokers };
  }
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

/** The runbook's filter set and broader sets built from values the data has. */
export function invariantFilterSets(b: AnalyticsBaseline): NamedFilters[] {
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
export function exportFilters(b: AnalyticsBaseline): Record<ExportEndpoint, AnalyticsFiltersInput> {
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

interface ParityContext {
  readonly source: ParitySource;
  /** Set when the source is a recording. */
  readonly recording?: Recording;
  readonly fetchV1: V1Fetch;
  readonly deviations: Deviation[];
  /** Expired registry entries: they fail every parity run. */
  readonly registryErrors: ExpiredDeviation[];
  readonly tolerance: Tolerance;
  /** How parity compares numbers: by kind (counts exact) or the runbook's single tolerance. */
  readonly compareBy: ToleranceSpec;
  readonly retry: RetryPolicy;
  /** A recorded source's live legacy, asked only to see whether v1 forwards to it. */
  readonly liveLegacy?: (parityCase: ParityCase) => Promise<readonly LegacyAnswer[]>;
  /** What is compared with what, for the report header and the evidence. */
  readonly header: Record<string, string>;
  /** Why drawn cases could not be built (fails every parity run). */
  readonly problems: string[];
}

const recordings = new Map<string, Promise<Recording>>();

function cachedRecording(dir: string): Promise<Recording> {
  const key = path.resolve(dir);
  let recording = recordings.get(key);
  if (!recording) {
    recording = loadRecording(dir);
    recordings.set(key, recording);
  }
  return recording;
}

const drawings = new Map<string, Promise<DrawnCases>>();

/** Cases drawn from the live legacy's values, once per worker for a legacy, seed and count. */
function cachedDrawing(legacy: LegacyClient, perEndpoint: number, seed: number): Promise<DrawnCases> {
  const key = JSON.stringify([legacy.baseUrl, perEndpoint, seed]);
  let drawn = drawings.get(key);
  if (!drawn) {
    drawn = drawFromTarget(legacy, { perEndpoint, seed });
    drawings.set(key, drawn);
  }
  return drawn;
}

/** The recording folder for a target: PARITY_RECORDED, else fixtures/golden/<the target's dataset>. */
function recordingDir(configured: string | undefined, target: ResolvedTarget): string {
  if (configured) return configured;
  if (target.dataset) return path.join('fixtures', 'golden', target.dataset);
  throw new Error(
    `PARITY_SOURCE=recorded, but the suite does not know which dataset the ${target.mode} target serves: ` +
      'set PARITY_RECORDED=fixtures/golden/<dataset> (the recordings of that dataset) or PARITY_SOURCE=live',
  );
}

interface AnalyticsTestFixtures {
  tolerance: Tolerance;
  parity: ParityContext;
  analyticsBaseline: AnalyticsBaseline;
}

interface AnalyticsWorkerFixtures {
  analyticsBaselines: BaselineOutcome;
}

export const test = base.extend<AnalyticsTestFixtures, AnalyticsWorkerFixtures>({
  analyticsBaselines: [
    async ({ sessions, target, playwright }, use) => {
      const context = await playwright.request.newContext();
      const transport = playwrightTransport(context);
      const client = new V1Client(target.apiBase, transport, {
        traceIdPrefix: 'e2e-analytics-baseline',
      }).withToken(await sessions.accessToken('viewer'));
      const problems: string[] = [];
      const asked: Record<string, unknown>[] = [];
      const answers: Partial<Record<ExportEndpoint, AnySummary>> = {};
      for (const endpoint of EXPORT_ENDPOINTS) {
        const filters = WHOLE_DATASET[endpoint];
        try {
          const summary = await fetchSummary(client, endpoint, filters);
          answers[endpoint] = summary;
          const empty = isEmptySummary(summary);
          asked.push({ endpoint, filters, ...summarySize(summary), empty });
          if (empty) {
            const legacy = await legacyHasData(
              transport,
              target.legacyBase,
              endpoint,
              JSON.stringify(filters),
            );
            if (legacy === true) {
              problems.push(
                `${endpoint} ${JSON.stringify(filters)}: v1 answers an empty summary (${JSON.stringify(summarySize(summary))}), ` +
                  'the legacy has data for the same filters',
              );
            }
          }
        } catch (error) {
          asked.push({ endpoint, filters, error: error instanceof Error ? error.message : String(error) });
          problems.push(
            `${endpoint} ${JSON.stringify(filters)}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      let baseline: AnalyticsBaseline | undefined;
      const { portfolio, rendimiento, mora, brokers } = answers;
      if (
        portfolio?.endpoint === 'portfolio' &&
        rendimiento?.endpoint === 'rendimiento' &&
        mora?.endpoint === 'mora' &&
        brokers?.endpoint === 'brokers'
      ) {
        try {
          baseline = baselineOf({
            portfolio: portfolio.payload,
            rendimiento: rendimiento.payload,
            mora: mora.payload,
            brokers: brokers.payload,
          });
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      await use({ ...(baseline ? { baseline } : {}), problems, asked });
      await context.dispose();
    },
    { scope: 'worker' },
  ],
  analyticsBaseline: async ({ analyticsBaselines }, use, testInfo) => {
    // Said once, by the baselines test; every check built on them is skipped with a pointer to it.
    testInfo.skip(
      analyticsBaselines.baseline === undefined,
      `no analytics baseline: see the test "${BASELINES_TEST}" (${analyticsBaselines.problems[0] ?? ''})`,
    );
    const { baseline } = analyticsBaselines;
    if (baseline) await use(baseline);
  },
  tolerance: async ({ suiteConfig }, use) => {
    await use({ absTol: suiteConfig.PARITY_ABS_TOL, relTol: suiteConfig.PARITY_REL_TOL });
  },
  parity: async ({ suiteConfig, target, request, asViewer, tolerance }, use) => {
    const deviations = await loadDeviations(suiteConfig.PARITY_DEVIATIONS);
    const registryErrors = activeDeviations(deviations, new Date()).expired;
    const retry = parityRetryPolicy(suiteConfig.PARITY_RETRIES);
    let source: ParitySource;
    let recording: Recording | undefined;
    let liveLegacy: ParityContext['liveLegacy'];
    // The reference target's legacy listens on a port of its own; an external one at LEGACY_BASE.
    const legacy = new LegacyClient(parityLegacyBase(suiteConfig, target), playwrightTransport(request), {
      traceIdPrefix: 'e2e-parity-legacy',
    });
    // Drawn cases come from the target's own data and are compared live, whatever the source.
    const drawn = await cachedDrawing(legacy, suiteConfig.PARITY_DRAWN_CASES, suiteConfig.PARITY_DRAW_SEED);
    const drawnSource = liveSource({ legacy, cases: drawn.cases, retry });
    if (suiteConfig.paritySource === 'recorded') {
      recording = await cachedRecording(recordingDir(suiteConfig.PARITY_RECORDED, target));
      // Never another dataset's recordings: refuse before comparing anything.
      assertRecordingMatches(recording, target.dataset);
      source = withLiveCases(recordedSource(recording), drawnSource);
      // Whether v1 forwards to its legacy shows only against that live legacy.
      const live = liveSource({
        legacy: new LegacyClient(target.legacyBase, playwrightTransport(request), {
          traceIdPrefix: 'e2e-parity-forwarding',
        }),
        cases: recording.cases,
        retry,
      });
      liveLegacy = async (parityCase) => (await live.legacy(parityCase, { repeat: false })).answers;
    } else {
      source = liveSource({
        legacy,
        cases: [...PARITY_CASES, ...drawn.cases],
        retry,
        ...(target.dataset ? { dataset: target.dataset } : {}),
      });
    }
    await use({
      source,
      ...(recording ? { recording } : {}),
      ...(liveLegacy ? { liveLegacy } : {}),
      fetchV1: v1Fetch(asViewer),
      deviations,
      registryErrors,
      tolerance,
      compareBy: toleranceSpec(suiteConfig.PARITY_TOLERANCE, suiteConfig),
      retry,
      header: {
        target: `${target.mode} ${target.apiBase}`,
        'target dataset': target.dataset ?? 'not known to the suite',
        deviations: `${suiteConfig.PARITY_DEVIATIONS} (${deviations.length} entr${deviations.length === 1 ? 'y' : 'ies'}, ${registryErrors.length} expired)`,
        'drawn cases': drawn.description,
      },
      problems: drawn.problems,
    });
  },
});

export { expect } from '../fixtures.ts';
