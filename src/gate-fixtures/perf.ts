// Fixtures of the perf gate (tests/perf) and of the cutover window gate (tests/cutover), the two gates
// of issue 4. Perf: the gate's options (with the production rate cap), the generator ceiling measured
// once per worker, and reference servers of a test's own (latency injection, killed in teardown).
// Cutover: one monitored window per run, shared by the window's tests (see cutoverWindow).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  cutoverEvidenceRecord,
  defaultMonitorDeps,
  type MonitorOptions,
  type MonitorResult,
  monitorOptionsFromConfig,
  runMonitor,
} from '../../cli/cutover-monitor.ts';
import { loadConfig, SECRET_VARIABLES, type SuiteConfig } from '../config.ts';
import { LEGACY_PATHS } from '../contract/endpoints.ts';
import { RUNBOOK_FILTERS, toLegacyQuery } from '../contract/filters.ts';
import { suiteVersion } from '../evidence/suite-version.ts';
import { writeEvidence } from '../evidence/writer.ts';
import { test as base } from '../fixtures.ts';
import {
  type CeilingContext,
  measureCeilingContext,
  type PerfGateOptions,
  perfGateOptionsFromConfig,
} from '../perf/gate.ts';
import { type EndpointLoadResult, runEndpointLoad } from '../perf/load.ts';
import { READY_LINE, referenceServerArgs } from '../targets/reference.ts';
import type { ResolvedTarget } from '../targets/target.ts';

// ---------------------------------------------------------------------------------------------
// Perf

/** A reference server a test started for itself (not the run's target). */
export interface OwnReferenceServer {
  apiBase: string;
  legacyBase: string;
  /** The --latency spec it was started with. */
  latency: string;
}

export interface OwnReferenceServerOptions {
  /** --latency endpoint=ms[,p=fraction] */
  latency: string;
  dataset: string;
  /** Folder the server is started from (the suite's root). */
  cwd: string;
  startTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 5_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Ends the server this fixture started, by its own pid: SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    exited(child).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited(child);
  }
}

/**
 * Start `node --import tsx reference-server/src/main.ts` on free loopback ports with the given latency
 * injection and no fault (a run's REFERENCE_FAULTS must not leak into it), and wait for its READY line.
 */
export async function startOwnReferenceServer(
  options: OwnReferenceServerOptions,
  started: ChildProcess[],
): Promise<OwnReferenceServer> {
  const args = referenceServerArgs({ dataset: options.dataset, faults: '', latency: options.latency });
  // Spawned directly (no shell, no npx wrapper): the pid we end is the server's own.
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, REFERENCE_FAULTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const lines = child.stdout ? createInterface({ input: child.stdout }) : undefined;
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`own reference server not READY within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`own reference server exited (${code ?? signal}) before READY: ${stderr.trim()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines?.close();
      // Keep draining stdout so the server never blocks on a full pipe.
      child.stdout?.resume();
    };
    child.once('exit', onExit);
    lines?.on('line', (line) => {
      const match = READY_LINE.exec(line);
      if (!match) return;
      finish();
      resolve(match);
    });
  });
  const apiBase = ready.groups?.reference_api_base;
  const legacyBase = ready.groups?.reference_legacy_base;
  if (!apiBase || !legacyBase) throw new Error('own reference server printed a READY line without URLs');
  return { apiBase, legacyBase, latency: options.latency };
}

interface PerfWorkerFixtures {
  /** The perf gate's options for this target: config, resolved API base, rate cap off loopback. */
  perfOptions: PerfGateOptions;
  /** The generator ceiling against the target's /health, measured once per worker. */
  generatorCeiling: CeilingContext;
}

interface PerfTestFixtures {
  /** Start a reference server of the test's own with a latency injection; ended after the test. */
  ownReferenceServer: (latency: string) => Promise<OwnReferenceServer>;
}

