// The runbook's T+0..T+30 window monitor, judged like a canary analysis: polls the legacy ops
// metrics every interval for the window (window / interval + 1 samples), judges each interval from
// the difference of consecutive cumulative snapshots (src/stats/windows.ts), appends one JSON line per
// sample, interval judgement, failed fetch, rollback and the final verdict to the out file, stops at
// the first failed window and then runs the rollback hook once, if set.
// A sample whose fetch still fails after its retries is recorded and skipped (up to the
// thresholds' maxFetchFailures of them are tolerated).
import { toSnapshot } from '../stats/ops-metrics.ts';
import {
  advanceWindow,
  type BaselineEvent,
  type FetchFailureEvent,
  type IntervalJudgement,
  initialWindowState,
  judgeWindow,
  type SeriesEntry,
  type WindowEvent,
  type WindowResult,
  type WindowState,
  type WindowThresholds,
  type WindowVerdict,
} from '../stats/windows.ts';
import { type MonitorOptions, plannedSampleCount, redactUrl } from './options.ts';
import { describeRollback, type RollbackOutcome } from './rollback.ts';
import { type SampleDeps, type SampleOutcome, takeSample } from './sample.ts';

export interface MonitorDeps extends SampleDeps {
  /** Epoch ms. */
  now(): number;
  appendLine(file: string, line: string): Promise<void>;
  runRollback(
    command: string,
    timeoutMs: number,
    environment: Record<string, string>,
  ): Promise<RollbackOutcome>;
  log(line: string): void;
  /**
   * The suite's own requests so far, cumulative, by the legacy endpoint they land on: taken off the
   * target's traffic in every volume rule (src/stats/windows.ts). Absent: the suite sends none.
   */
  ownTraffic?: () => Record<string, number>;
}

type Stamp = { at: string; sample: number };

/** One line of the out file. */
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
        /** The suite's own requests so far, by the legacy endpoint they land on. */
        own: Record<string, number>;
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

/** What one run of the monitor shares between its steps. */
interface MonitorRun {
  options: MonitorOptions;
  deps: MonitorDeps;
  metricsUrl: string;
  plannedSamples: number;
  iso(): string;
  write(line: MonitorLine): Promise<void>;
}

interface SamplingResult {
  state: WindowState;
  /** Every entry, in order: judged again as a whole for the verdict. */
  series: SeriesEntry[];
  samplesTaken: number;
  stoppedEarly: boolean;
}

function exitCodeOf(verdict: WindowVerdict): 0 | 1 | 2 {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2;
}

async function recordSample(run: MonitorRun, sample: number, outcome: SampleOutcome): Promise<SeriesEntry> {
  const takenAt = run.deps.now();
  if (!outcome.ok) {
    return { kind: 'fetch-failure', takenAt, error: outcome.error, attempts: outcome.attempts };
  }
  const own = { ...(run.deps.ownTraffic?.() ?? {}) };
  const snapshot = { ...toSnapshot(outcome.payload, takenAt), own };
  const byEndpoint = Object.fromEntries(
    Object.entries(snapshot.byEndpoint).map(([name, counters]) => [
      name,
      { requests: counters.requests, errors: counters.errors, p95_ms: counters.p95_ms ?? null },
    ]),
  );
  await run.write({
    type: 'sample',
    at: run.iso(),
    sample,
    attempts: outcome.attempts,
    startedAt: snapshot.startedAt ?? null,
    byEndpoint,
    own,
  });
  return { kind: 'snapshot', snapshot };
}

async function recordEvent(run: MonitorRun, sample: number, event: WindowEvent, attempts: number) {
  if (event.kind === 'fetch-failure') {
    const { kind: _kind, ...rest } = event;
    await run.write({ type: 'fetch-failure', at: run.iso(), sample, ...rest });
    run.deps.log(`sample ${sample}: fetch failed after ${attempts} attempt(s): ${event.error}`);
  } else if (event.kind === 'baseline') {
    const { kind: _kind, ...rest } = event;
    await run.write({ type: 'baseline', at: run.iso(), sample, ...rest });
  } else {
    const { kind: _kind, ...rest } = event;
    await run.write({ type: 'interval', at: run.iso(), sample, ...rest });
    const reasons = event.reasons.length > 0 ? `; ${event.reasons.join('; ')}` : '';
    run.deps.log(
      `interval ${event.index}: ${event.status.toUpperCase()} (${event.requests} requests, ` +
        `${event.errors} errors${reasons})`,
    );
  }
}

