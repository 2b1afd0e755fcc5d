// One monitored cutover window, judged on the target's own traffic (the suite sends the legacy
// nothing to fill it: a quiet window is inconclusive), with light labelled v1 probe traffic whose
// answers are judged, and what it left behind (interval lines, traffic figures, the evidence file).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { undiciTransport } from '../clients/transport.ts';
import { SECRET_VARIABLES, type SuiteConfig } from '../config.ts';
import { LEGACY_PATHS, V1_PATHS, WHOLE_DATASET } from '../contract/endpoints.ts';
import { suiteVersion } from '../evidence/suite-version.ts';
import { writeEvidence } from '../evidence/writer.ts';
import { DegradedTally, legacyHasData } from '../perf/degraded.ts';
import { runEndpointLoad } from '../perf/load.ts';
import { loginForToken } from '../perf/login.ts';
import type { ResolvedTarget } from '../targets/target.ts';
import { cutoverEvidenceRecord } from './evidence.ts';
import { type MonitorResult, runMonitor } from './monitor.ts';
import { type MonitorOptions, monitorOptionsFromConfig } from './options.ts';
import { defaultMonitorDeps } from './real-deps.ts';

/**
 * What the suite itself sent during the window, labelled with PROBE_USER_AGENT: by the legacy endpoint
 * it lands on where v1 forwards to the legacy, and left out of the verdict's volume rules there.
 */
interface OwnTraffic {
  userAgent: string;
  sentByLegacyEndpoint: Record<string, number>;
}

/** The user agent of the suite's own requests during the window (its probes, never the target's users). */
const PROBE_USER_AGENT = 'cobranzas-e2e-probe';

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
  traffic: OwnTraffic;
  v1Traffic: V1WindowTraffic;
  /** EVIDENCE_DIR/cutover-window.json (the record `npm run cutover:monitor` writes). */
  evidenceFile: string;
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

/** v1 traffic: the mora summary (a critical KPI) for the whole dataset, a few per second. */
const V1_TRAFFIC_RPS = 2;

async function startV1Traffic(
  config: SuiteConfig,
  options: MonitorOptions,
  target: ResolvedTarget,
  signal: AbortSignal,
  own: OwnTraffic,
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
  const v1Prefix = new URL(target.apiBase).pathname.replace(/\/+$/, '');
  const probePaths = [`${v1Prefix}${V1_PATHS.moraSummary}`, LEGACY_PATHS.morosoTrend];
  const boundSeconds = options.windowMinutes * 60 + options.intervalSeconds + 30;
  const load = runEndpointLoad({
    url: `${target.apiBase.replace(/\/+$/, '')}${V1_PATHS.moraSummary}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'user-agent': own.userAgent,
    },
    // Counted wherever the metrics may show them: under the v1 path (a legacy process that also
    // meters v1, as the reference server's does) and on the moroso trend (v1 forwarding to it).
    onSent: () => {
      for (const path of probePaths)
        own.sentByLegacyEndpoint[path] = (own.sentByLegacyEndpoint[path] ?? 0) + 1;
    },
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

/**
 * Monitor the window on the target's traffic, with the labelled v1 probe traffic running and left
 * out of the verdict's volume rules, then stop the probes and record the evidence.
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
  const traffic: OwnTraffic = { userAgent: PROBE_USER_AGENT, sentByLegacyEndpoint: {} };
  const v1Finished = await startV1Traffic(config, options, target, stopTraffic.signal, traffic);
  let result: MonitorResult;
  try {
    result = await runMonitor(options, {
      ...defaultMonitorDeps(),
      ownTraffic: () => traffic.sentByLegacyEndpoint,
    });
  } finally {
    stopTraffic.abort();
  }
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
