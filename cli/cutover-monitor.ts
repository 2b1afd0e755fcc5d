// npm run cutover:monitor
// The runbook's T+0..T+30 window monitor (cutover_window_monitor.py), judged like a canary analysis:
// polls CUTOVER_METRICS_URL (the legacy ops metrics) every CUTOVER_INTERVAL_SECONDS for
// CUTOVER_WINDOW_MINUTES (window / interval + 1 samples), judges each interval from the difference
// of consecutive cumulative snapshots (src/stats/windows.ts), appends one JSON line per sample,
// interval judgement, failed fetch, rollback and the final verdict to CUTOVER_OUT_FILE, stops at
// the first failed window and then runs CUTOVER_ROLLBACK_CMD once, if set. The gate's evidence
// record goes to EVIDENCE_DIR/cutover-window.json.
// Exit 0 pass, 1 fail, 2 inconclusive or misconfigured.
//
// Every fetch has a timeout (CUTOVER_FETCH_TIMEOUT_MS) and at most CUTOVER_FETCH_RETRIES retries;
// a sample whose fetch still fails is recorded and skipped (CUTOVER_MAX_FETCH_FAILURES of them are
// tolerated). The rollback command's text and output are never printed or recorded (they may hold
// credentials): only that it ran, its exit code or signal, whether it timed out, and how long it took.
import { spawn } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fetch as undiciFetch } from 'undici';
import { runWhenMain } from '../src/cli/command-line.ts';
import { ConfigError, loadConfig, type SuiteConfig } from '../src/config.ts';
import type { EvidenceRecord } from '../src/evidence/record.ts';
import { redactText } from '../src/evidence/redact.ts';
import { suiteVersion } from '../src/evidence/suite-version.ts';
import { writeEvidence } from '../src/evidence/writer.ts';
import { OpsMetrics, toSnapshot } from '../src/stats/ops-metrics.ts';
import {
  advanceWindow,
  type BaselineEvent,
  type FetchFailureEvent,
  type IntervalJudgement,
  initialWindowState,
  type SeriesEntry,
  type WindowResult,
  type WindowThresholds,
  type WindowVerdict,
  windowVerdict,
} from '../src/stats/windows.ts';
import { targetForCli } from '../src/targets/resolve.ts';
import type { ResolvedTarget } from '../src/targets/target.ts';

export interface MonitorOptions {
  metricsUrl: string;
  windowMinutes: number;
  intervalSeconds: number;
  thresholds: WindowThresholds;
  /** Retries after a failed attempt, per sample. */
  fetchRetries: number;
  fetchTimeoutMs: number;
  outFile: string;
  rollbackCommand?: string | undefined;
  rollbackTimeoutMs: number;
}

export interface FetchAnswer {
  status: number;
  text(): Promise<string>;
}

export interface RollbackOutcome {
  ran: true;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Set when the command could not be started at all. */
  error: string | null;
}

export interface MonitorDeps {
  fetch(url: string, init: { signal: AbortSignal }): Promise<FetchAnswer>;
  /** Epoch ms. */
  now(): number;
  sleep(ms: number): Promise<void>;
  appendLine(file: string, line: string): Promise<void>;
  runRollback(
    command: string,
    timeoutMs: number,
    environment: Record<string, string>,
  ): Promise<RollbackOutcome>;
  log(line: string): void;
}

type Stamp = { at: string; sample: number };

/** One line of CUTOVER_OUT_FILE. */
export type MonitorLine =
  | {
      type: 'start';
      at: string;
      metricsUrl: string;
      windowMinutes: number;
      intervalSeconds: number;
      plannedSamples: number;
      thresholds: WindowThresholds;
      rollbackHook: boolean;
    }
  | ({ type: 'sample'; attempts: number; startedAt: number | null } & Stamp & {
        byEndpoint: Record<string, { requests: number; errors: number; p95_ms: number | null }>;
      })
  | ({ type: 'baseline' } & Stamp & Omit<BaselineEvent, 'kind'>)
  | ({ type: 'interval' } & Stamp & Omit<IntervalJudgement, 'kind'>)
  | ({ type: 'fetch-failure' } & Stamp & Omit<FetchFailureEvent, 'kind'>)
  | ({ type: 'rollback'; at: string } & RollbackOutcome)
  | {
      type: 'verdict';
      at: string;
      verdict: WindowVerdict;
      exitCode: 0 | 1 | 2;
      reasons: string[];
      counts: WindowResult['counts'];
      samplesTaken: number;
      plannedSamples: number;
      stoppedEarly: boolean;
    };

