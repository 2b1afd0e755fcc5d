// One monitored cutover window with the light legacy traffic it needs to have something to judge,
// and what it left behind (interval lines, traffic figures, the evidence file).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { SECRET_VARIABLES, type SuiteConfig } from '../config.ts';
import { LEGACY_PATHS } from '../contract/endpoints.ts';
import { RUNBOOK_FILTERS, toLegacyQuery } from '../contract/filters.ts';
import { suiteVersion } from '../evidence/suite-version.ts';
import { writeEvidence } from '../evidence/writer.ts';
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
  let result: MonitorResult;
  try {
    result = await runMonitor(options, defaultMonitorDeps());
  } finally {
    stopTraffic.abort();
  }
  const traffic = trafficFigures(started, await started.load);
  const { lineCounts, intervals } = await readWindowLines(options.outFile, offset);
  const record = cutoverEvidenceRecord(result, options, target, suiteVersion());
  record.figures.traffic = traffic;
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
    evidenceFile,
  };
}
