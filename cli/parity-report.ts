// npm run parity:report -- [--source live|recorded] [--dataset NAME] [--api URL] [--legacy URL]
//                          [--recorded DIR] [--endpoint portfolio,mora] [--runs 2] [--no-noise] [--json]
//                          [--drawn N] [--seed S]
// The runbook's parity_check_analytics_v1.py without Playwright: logs in to API v1 (the viewer account
// of the configuration), compares every parity case with the legacy (live, or the recordings of the
// dataset the target serves), and prints the report of each consecutive run (default 2, as the runbook
// asks). A run states its source and dataset; recordings of another dataset are refused. Besides those
// cases it draws --drawn cases per endpoint (PARITY_DRAWN_CASES) from the live legacy's own values with
// --seed (PARITY_DRAW_SEED), compared live; with recordings, the live legacy is still asked whether
// v1 forwards to it (then parity proves nothing).
// Exit 0 every run passed, 1 a run failed, 2 misconfigured or unreachable.

import { parseCommandLine, runWhenMain, UsageError } from '../src/cli/command-line.ts';
import { LegacyClient } from '../src/clients/legacy-client.ts';
import { enableRatePacing } from '../src/clients/rate-pacing.ts';
import type { RetryPolicy } from '../src/clients/retry.ts';
import { type HttpTransport, undiciTransport } from '../src/clients/transport.ts';
import { V1Client } from '../src/clients/v1-client.ts';
import { loadConfig, type SuiteConfig } from '../src/config.ts';
import { PARITY_CASES, PARITY_ENDPOINTS } from '../src/parity/case-set.ts';
import { activeDeviations, loadDeviations } from '../src/parity/deviations.ts';
import { drawFromTarget } from '../src/parity/draw.ts';
import { toleranceSpec } from '../src/parity/kinds.ts';
import { loadRecording } from '../src/parity/load-recording.ts';
import type { ParityEndpoint } from '../src/parity/profiles.ts';
import { assertRecordingMatches } from '../src/parity/recording.ts';
import { judgeRun, renderJsonReport, renderTextReport } from '../src/parity/report.ts';
import {
  type ParityExecution,
  type ParityExecutionOptions,
  runParityExecution,
  v1Fetch,
} from '../src/parity/run.ts';
import { liveSource, parityRetryPolicy, recordedSource, withLiveCases } from '../src/parity/sources.ts';

export interface ParityReportOptions {
  source: 'live' | 'recorded';
  apiBase: string;
  legacyBase: string;
  recordedDir: string | undefined;
  /** The dataset the target serves, as the operator states it. */
  dataset: string | undefined;
  endpoints: ParityEndpoint[];
  runs: number;
  noise: boolean;
  json: boolean;
  /** By kind (counts exact) or the runbook script's single tolerance, for comparison with it. */
  tolerance: 'kinds' | 'runbook';
  /** Cases drawn per endpoint from the live legacy's values, and their seed. */
  drawn: number;
  seed: number;
}

const USAGE =
  'usage: npm run parity:report -- [--source live|recorded] [--dataset NAME] [--api URL] [--legacy URL] ' +
  '[--recorded DIR] [--endpoint portfolio,rendimiento,mora,brokers] [--runs N] [--no-noise] [--json] [--tolerance kinds|runbook] ' +
  '[--drawn N] [--seed S]';