export interface MonitorResult extends WindowResult {
  exitCode: 0 | 1 | 2;
  startedAt: string;
  finishedAt: string;
  /** The metrics URL as recorded (credentials redacted). */
  metricsUrl: string;
  samplesTaken: number;
  plannedSamples: number;
  stoppedEarly: boolean;
  rollback: RollbackOutcome | null;
  outFile: string;
}

export class MonitorConfigError extends Error {
  override name = 'MonitorConfigError';
}

/** Hide credentials a URL may carry (user:password@, token-like query parameters). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = 'REDACTED';
      parsed.password = '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|pass|auth|sig/i.test(key)) parsed.searchParams.set(key, 'REDACTED');
    }
    return parsed.href;
  } catch {
    return '[unparseable URL]';
  }
}

/** window / interval + 1 samples: a baseline and one per interval. */
export function plannedSampleCount(windowMinutes: number, intervalSeconds: number): number {
  return Math.floor((windowMinutes * 60) / intervalSeconds + 1e-9) + 1;
}

export function monitorOptionsFromConfig(config: SuiteConfig): MonitorOptions {
  const options: MonitorOptions = {
    metricsUrl: config.cutoverMetricsUrl,
    windowMinutes: config.CUTOVER_WINDOW_MINUTES,
    intervalSeconds: config.CUTOVER_INTERVAL_SECONDS,
    thresholds: {
      errorRatePct: config.CUTOVER_ERROR_RATE_THRESHOLD,
      p95Ms: config.CUTOVER_P95_THRESHOLD,
      minRequests: config.CUTOVER_MIN_REQUESTS,
      failureLimit: config.CUTOVER_FAILURE_LIMIT,
      maxFetchFailures: config.CUTOVER_MAX_FETCH_FAILURES,
    },
    fetchRetries: config.CUTOVER_FETCH_RETRIES,
    fetchTimeoutMs: config.CUTOVER_FETCH_TIMEOUT_MS,
    outFile: config.CUTOVER_OUT_FILE,
    rollbackCommand: config.CUTOVER_ROLLBACK_CMD?.trim() || undefined,
    rollbackTimeoutMs: 120_000,
  };
  if (plannedSampleCount(options.windowMinutes, options.intervalSeconds) < 2) {
    throw new MonitorConfigError(
      `CUTOVER_WINDOW_MINUTES=${options.windowMinutes} is shorter than one CUTOVER_INTERVAL_SECONDS=` +
        `${options.intervalSeconds} interval: no interval could be judged. Accepted: a window of at least one interval.`,
    );
  }
  return options;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    // undici and AbortSignal errors: match by name/code, not instanceof (style.md).
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (error.name === 'TimeoutError') return 'timeout';
    return cause?.code ? `${error.name}: ${cause.code}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

type SampleOutcome =
  | { ok: true; payload: OpsMetrics; attempts: number }
  | { ok: false; error: string; attempts: number };

/** One sample: up to 1 + fetchRetries attempts, each with its own timeout. */
async function takeSample(options: MonitorOptions, deps: MonitorDeps): Promise<SampleOutcome> {
  const attempts = 1 + options.fetchRetries;
  // Back off between attempts, never for longer than a quarter of the interval in total.
  const pauseMs = Math.min(1000, (options.intervalSeconds * 1000) / (4 * attempts));
  let lastError = 'no attempt';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await deps.sleep(pauseMs);
    try {
      const answer = await deps.fetch(options.metricsUrl, {
        signal: AbortSignal.timeout(options.fetchTimeoutMs),
      });
      const text = await answer.text();
      if (answer.status !== 200) {
        lastError = `HTTP ${answer.status}`;
        // A 4xx will not change on retry (wrong URL, refused): give up on this sample at once.
        if (answer.status >= 400 && answer.status < 500)
          return { ok: false, error: lastError, attempts: attempt };
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        lastError = 'answer is not JSON';
        continue;
      }
      const parsed = OpsMetrics.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        lastError = `answer does not match the ops-metrics contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
        continue;
      }
      return { ok: true, payload: parsed.data, attempts: attempt };
    } catch (error) {
      lastError = describeError(error);
    }
  }
  return { ok: false, error: lastError, attempts };
}

