// The monitor with an injected fetch and a fake clock: a 1-minute window at 15-second intervals
// runs in milliseconds, and every wait is checked against the schedule instead of slept.
import { describe, expect, it } from 'vitest';
import { parseEvidenceRecord } from '../evidence/record.ts';
import { cutoverEvidenceRecord } from './evidence.ts';
import { type MonitorDeps, type MonitorLine, runMonitor } from './monitor.ts';
import type { MonitorOptions } from './options.ts';
import type { FetchAnswer } from './sample.ts';

const START = Date.UTC(2026, 0, 15, 10, 0, 0);
const PORTFOLIO = '/analytics/portfolio/summary';
const MORA = '/analytics/movement/moroso-trend';
const SECRET_COMMAND = 'curl -H "Authorization: Bearer SECRET-TOKEN-123" https://flags.example/rollback';

type Counters = Record<string, [number, number, number?]>;

function metrics(counters: Counters, startedAt = 1_767_225_600): FetchAnswer {
  const by_endpoint = Object.fromEntries(
    Object.entries(counters).map(([path, [requests, errors, p95]]) => [
      path,
      {
        requests,
        errors,
        error_rate_pct: requests ? (errors / requests) * 100 : 0,
        cache_hits: 0,
        cache_hit_rate_pct: 0,
        p95_ms: p95 ?? 250,
      },
    ]),
  );
  const body = JSON.stringify({ meta: { source: 'api' }, metrics: { started_at: startedAt, by_endpoint } });
  return { status: 200, text: async () => body };
}

function status(code: number): FetchAnswer {
  return { status: code, text: async () => '{"error":"x"}' };
}

function networkError(): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
}

interface Harness {
  deps: MonitorDeps;
  lines: MonitorLine[];
  logs: string[];
  fetchTimes: number[];
  sleeps: number[];
  rollbacks: { command: string; timeoutMs: number; environment: Record<string, string> }[];
  clock(): number;
}

/** Answers are consumed one per fetch attempt; each fetch takes 20 ms of fake time. */
function harness(answers: (FetchAnswer | Error)[]): Harness {
  let clock = START;
  const queue = [...answers];
  const h: Harness = {
    lines: [],
    logs: [],
    fetchTimes: [],
    sleeps: [],
    rollbacks: [],
    clock: () => clock,
    deps: {
      fetch: async () => {
        h.fetchTimes.push(clock - START);
        clock += 20;
        const next = queue.shift();
        if (next === undefined) throw new Error('test script ran out of answers');
        if (next instanceof Error) throw next;
        return next;
      },
      now: () => clock,
      sleep: async (ms) => {
        h.sleeps.push(ms);
        clock += ms;
      },
      appendLine: async (_file, line) => {
        h.lines.push(JSON.parse(line) as MonitorLine);
      },
      runRollback: async (command, timeoutMs, environment) => {
        h.rollbacks.push({ command, timeoutMs, environment });
        return { ran: true, exitCode: 0, signal: null, timedOut: false, durationMs: 1200, error: null };
      },
      log: (line) => h.logs.push(line),
    },
  };
  return h;
}

const OPTIONS: MonitorOptions = {
  metricsUrl: 'http://127.0.0.1:5000/analytics/ops/metrics',
  windowMinutes: 1,
  intervalSeconds: 15,
  thresholds: {
    errorRatePct: 2,
    p95Ms: 1200,
    minRequests: 20,
    minErrors: 3,
    failureLimit: 1,
    maxFetchFailures: 2,
  },
  fetchRetries: 2,
  fetchTimeoutMs: 1000,
  outFile: 'results/cutover.jsonl',
  rollbackTimeoutMs: 60_000,
};

/** n samples of steady clean traffic: +100 requests, +1 error per interval on portfolio. */
function steady(n: number, from = 0): FetchAnswer[] {
  return Array.from({ length: n }, (_, index) => {
    const k = from + index;
    return metrics({ [PORTFOLIO]: [1000 + 100 * k, 10 + k] });
  });
}

const types = (lines: MonitorLine[]) => lines.map((line) => line.type);