/** Samples on schedule (absorbing fetch time), judging as it goes; stops at a failed window. */
async function sampleWindow(run: MonitorRun): Promise<SamplingResult> {
  const { options, deps, plannedSamples } = run;
  const startedAt = deps.now();
  let state = initialWindowState();
  const series: SeriesEntry[] = [];
  let samplesTaken = 0;
  for (let sample = 0; sample < plannedSamples; sample++) {
    const wait = startedAt + sample * options.intervalSeconds * 1000 - deps.now();
    if (wait > 0) await deps.sleep(wait);
    const outcome = await takeSample(options, deps);
    samplesTaken += 1;
    const entry = await recordSample(run, sample, outcome);
    series.push(entry);
    const next = advanceWindow(state, entry, options.thresholds);
    state = next.state;
    await recordEvent(run, sample, next.event, outcome.attempts);
    if (state.failed) return { state, series, samplesTaken, stoppedEarly: sample < plannedSamples - 1 };
  }
  return { state, series, samplesTaken, stoppedEarly: false };
}

async function rollbackIfFailed(run: MonitorRun, judged: WindowResult): Promise<RollbackOutcome | null> {
  const command = run.options.rollbackCommand;
  if (judged.verdict !== 'fail' || command === undefined) return null;
  run.deps.log('window failed: running the rollback hook (CUTOVER_ROLLBACK_CMD)');
  const rollback = await run.deps.runRollback(command, run.options.rollbackTimeoutMs, {
    CUTOVER_VERDICT: 'fail',
    CUTOVER_REASON: judged.reasons.join('; '),
  });
  await run.write({ type: 'rollback', at: run.iso(), ...rollback });
  run.deps.log(describeRollback(rollback));
  return rollback;
}

async function announceStart(run: MonitorRun): Promise<void> {
  const { options } = run;
  await run.write({
    type: 'start',
    at: run.iso(),
    metricsUrl: run.metricsUrl,
    windowMinutes: options.windowMinutes,
    intervalSeconds: options.intervalSeconds,
    plannedSamples: run.plannedSamples,
    thresholds: options.thresholds,
    rollbackHook: options.rollbackCommand !== undefined,
  });
  run.deps.log(
    `monitoring ${run.metricsUrl}: ${run.plannedSamples} samples every ${options.intervalSeconds} s ` +
      `(${options.windowMinutes} min window), evidence in ${options.outFile}`,
  );
}

/** Run the window (see the module comment). All waiting and I/O goes through deps. */
export async function runMonitor(options: MonitorOptions, deps: MonitorDeps): Promise<MonitorResult> {
  const run: MonitorRun = {
    options,
    deps,
    metricsUrl: redactUrl(options.metricsUrl),
    plannedSamples: plannedSampleCount(options.windowMinutes, options.intervalSeconds),
    iso: () => new Date(deps.now()).toISOString(),
    write: (line) => deps.appendLine(options.outFile, JSON.stringify(line)),
  };
  await announceStart(run);
  const startedAt = run.iso();
  const sampling = await sampleWindow(run);
  // Judged live to stop at the first failed window; the verdict is the whole series judged at once.
  const { events: _events, ...judged } = judgeWindow(sampling.series, options.thresholds);
  const rollback = await rollbackIfFailed(run, judged);
  const exitCode = exitCodeOf(judged.verdict);
  const { samplesTaken, stoppedEarly } = sampling;
  const { plannedSamples, metricsUrl } = run;
  await run.write({
    type: 'verdict',
    at: run.iso(),
    verdict: judged.verdict,
    exitCode,
    reasons: judged.reasons,
    counts: judged.counts,
    samplesTaken,
    plannedSamples,
    stoppedEarly,
  });
  deps.log(`window verdict: ${judged.verdict.toUpperCase()} (${judged.reasons.join('; ')})`);
  const finishedAt = run.iso();
  const outFile = options.outFile;
  return {
    ...judged,
    exitCode,
    startedAt,
    finishedAt,
    metricsUrl,
    samplesTaken,
    plannedSamples,
    stoppedEarly,
    rollback,
    outFile,
  };
}