/** Options from the command line over the configuration (PARITY_* variables). */
export function parityReportOptions(argv: string[], config: SuiteConfig): ParityReportOptions {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        source: { type: 'string' },
        dataset: { type: 'string' },
        api: { type: 'string' },
        legacy: { type: 'string' },
        recorded: { type: 'string' },
        endpoint: { type: 'string' },
        runs: { type: 'string' },
        'no-noise': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        tolerance: { type: 'string' },
        drawn: { type: 'string' },
        seed: { type: 'string' },
      },
      allowPositionals: false,
    },
    USAGE,
  );
  const source = values.source ?? config.paritySource;
  if (source !== 'live' && source !== 'recorded')
    throw new UsageError(`--source must be live or recorded\n${USAGE}`);
  const endpoints = (values.endpoint ?? PARITY_ENDPOINTS.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = endpoints.filter((name) => !(PARITY_ENDPOINTS as readonly string[]).includes(name));
  if (endpoints.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--endpoint: unknown ${unknown.join(', ') || '(none given)'}; known: ${PARITY_ENDPOINTS.join(', ')}`,
    );
  }
  const tolerance = values.tolerance ?? config.PARITY_TOLERANCE;
  if (tolerance !== 'kinds' && tolerance !== 'runbook')
    throw new UsageError(`--tolerance must be kinds or runbook\n${USAGE}`);
  const runs = Number(values.runs ?? '2');
  if (!Number.isInteger(runs) || runs < 1 || runs > 10)
    throw new UsageError('--runs must be an integer from 1 to 10');
  const drawn = Number(values.drawn ?? config.PARITY_DRAWN_CASES);
  if (!Number.isInteger(drawn) || drawn < 0 || drawn > 50)
    throw new UsageError('--drawn must be an integer from 0 to 50 (cases drawn per endpoint)');
  const seed = Number(values.seed ?? config.PARITY_DRAW_SEED);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
  const recordedDir = values.recorded ?? config.PARITY_RECORDED;
  const dataset = values.dataset;
  if (source === 'recorded' && dataset === undefined) {
    // Outside Playwright the suite cannot know what the target serves: the operator must say it.
    throw new UsageError(
      '--source recorded needs --dataset NAME (the dataset the target serves), so recordings of another ' +
        'dataset are never compared with it',
    );
  }
  return {
    source,
    apiBase: (values.api ?? config.API_V1_BASE).replace(/\/+$/, ''),
    legacyBase: (values.legacy ?? config.parityLegacyBase).replace(/\/+$/, ''),
    recordedDir: source === 'recorded' ? (recordedDir ?? `fixtures/golden/${dataset}`) : undefined,
    dataset,
    endpoints: PARITY_ENDPOINTS.filter((name) => endpoints.includes(name)),
    runs,
    noise: !values['no-noise'],
    json: values.json === true,
    tolerance,
    drawn,
    seed,
  };
}

export interface ParityReportDeps {
  transport?: HttpTransport;
  write?: (text: string) => void;
  today?: Date;
}

type DrawnCases = Awaited<ReturnType<typeof drawFromTarget>>;

/**
 * The legacy side of every run: the recordings (with the drawn cases live, and the live legacy asked
 * for forwarding evidence) or the live legacy for the case set and the drawn cases.
 */
async function reportSource(
  options: ParityReportOptions,
  legacy: LegacyClient,
  drawn: DrawnCases,
  retry: RetryPolicy,
): Promise<Pick<ParityExecutionOptions, 'source' | 'liveLegacy'>> {
  // Drawn cases come from the live legacy's own data and are compared live, whatever the source.
  const drawnSource = liveSource({ legacy, cases: drawn.cases, retry });
  if (options.source !== 'recorded') {
    return {
      source: liveSource({
        legacy,
        cases: [...PARITY_CASES, ...drawn.cases],
        retry,
        ...(options.dataset ? { dataset: options.dataset } : {}),
      }),
    };
  }
  const recording = await loadRecording(options.recordedDir ?? '');
  assertRecordingMatches(recording, options.dataset);
  // Forwarding (v1 passing the legacy's answer through) shows only against the live legacy.
  const live = liveSource({ legacy, cases: recording.cases, retry });
  return {
    source: withLiveCases(recordedSource(recording), drawnSource),
    liveLegacy: async (parityCase) => (await live.legacy(parityCase, { repeat: false })).answers,
  };
}

/** One run's report: JSON, or the text report with the cases not compared and the retries. */
function writeRun(execution: ParityExecution, json: boolean, write: (text: string) => void): void {
  if (json) {
    write(`${renderJsonReport(execution.run)}\n`);
    return;
  }
  write(`${renderTextReport(execution.run)}\n`);
  for (const outcome of execution.outcomes.filter((o) => o.unrecorded.length > 0)) {
    write(`  not recorded, so not compared: ${outcome.case}: ${outcome.unrecorded.join(', ')}\n`);
  }
  for (const retried of execution.retries) {
    write(`  retried ${retried.side} ${retried.case} attempt ${retried.attempt}: ${retried.reason}\n`);
  }
  write('\n');
}

/** Runs the report; returns the exit code. */
export async function main(
  argv: string[],
  config: SuiteConfig = loadConfig(),
  deps: ParityReportDeps = {},
): Promise<number> {
  const options = parityReportOptions(argv, config);
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  // Logins share the target's rate budget with the suite's runs and the other tools.
  if (!deps.transport) enableRatePacing(config, options.apiBase, (line) => process.stderr.write(`${line}\n`));
  const transport = deps.transport ?? undiciTransport();
  const retry = parityRetryPolicy(config.PARITY_RETRIES);
  const deviations = await loadDeviations(config.PARITY_DEVIATIONS);
  const registryErrors = activeDeviations(deviations, deps.today ?? new Date()).expired;

  const legacy = new LegacyClient(options.legacyBase, transport, { traceIdPrefix: 'parity-report-legacy' });
  const drawn = await drawFromTarget(legacy, { perEndpoint: options.drawn, seed: options.seed });
  const { source, liveLegacy } = await reportSource(options, legacy, drawn, retry);
  const anonymous = new V1Client(options.apiBase, transport, { traceIdPrefix: 'parity-report' });
  const pair = await anonymous.login(config.E2E_VIEWER_USER, config.E2E_VIEWER_PASSWORD);
  const client = anonymous.withToken(pair.access_token);

  let failed = false;
  let noise: Map<string, string[]> | undefined;
  for (let run = 1; run <= options.runs; run++) {
    const execution = await runParityExecution({
      source,
      fetchV1: v1Fetch(client),
      endpoints: options.endpoints,
      tolerance: toleranceSpec(options.tolerance, config),
      deviations,
      registryErrors,
      problems: drawn.problems,
      ...(liveLegacy ? { liveLegacy } : {}),
      ...(deps.today ? { today: deps.today } : {}),
      learnNoise: options.noise && run === 1,
      ...(noise ? { knownNoise: noise } : {}),
      header: {
        target: options.apiBase,
        'target dataset': options.dataset ?? 'not stated',
        'drawn cases': drawn.description,
        run: `${run} of ${options.runs}`,
      },
    });
    noise = execution.noise;
    failed ||= judgeRun(execution.run).verdict !== 'pass';
    writeRun(execution, options.json, write);
  }
  if (!options.json) {
    write(
      failed
        ? `PARITY FAIL: not every one of ${options.runs} consecutive run(s) passed\n`
        : `PARITY PASS: ${options.runs} consecutive run(s) passed\n`,
    );
  }
  return failed ? 1 : 0;
}

runWhenMain(import.meta.url, main, 'parity report');