function exitCodeOf(verdict: WindowVerdict): 0 | 1 | 2 {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2;
}

/** Run the window (see the module comment). All waiting and I/O goes through deps. */
export async function runMonitor(
  options: MonitorOptions,
  deps: MonitorDeps = defaultMonitorDeps(),
): Promise<MonitorResult> {
  const plannedSamples = plannedSampleCount(options.windowMinutes, options.intervalSeconds);
  const intervalMs = options.intervalSeconds * 1000;
  const iso = () => new Date(deps.now()).toISOString();
  const write = async (line: MonitorLine) => deps.appendLine(options.outFile, JSON.stringify(line));
  const metricsUrl = redactUrl(options.metricsUrl);

  await write({
    type: 'start',
    at: iso(),
    metricsUrl,
    windowMinutes: options.windowMinutes,
    intervalSeconds: options.intervalSeconds,
    plannedSamples,
    thresholds: options.thresholds,
    rollbackHook: options.rollbackCommand !== undefined,
  });
  deps.log(
    `monitoring ${metricsUrl}: ${plannedSamples} samples every ${options.intervalSeconds} s ` +
      `(${options.windowMinutes} min window), evidence in ${options.outFile}`,
  );

  const startedAt = deps.now();
  const startedAtIso = iso();
  let state = initialWindowState();
  let samplesTaken = 0;
  let stoppedEarly = false;
  for (let sample = 0; sample < plannedSamples; sample++) {
    const due = startedAt + sample * intervalMs;
    const wait = due - deps.now();
    if (wait > 0) await deps.sleep(wait);
    const outcome = await takeSample(options, deps);
    samplesTaken += 1;
    const takenAt = deps.now();
    let entry: SeriesEntry;
    if (outcome.ok) {
      const snapshot = toSnapshot(outcome.payload, takenAt);
      entry = { kind: 'snapshot', snapshot };
      const byEndpoint = Object.fromEntries(
        Object.entries(snapshot.byEndpoint).map(([name, counters]) => [
          name,
          { requests: counters.requests, errors: counters.errors, p95_ms: counters.p95_ms ?? null },
        ]),
      );
      await write({
        type: 'sample',
        at: iso(),
        sample,
        attempts: outcome.attempts,
        startedAt: snapshot.startedAt ?? null,
        byEndpoint,
      });
    } else {
      entry = { kind: 'fetch-failure', takenAt, error: outcome.error, attempts: outcome.attempts };
    }
    const next = advanceWindow(state, entry, options.thresholds);
    state = next.state;
    const event = next.event;
    if (event.kind === 'fetch-failure') {
      const { kind: _kind, ...rest } = event;
      await write({ type: 'fetch-failure', at: iso(), sample, ...rest });
      deps.log(`sample ${sample}: fetch failed after ${outcome.attempts} attempt(s): ${event.error}`);
    } else if (event.kind === 'baseline') {
      const { kind: _kind, ...rest } = event;
      await write({ type: 'baseline', at: iso(), sample, ...rest });
    } else {
      const { kind: _kind, ...rest } = event;
      await write({ type: 'interval', at: iso(), sample, ...rest });
      deps.log(
        `interval ${event.index}: ${event.status.toUpperCase()} (${event.requests} requests, ` +
          `${event.errors} errors${event.reasons.length > 0 ? `; ${event.reasons.join('; ')}` : ''})`,
      );
    }
    if (state.failed) {
      stoppedEarly = sample < plannedSamples - 1;
      break;
    }
  }

  const judged = windowVerdict(state, options.thresholds);
  let rollback: RollbackOutcome | null = null;
  if (judged.verdict === 'fail' && options.rollbackCommand !== undefined) {
    deps.log('window failed: running the rollback hook (CUTOVER_ROLLBACK_CMD)');
    rollback = await deps.runRollback(options.rollbackCommand, options.rollbackTimeoutMs, {
      CUTOVER_VERDICT: 'fail',
      CUTOVER_REASON: judged.reasons.join('; '),
    });
    await write({ type: 'rollback', at: iso(), ...rollback });
    deps.log(
      `rollback hook ${rollback.error ? `could not start: ${rollback.error}` : rollback.timedOut ? 'timed out' : `exited with ${rollback.exitCode ?? rollback.signal}`}`,
    );
  }
  const exitCode = exitCodeOf(judged.verdict);
  await write({
    type: 'verdict',
    at: iso(),
    verdict: judged.verdict,
    exitCode,
    reasons: judged.reasons,
    counts: judged.counts,
    samplesTaken,
    plannedSamples,
    stoppedEarly,
  });
  deps.log(`window verdict: ${judged.verdict.toUpperCase()} (${judged.reasons.join('; ')})`);
  return {
    ...judged,
    exitCode,
    startedAt: startedAtIso,
    finishedAt: iso(),
    metricsUrl,
    samplesTaken,
    plannedSamples,
    stoppedEarly,
    rollback,
    outFile: options.outFile,
  };
}

