// One monitored cutover window with the light legacy traffic it needs to have something to judge,
// and what it left behind (interval lines, traffic figures, the evidence file).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { undiciTransport } from '../clients/transport.ts';
import { SECRET_VARIABLES, type SuiteConfig } from '../config.ts';
import { LEGACY_PATHS, V1_PATHS, WHOLE_DATASET } from '../contract/endpoints.ts';
import { RUNBOOK_FILTERS, toLegacyQuery } from '../contract/filters.ts';
import { suiteVersion } from '../evidence/suite-version.ts';
import { writeEvidence } from '../evidence/writer.ts';
import { DegradedTally, legacyHasData } from '../perf/degraded.ts';
import { loginForToken } from '../perf/gate.ts';
import { type EndpointLoadResult, runEndpointLoad } from '../perf/load.ts';
import type { ResolvedTarget } from '../targets/target.ts';
import { cutoverEvidenceRecord } from './evidence.ts';
import { type MonitorResult, runMonitor } from './monitor.ts';
import { type MonitorOptions, monitorOptionsFromConfig } from './options.ts';
import { defaultMonitorDeps } from './real-deps.ts';

/** Background traffic the window needs to have something to judge. */
interface WindowTraffic {
  /** Path and query of the legacy GET (no credentials in it). */
  request: string;
  maxRps: number;
  connections: number;
  responses: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
  elapsedSeconds: number;
  stoppedBy: string;
}

/**
 * v1 analytics traffic during the window, every 2xx body judged (src/perf/degraded.ts): a fallback
 * or an empty answer where the legacy has data is an error, as a 5xx is, so an outage v1 covers up
 * with 200s still shows.
 */
interface V1WindowTraffic {
  request: string;
  maxRps: number;
  responses: number;
  non2xx: number;
  errors: number;
  degraded: number;
  degradedReasons: Record<string, number>;
  /** Empty answers the legacy could not be asked about. */
  emptyUnchecked: string[];
  /** Failed requests (non-2xx, errors, degraded) per response, percent. */
  errorRatePct: number;
  /** Set when the traffic could not start (no login). */
  notStarted?: string;
}

/** An `interval` line of CUTOVER_OUT_FILE, the fields the window's tests read. */
const IntervalLine = z.looseObject({
  type: z.literal('interval'),
  index: z.number(),
  status: z.string(),
  reset: z.boolean(),
  reasons: z.array(z.string()),
});
const AnyLine = z.looseObject({ type: z.string() });

type WindowInterval = z.infer<typeof IntervalLine>;

/** One monitored window and what it left behind, shared by the cutover gate's tests. */
export interface CutoverWindowRun {
  /** The Playwright runner's pid: a result cached by an earlier worker of the same run only. */
  runnerPid: number;
  settings: {
    metricsUrl: string;
    windowMinutes: number;
    intervalSeconds: number;
    thresholds: MonitorOptions['thresholds'];
    rollbackHook: boolean;
    outFile: string;
  };
  result: MonitorResult;
  /** Interval judgements this window appended to CUTOVER_OUT_FILE. */
  intervals: WindowInterval[];
  /** Lines of each type this window appended to CUTOVER_OUT_FILE. */
  lineCounts: Record<string, number>;
  traffic: WindowTraffic;
  v1Traffic: V1WindowTraffic;
  /** EVIDENCE_DIR/cutover-window.json (the record `npm run cutover:monitor` writes). */
  evidenceFile: string;
}

/** Requests per second of background traffic: 10, or enough for twice the minimum per interval. */
function trafficRate(thresholds: MonitorOptions['thresholds'], intervalSeconds: number): number {
  return Math.max(10, Math.ceil((2 * thresholds.minRequests) / intervalSeconds));
}