export const test = base.extend<PerfTestFixtures, PerfWorkerFixtures>({
  perfOptions: [
    async ({ suiteConfig, target }, use) => {
      await use(perfGateOptionsFromConfig(suiteConfig, target.apiBase));
    },
    { scope: 'worker' },
  ],
  generatorCeiling: [
    async ({ perfOptions }, use) => {
      await use(await measureCeilingContext(perfOptions));
    },
    // Its own budget: warm-up (about a second under a rate cap) plus the measured seconds.
    { scope: 'worker', timeout: 60_000 },
  ],
  ownReferenceServer: async ({ suiteConfig }, use, testInfo) => {
    const started: ChildProcess[] = [];
    const cwd = path.dirname(testInfo.config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
    try {
      await use((latency) =>
        startOwnReferenceServer({ latency, dataset: suiteConfig.REFERENCE_DATASET, cwd }, started),
      );
    } finally {
      await Promise.all(started.map(stopChild));
    }
  },
});

// ---------------------------------------------------------------------------------------------
// Cutover window

/** Background traffic the window needs to have something to judge. */
export interface WindowTraffic {
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

export type WindowInterval = z.infer<typeof IntervalLine>;

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
export function trafficRate(thresholds: MonitorOptions['thresholds'], intervalSeconds: number): number {
  return Math.max(10, Math.ceil((2 * thresholds.minRequests) / intervalSeconds));
}

/** The metrics URL: CUTOVER_METRICS_URL, else the target's legacy ops metrics. */
export function windowMetricsUrl(config: SuiteConfig, target: ResolvedTarget): string {
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
  const request = `${LEGACY_PATHS.performance}?${toLegacyQuery(RUNBOOK_FILTERS).toString()}`;
  const maxRps = trafficRate(options.thresholds, options.intervalSeconds);
  const connections = 2;
  const stopTraffic = new AbortController();
  const windowSeconds = options.windowMinutes * 60;
  const load: Promise<EndpointLoadResult> = runEndpointLoad({
    url: `${target.legacyBase.replace(/\/+$/, '')}${request}`,
    method: 'GET',
    connections,
    // Bounded even if the monitor hung: the window, one interval and a margin.
    durationSeconds: windowSeconds + options.intervalSeconds + 30,
    maxRequests: Math.ceil(maxRps * (windowSeconds + options.intervalSeconds + 30)) + 1,
    maxRps,
    warmupRequests: 0,
    timeoutSeconds: 10,
    signal: stopTraffic.signal,
  });
  let result: MonitorResult;
  try {
    result = await runMonitor(options, defaultMonitorDeps());
  } finally {
    stopTraffic.abort();
  }
  const traffic = await load;
  const appended = await linesSince(options.outFile, offset);
  const lineCounts: Record<string, number> = {};
  for (const { type } of appended) lineCounts[type] = (lineCounts[type] ?? 0) + 1;
  const intervals = appended.flatMap(({ line }) => {
    const parsed = IntervalLine.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
  const trafficRecord: WindowTraffic = {
    request,
    maxRps,
    connections,
    responses: traffic.responses,
    non2xx: traffic.non2xx,
    errors: traffic.errors,
    statusCounts: traffic.statusCounts,
    elapsedSeconds: Math.round(traffic.elapsedSeconds * 10) / 10,
    stoppedBy: traffic.stoppedBy,
  };
  const record = cutoverEvidenceRecord(result, options, target, suiteVersion());
  record.figures.traffic = trafficRecord;
  const evidenceFile = await writeEvidence(
    config.EVIDENCE_DIR,
    record,
    SECRET_VARIABLES.map((name) => config[name]),
  );
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
    traffic: trafficRecord,
    evidenceFile,
  };
}

/** How long the window fixture may take: the window, the traffic's stop, evidence, and a margin. */
function windowFixtureTimeoutMs(config: SuiteConfig): number {
  return (config.CUTOVER_WINDOW_MINUTES * 60 + config.CUTOVER_INTERVAL_SECONDS + 120) * 1000;
}

const CachedRunStamp = z.looseObject({ runnerPid: z.number() });

interface CutoverWorkerFixtures {
  /**
   * The window, monitored once per run. Playwright replaces a worker after a failed test; the next
   * worker of the same run reads the window from the project's output folder (emptied at the start of
   * every run) instead of monitoring a second window, so every test judges the same one.
   */
  cutoverWindow: CutoverWindowRun;
}

export const cutoverTest = base.extend<object, CutoverWorkerFixtures>({
  cutoverWindow: [
    async ({ suiteConfig, target }, use, workerInfo) => {
      const cache = path.join(workerInfo.project.outputDir, 'cutover-window-run.json');
      let run: CutoverWindowRun | undefined;
      try {
        const json: unknown = JSON.parse(await readFile(cache, 'utf8'));
        // Written by runCutoverWindow in this folder; only its run stamp needs checking.
        if (CachedRunStamp.parse(json).runnerPid === process.ppid) run = json as CutoverWindowRun;
      } catch {
        // No window yet in this run.
      }
      if (run === undefined) {
        run = await runCutoverWindow(suiteConfig, target);
        await mkdir(path.dirname(cache), { recursive: true });
        await writeFile(cache, JSON.stringify(run), 'utf8');
      }
      await use(run);
    },
    { scope: 'worker', timeout: windowFixtureTimeoutMs(loadConfig()) },
  ],
});

export { excludeTest, expect } from '../fixtures.ts';
