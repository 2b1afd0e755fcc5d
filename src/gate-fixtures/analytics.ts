// Fixtures of the analytics gate (tests/analytics): the whole-dataset v1 answers per endpoint and the
// values they show (worker-scoped, fetched once; src/analytics/baselines.ts), and the parity context
// (source, deviation registry, tolerance).
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { z } from 'zod';
import {
  type Baseline,
  type BaselineOutcome,
  type DataValues,
  missingBaselines,
  pickBaseline,
  settleBaselines,
  unfilteredSummary,
  type WholeDatasetAnswers,
} from '../analytics/baselines.ts';
import { emptyAnswerProblem } from '../analytics/empty-answer.ts';
import { LegacyClient } from '../clients/legacy-client.ts';
import type { RetryPolicy } from '../clients/retry.ts';
import { type HttpTransport, playwrightTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import { EXPORT_ENDPOINTS, type ExportEndpoint, WHOLE_DATASET } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, FILTER_KEYS } from '../contract/filters.ts';
import { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { test as base } from '../fixtures.ts';
import { PARITY_CASES, PARITY_ENDPOINTS, type ParityCase } from '../parity/case-set.ts';
import {
  activeDeviations,
  type Deviation,
  type ExpiredDeviation,
  loadDeviations,
} from '../parity/deviations.ts';
import { type DrawnCases, drawFromTarget } from '../parity/draw.ts';
import { type AnySummary, isEmptySummary, summarySize, type Tolerance } from '../parity/invariants.ts';
import { type ToleranceSpec, toleranceSpec } from '../parity/kinds.ts';
import type { LegacyAnswer } from '../parity/legacy-mapping.ts';
import { loadRecording } from '../parity/load-recording.ts';
import { assertRecordingMatches, type Recording } from '../parity/recording.ts';
import { type V1Fetch, v1Fetch } from '../parity/run.ts';
import {
  liveSource,
  type ParitySource,
  parityRetryPolicy,
  recordedSource,
  withLiveCases,
} from '../parity/sources.ts';
import { cachedForRun } from '../run/run-cache.ts';
import { currentRunId } from '../run/setup-record.ts';
import { parityLegacyBase } from '../targets/resolve.ts';
import type { ResolvedTarget } from '../targets/target.ts';

/** The v1 summary of an endpoint, schema-checked by the typed client, tagged with its endpoint. */
export async function fetchSummary(
  client: V1Client,
  endpoint: ExportEndpoint,
  filters: AnalyticsFiltersInput,
): Promise<AnySummary> {
  return (await client.summaryWithReply(endpoint, filters)).summary;
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

const DrawnCasesFile = z.object({
  cases: z.array(
    z.object({
      name: z.string(),
      endpoint: z.enum(PARITY_ENDPOINTS),
      filters: z.partialRecord(z.enum(FILTER_KEYS), z.array(z.string()).readonly()),
    }),
  ),
  problems: z.array(z.string()),
  description: z.string(),
});

/**
 * Cases drawn from the live legacy's values, once per run for a legacy, seed and count (kept for
 * the workers Playwright starts after failed tests: src/run/run-cache.ts).
 */
function cachedDrawing(legacy: LegacyClient, perEndpoint: number, seed: number): Promise<DrawnCases> {
  return cachedForRun(
    currentRunId(),
    `parity-drawing ${legacy.baseUrl} ${perEndpoint} ${seed}`,
    DrawnCasesFile,
    () => drawFromTarget(legacy, { perEndpoint, seed }),
  );
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

/** The baselines as a test sees them: what it needs, or a skip pointing at the baselines test. */
export interface AnalyticsBaselines {
  /**
   * The whole-dataset answers of `endpoints` and the data's values; when one of them is missing the
   * test is skipped, its reason naming the endpoint and the baselines test (which says why, once).
   */
  need<E extends ExportEndpoint>(...endpoints: E[]): Baseline<E>;
  /**
   * `check` on each endpoint whose baseline is there, one step each. When some endpoint's is missing
   * and every check ran passed, the test is skipped naming what was checked and what was not: a
   * partial check is never a pass.
   */
  eachEndpoint(
    check: (endpoint: ExportEndpoint, unfiltered: AnySummary, values: DataValues) => Promise<void>,
  ): Promise<void>;
}

interface AnalyticsTestFixtures {
  tolerance: Tolerance;
  parity: ParityContext;
  baselines: AnalyticsBaselines;
}

interface AnalyticsWorkerFixtures {
  baselineOutcome: BaselineOutcome;
}

/** One endpoint's whole-dataset answer, or why it is unusable (the reply's status and trace id said). */
async function fetchBaseline(
  client: V1Client,
  transport: HttpTransport,
  legacyBase: string,
  endpoint: ExportEndpoint,
): Promise<{ summary?: AnySummary; problem?: string; asked: Record<string, unknown> }> {
  const filters = WHOLE_DATASET[endpoint];
  try {
    const { summary, reply } = await client.summaryWithReply(endpoint, filters);
    const empty = isEmptySummary(summary);
    const asked = { endpoint, filters, ...summarySize(summary), empty };
    if (!empty) return { summary, asked };
    return { asked, problem: await emptyAnswerProblem(reply, summary, filters, transport, legacyBase) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      asked: { endpoint, filters, error: message },
      problem: `${JSON.stringify(filters)}: ${message}`,
    };
  }
}

/** What fetching the baselines gave, as kept for the run: the answers parse again on reading. */
const FetchedBaselines = z.object({
  answers: z.object({
    portfolio: PortfolioSummary.optional(),
    rendimiento: RendimientoSummary.optional(),
    mora: MoraSummary.optional(),
    brokers: BrokersSummary.optional(),
  }),
  problems: z.partialRecord(z.enum(EXPORT_ENDPOINTS), z.string()),
  asked: z.array(z.record(z.string(), z.unknown())),
});
type FetchedBaselines = z.output<typeof FetchedBaselines>;

async function fetchBaselines(
  context: APIRequestContext,
  sessions: { accessToken(role: 'viewer'): Promise<string> },
  target: ResolvedTarget,
): Promise<FetchedBaselines> {
  const transport = playwrightTransport(context);
  const client = new V1Client(target.apiBase, transport, {
    traceIdPrefix: 'e2e-analytics-baseline',
  }).withToken(await sessions.accessToken('viewer'));
  const answers: Partial<Record<ExportEndpoint, unknown>> = {};
  const problems: Partial<Record<ExportEndpoint, string>> = {};
  const asked: Record<string, unknown>[] = [];
  for (const endpoint of EXPORT_ENDPOINTS) {
    const fetched = await fetchBaseline(client, transport, target.legacyBase, endpoint);
    asked.push(fetched.asked);
    if (fetched.summary) answers[endpoint] = fetched.summary.payload;
    if (fetched.problem) problems[endpoint] = fetched.problem;
  }
  return { answers: answers as FetchedBaselines['answers'], problems, asked };
}

export const test = base.extend<AnalyticsTestFixtures, AnalyticsWorkerFixtures>({
  baselineOutcome: [
    async ({ sessions, target, playwright }, use) => {
      // Fetched once per run (src/run/run-cache.ts): every worker started after a failed analytics
      // test reads the same answers back instead of asking the target again.
      const fetched = await cachedForRun(
        currentRunId(),
        `analytics-baselines ${target.apiBase}`,
        FetchedBaselines,
        async () => {
          const context = await playwright.request.newContext();
          try {
            return await fetchBaselines(context, sessions, target);
          } finally {
            await context.dispose();
          }
        },
      );
      await use(
        settleBaselines(fetched.answers as Partial<WholeDatasetAnswers>, fetched.problems, fetched.asked),
      );
    },
    { scope: 'worker' },
  ],
  baselines: async ({ baselineOutcome }, use, testInfo) => {
    await use({
      need(...endpoints) {
        const missing = missingBaselines(baselineOutcome, endpoints);
        testInfo.skip(missing !== undefined, missing);
        return pickBaseline(baselineOutcome, endpoints);
      },
      async eachEndpoint(check) {
        const { values } = baselineOutcome;
        const noValues = missingBaselines(baselineOutcome, []);
        testInfo.skip(noValues !== undefined || !values, noValues);
        if (!values) return;
        const checked: ExportEndpoint[] = [];
        const missing: string[] = [];
        for (const endpoint of EXPORT_ENDPOINTS) {
          const unfiltered = unfilteredSummary(baselineOutcome.answers, endpoint);
          if (!unfiltered) {
            missing.push(missingBaselines(baselineOutcome, [endpoint]) ?? endpoint);
            continue;
          }
          await base.step(endpoint, () => check(endpoint, unfiltered, values));
          checked.push(endpoint);
        }
        testInfo.skip(
          missing.length > 0,
          `checked ${checked.join(', ') || 'nothing'}; not checked: ${missing.join('; ')}`,
        );
      },
    });
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

export {
  BASELINES_TEST,
  exportFilters,
  invariantFilterSets,
  unfilteredSummary,
} from '../analytics/baselines.ts';
export { expect } from '../fixtures.ts';