describe('runMonitor', () => {
  it("leaves the suite's own probe requests out: a window only they fill is inconclusive, and each sample records them", async () => {
    // 100 requests per interval on the moroso trend, 90 of them the suite's own (counted by ownTraffic).
    const h = harness(Array.from({ length: 5 }, (_, k) => metrics({ [MORA]: [100 * k, 0] })));
    let sample = 0;
    const result = await runMonitor(OPTIONS, {
      ...h.deps,
      ownTraffic: () => ({ [MORA]: 90 * sample++ }),
    });
    expect(result).toMatchObject({ verdict: 'inconclusive', exitCode: 2 });
    expect(h.lines.find((line) => line.type === 'sample' && line.sample === 1)).toMatchObject({
      own: { [MORA]: 90 },
    });
    expect(h.lines.find((line) => line.type === 'interval')).toMatchObject({
      requests: 100,
      ownRequests: 90,
      status: 'inconclusive',
    });
  });

  it('passes a clean window: window/interval + 1 samples on schedule, one JSON line each', async () => {
    const h = harness(steady(5));
    const result = await runMonitor(OPTIONS, h.deps);
    expect(result).toMatchObject({ verdict: 'pass', exitCode: 0, samplesTaken: 5, plannedSamples: 5 });
    expect(result.rollback).toBeNull();
    // Samples at 0, 15, 30, 45, 60 s: the fetch time is absorbed, not accumulated.
    expect(h.fetchTimes).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
    expect(h.sleeps).toEqual([14_980, 14_980, 14_980, 14_980]);
    expect(types(h.lines)).toEqual([
      'start',
      'sample',
      'baseline',
      ...Array<string[]>(4).fill(['sample', 'interval']).flat(),
      'verdict',
    ]);
    const interval = h.lines.find((line) => line.type === 'interval');
    expect(interval).toMatchObject({ index: 1, status: 'pass', requests: 100, errors: 1, error_rate_pct: 1 });
    expect(h.lines.at(-1)).toMatchObject({ type: 'verdict', verdict: 'pass', exitCode: 0, samplesTaken: 5 });
  });

  it('fails on an error burst, stops early, runs the rollback hook once and records it without its text', async () => {
    const h = harness([
      metrics({ [PORTFOLIO]: [0, 0], [MORA]: [0, 0] }),
      metrics({ [PORTFOLIO]: [100, 0], [MORA]: [100, 0] }),
      metrics({ [PORTFOLIO]: [200, 0], [MORA]: [200, 5] }),
      metrics({ [PORTFOLIO]: [300, 0], [MORA]: [300, 5] }),
    ]);
    const result = await runMonitor({ ...OPTIONS, rollbackCommand: SECRET_COMMAND }, h.deps);
    expect(result).toMatchObject({ verdict: 'fail', exitCode: 1, samplesTaken: 3, stoppedEarly: true });
    expect(h.rollbacks).toHaveLength(1);
    expect(h.rollbacks[0]?.command).toBe(SECRET_COMMAND);
    expect(h.rollbacks[0]?.environment.CUTOVER_VERDICT).toBe('fail');
    expect(result.rollback).toMatchObject({ ran: true, exitCode: 0, timedOut: false });
    expect(types(h.lines).slice(-2)).toEqual(['rollback', 'verdict']);
    const everything = JSON.stringify(h.lines) + h.logs.join('\n');
    expect(everything).not.toContain('SECRET-TOKEN-123');
    expect(everything).not.toContain('flags.example');
    const burst = h.lines.find((line) => line.type === 'interval' && line.index === 2);
    expect(burst).toMatchObject({ status: 'fail', errors: 5 });

    const target = {
      mode: 'reference' as const,
      apiBase: 'http://a/api/v1',
      legacyBase: 'http://l',
      dataset: 'golden',
    };
    const record = parseEvidenceRecord(cutoverEvidenceRecord(result, OPTIONS, target, '0.1.0'));
    expect(record).toMatchObject({
      gate: 'cutover-window',
      verdict: 'fail',
      startedAt: '2026-01-15T10:00:00.000Z',
    });
    expect(record.figures).toMatchObject({ intervals: 2, fail: 1, samples_taken: 3, stopped_early: true });
    expect(JSON.stringify(record)).not.toContain('SECRET-TOKEN-123');
  });

  it('does not run the rollback hook when the window passes or is inconclusive', async () => {
    const frozen = metrics({ [PORTFOLIO]: [500, 2] });
    const h = harness([frozen, frozen, frozen, frozen, frozen]);
    const result = await runMonitor({ ...OPTIONS, rollbackCommand: 'true' }, h.deps);
    expect(result).toMatchObject({ verdict: 'inconclusive', exitCode: 2, samplesTaken: 5 });
    expect(h.rollbacks).toHaveLength(0);
    expect(result.reasons).toContain('no interval was judged pass');
    const interval = h.lines.find((line) => line.type === 'interval');
    expect(interval).toMatchObject({
      status: 'inconclusive',
      reasons: ['no traffic or frozen counters: no counter moved in the interval'],
    });
  });

  it('reports a counter reset and judges the rest of the window on the new baseline', async () => {
    const h = harness([
      metrics({ [PORTFOLIO]: [1000, 10] }),
      metrics({ [PORTFOLIO]: [1100, 11] }),
      metrics({ [PORTFOLIO]: [40, 0] }, 1_767_229_000),
      metrics({ [PORTFOLIO]: [140, 1] }, 1_767_229_000),
      metrics({ [PORTFOLIO]: [240, 2] }, 1_767_229_000),
    ]);
    const result = await runMonitor(OPTIONS, h.deps);
    expect(result).toMatchObject({ verdict: 'pass', exitCode: 0 });
    expect(result.counts).toMatchObject({ pass: 3, reset: 1 });
    const reset = h.lines.find((line) => line.type === 'interval' && line.status === 'reset');
    expect(reset).toMatchObject({ index: 2, reset: true, requests: 40 });
    expect(h.logs.some((line) => line.includes('counter reset'))).toBe(true);
  });

  it('retries a failed fetch a bounded number of times, records the failed sample, and carries on', async () => {
    const h = harness([
      ...steady(1),
      // Sample 1: refused three times (1 + 2 retries) -> a failed sample.
      networkError(),
      networkError(),
      networkError(),
      // Sample 2: a 503 then an answer -> a good sample on the second attempt.
      status(503),
      ...steady(1, 2),
      ...steady(2, 3),
    ]);
    const result = await runMonitor(OPTIONS, h.deps);
    expect(result).toMatchObject({ verdict: 'pass', exitCode: 0, samplesTaken: 5 });
    expect(result.counts.fetchFailures).toBe(1);
    expect(h.lines.find((line) => line.type === 'fetch-failure')).toMatchObject({
      sample: 1,
      attempts: 3,
      error: 'TypeError: ECONNREFUSED',
      fetchFailures: 1,
      tooMany: false,
    });
    expect(h.lines.find((line) => line.type === 'sample' && line.sample === 2)).toMatchObject({
      attempts: 2,
    });
    expect(h.lines.find((line) => line.type === 'interval')).toMatchObject({
      spansFailedFetches: 1,
      requests: 200,
    });
    // Back-off between attempts: min(1000, 15000 / (4 * 3)) = 1000 ms, inside the interval.
    expect(h.sleeps.filter((ms) => ms === 1000)).toHaveLength(3);
  });

  it('too many failed samples make the window inconclusive; a 404 is not retried; a bad body is a failure', async () => {
    const notMetrics: FetchAnswer = {
      status: 200,
      text: async () =>
        '{"meta":{"source":"api"},"metrics":{"by_endpoint":{"/x":{"requests":-1,"errors":0,"error_rate_pct":0,"cache_hits":0,"cache_hit_rate_pct":0}}}}',
    };
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    const h = harness([
      ...steady(1),
      status(404),
      notMetrics,
      notMetrics,
      notMetrics,
      timeout,
      timeout,
      timeout,
      ...steady(1, 4),
    ]);
    const result = await runMonitor(OPTIONS, h.deps);
    expect(result).toMatchObject({ verdict: 'inconclusive', exitCode: 2 });
    expect(result.reasons[0]).toBe('3 failed fetches > 2 allowed');
    const failures = h.lines.filter((line) => line.type === 'fetch-failure');
    expect(
      failures.map((line) => (line.type === 'fetch-failure' ? [line.attempts, line.error] : [])),
    ).toEqual([
      [1, 'HTTP 404'],
      [
        3,
        'answer does not match the ops-metrics contract at metrics.by_endpoint./x.requests: Too small: expected number to be >=0',
      ],
      [3, 'timeout'],
    ]);
  });
});