/** The gate's evidence record for EVIDENCE_DIR/cutover-window.json (src/evidence/record.ts). */
export function cutoverEvidenceRecord(
  result: MonitorResult,
  options: MonitorOptions,
  target: ResolvedTarget,
  version: string,
): EvidenceRecord {
  const { thresholds } = options;
  return {
    gate: 'cutover-window',
    suiteVersion: version,
    target: {
      mode: target.mode,
      apiBase: target.apiBase,
      legacyBase: target.legacyBase,
      ...(target.dataset ? { dataset: target.dataset } : {}),
    },
    checked: [
      `every ${options.intervalSeconds} s for ${options.windowMinutes} min: per endpoint and interval, ` +
        `error_rate_pct <= ${thresholds.errorRatePct} and p95_ms <= ${thresholds.p95Ms}`,
      `intervals with fewer than ${thresholds.minRequests} requests, or no moving counter, are inconclusive`,
      `${thresholds.failureLimit} consecutive failed interval(s) fail the window; ` +
        `more than ${thresholds.maxFetchFailures} failed fetches make it inconclusive`,
    ],
    figures: {
      intervals: result.counts.intervals,
      pass: result.counts.pass,
      fail: result.counts.fail,
      inconclusive: result.counts.inconclusive,
      reset: result.counts.reset,
      fetch_failures: result.counts.fetchFailures,
      samples_taken: result.samplesTaken,
      planned_samples: result.plannedSamples,
      stopped_early: result.stoppedEarly,
      metrics_url: result.metricsUrl,
      out_file: result.outFile,
      rollback: result.rollback,
      thresholds,
    },
    verdict: result.verdict,
    reasons: result.reasons,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}

/** Run the hook through the shell in its own process group; on timeout end that group. */
export function runShellCommand(
  command: string,
  timeoutMs: number,
  environment: Record<string, string>,
): Promise<RollbackOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, ...environment },
    });
    // Only the group this hook started is ever signalled.
    const endGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      endGroup('SIGTERM');
      killTimer = setTimeout(() => endGroup('SIGKILL'), 5000);
    }, timeoutMs);
    let settled = false;
    const settle = (exitCode: number | null, signal: string | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ ran: true, exitCode, signal, timedOut, durationMs: Date.now() - started, error });
    };
    child.once('error', (error) => settle(null, null, error.message));
    child.once('exit', (code, signal) => settle(code, signal, null));
  });
}

export function defaultMonitorDeps(): MonitorDeps {
  const made = new Set<string>();
  return {
    fetch: (url, init) => undiciFetch(url, init),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    appendLine: async (file, line) => {
      const folder = path.dirname(path.resolve(file));
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      // Defence in depth: nothing secret is written on purpose, tokens are stripped anyway.
      await appendFile(file, `${redactText(line, [])}\n`, 'utf8');
    },
    runRollback: runShellCommand,
    log: (line) => process.stderr.write(`[cutover] ${line}\n`),
  };
}

export async function main(): Promise<number> {
  let options: MonitorOptions;
  let config: SuiteConfig;
  try {
    config = loadConfig();
    options = monitorOptionsFromConfig(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MonitorConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const result = await runMonitor(options);
  const evidence = await writeEvidence(
    config.EVIDENCE_DIR,
    cutoverEvidenceRecord(result, options, targetForCli(config), suiteVersion()),
    [],
  );
  process.stdout.write(
    `${JSON.stringify({
      verdict: result.verdict,
      exitCode: result.exitCode,
      reasons: result.reasons,
      counts: result.counts,
      samplesTaken: result.samplesTaken,
      plannedSamples: result.plannedSamples,
      rollback: result.rollback,
      outFile: result.outFile,
      evidence,
    })}\n`,
  );
  return result.exitCode;
}

runWhenMain(import.meta.url, main, 'cutover monitor');