/** The metrics URL: CUTOVER_METRICS_URL, else the target's legacy ops metrics. */
function windowMetricsUrl(config: SuiteConfig, target: ResolvedTarget): string {
  return config.CUTOVER_METRICS_URL ?? `${target.legacyBase.replace(/\/+$/, '')}${LEGACY_PATHS.opsMetrics}`;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** The lines appended to `file` after byte `offset`, parsed. */
async function linesSince(file: string, offset: number): Promise<{ type: string; line: unknown }[]> {
  const text = (await readFile(file)).subarray(offset).toString('utf8');
  const lines: { type: string; line: unknown }[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const json: unknown = JSON.parse(raw);
    lines.push({ type: AnyLine.parse(json).type, line: json });
  }
  return lines;
}

/** What the window's lines in the out file say: line counts by type and the interval judgements. */
async function readWindowLines(file: string, offset: number) {
  const appended = await linesSince(file, offset);
  const lineCounts: Record<string, number> = {};
  for (const { type } of appended) lineCounts[type] = (lineCounts[type] ?? 0) + 1;
  const intervals = appended.flatMap(({ line }) => {
    const parsed = IntervalLine.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
  return { lineCounts, intervals };
}

/** A filtered analytics GET on the legacy side, rate-capped, until `signal` aborts (bounded anyway). */
function startTraffic(options: MonitorOptions, target: ResolvedTarget, signal: AbortSignal) {
  const request = `${LEGACY_PATHS.performance}?${toLegacyQuery(RUNBOOK_FILTERS).toString()}`;
  const maxRps = trafficRate(options.thresholds, options.intervalSeconds);
  const connections = 2;
  // Bounded even if the monitor hung: the window, one interval and a margin.
  const boundSeconds = options.windowMinutes * 60 + options.intervalSeconds + 30;
  const load: Promise<EndpointLoadResult> = runEndpointLoad({
    url: `${target.legacyBase.replace(/\/+$/, '')}${request}`,
    method: 'GET',
    connections,
    durationSeconds: boundSeconds,
    maxRequests: Math.ceil(maxRps * boundSeconds) + 1,
    maxRps,
    warmupRequests: 0,
    timeoutSeconds: 10,
    signal,
  });
  return { request, maxRps, connections, load };
}

/** v1 traffic: the mora summary (a critical KPI) for the whole dataset, a few per second. */
const V1_TRAFFIC_RPS = 2;

async function startV1Traffic(
  config: SuiteConfig,
  options: MonitorOptions,
  target: ResolvedTarget,
  signal: AbortSignal,
): Promise<() => Promise<V1WindowTraffic>> {
  const request = `POST ${V1_PATHS.moraSummary} ${JSON.stringify(WHOLE_DATASET.mora)}`;
  const empty = (notStarted: string): V1WindowTraffic => ({
    request,
    maxRps: V1_TRAFFIC_RPS,
    responses: 0,
    non2xx: 0,
    errors: 0,
    degraded: 0,
    degradedReasons: {},
    emptyUnchecked: [],
    errorRatePct: 0,
    notStarted,
  });
  let token: string;
  try {
    token = await loginForToken(target.apiBase, config.E2E_VIEWER_USER, config.E2E_VIEWER_PASSWORD, 10_000);
  } catch (error) {
    const reason = `could not log in for the v1 traffic: ${error instanceof Error ? error.message : String(error)}`;
    return async () => empty(reason);
  }
  const tally = new DegradedTally('mora');
  const boundSeconds = options.windowMinutes * 60 + options.intervalSeconds + 30;
  const load = runEndpointLoad({
    url: `${target.apiBase.replace(/\/+$/, '')}${V1_PATHS.moraSummary}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    bodies: [JSON.stringify(WHOLE_DATASET.mora)],
    connections: 1,
    durationSeconds: boundSeconds,
    maxRequests: Math.ceil(V1_TRAFFIC_RPS * boundSeconds) + 1,
    maxRps: V1_TRAFFIC_RPS,
    warmupRequests: 0,
    timeoutSeconds: 10,
    signal,
    onBody: (body, sent) => tally.record(body, sent),
  });
  return async () => {
    const result = await load;
    const emptyUnchecked = await tally.confirmEmpty((body) =>
      legacyHasData(undiciTransport(), target.legacyBase, 'mora', body),
    );
    const failed = result.non2xx + result.errors + tally.degraded;
    return {
      request,
      maxRps: V1_TRAFFIC_RPS,
      responses: result.responses,
      non2xx: result.non2xx,
      errors: result.errors,
      degraded: tally.degraded,
      degradedReasons: tally.reasons,
      emptyUnchecked,
      errorRatePct: result.responses > 0 ? Math.round((failed / result.responses) * 1000) / 10 : 0,
    };
  };
}

function trafficFigures(
  started: { request: string; maxRps: number; connections: number },
  traffic: EndpointLoadResult,
): WindowTraffic {
  return {
    request: started.request,
    maxRps: started.maxRps,
    connections: started.connections,
    responses: traffic.responses,
    non2xx: traffic.non2xx,
    errors: traffic.errors,
    statusCounts: traffic.statusCounts,
    elapsedSeconds: Math.round(traffic.elapsedSeconds * 10) / 10,
    stoppedBy: traffic.stoppedBy,
  };
}

/**
 * Drive light legacy traffic (a filtered analytics GET, rate-capped) while the monitor polls the
 * metrics for the configured window, then stop the traffic and record the evidence.
 */
export async function runCutoverWindow(
  config: SuiteConfig,
  target: ResolvedTarget,
): Promise<CutoverWindowRun> {
  const options: MonitorOptions = {
    ...monitorOptionsFromConfig(config),
    metricsUrl: windowMetricsUrl(config, target),
  };
  const offset = await fileSize(options.outFile);
  const stopTraffic = new AbortController();
  const started = startTraffic(options, target, stopTraffic.signal);
  const v1Finished = await startV1Traffic(config, options, target, stopTraffic.signal);
  let result: MonitorResult;
  try {
    result = await runMonitor(options, defaultMonitorDeps());
  } finally {
    stopTraffic.abort();
  }
  const traffic = trafficFigures(started, await started.load);
  const v1Traffic = await v1Finished();
  const { lineCounts, intervals } = await readWindowLines(options.outFile, offset);
  const record = cutoverEvidenceRecord(result, options, target, suiteVersion());
  record.figures.traffic = traffic;
  record.figures.v1Traffic = v1Traffic;
  const secrets = SECRET_VARIABLES.map((name) => config[name]);
  const evidenceFile = await writeEvidence(config.EVIDENCE_DIR, record, secrets);
  return {
    runnerPid: process.ppid,
    settings: {
      metricsUrl: result.metricsUrl,
      windowMinutes: options.windowMinutes,
      intervalSeconds: options.intervalSeconds,
      thresholds: options.thresholds,
      rollbackHook: options.rollbackCommand !== undefined,
      outFile: options.outFile,
    },
    result,
    intervals,
    lineCounts,
    traffic,
    v1Traffic,
    evidenceFile,
  };
}
