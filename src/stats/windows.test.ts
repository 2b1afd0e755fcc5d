import { describe, expect, it } from 'vitest';
import {
  advanceWindow,
  detectReset,
  type EndpointCounters,
  type IntervalJudgement,
  initialWindowState,
  judgeWindow,
  type MetricsSnapshot,
  type SeriesEntry,
  type WindowThresholds,
} from './windows.ts';

const RUNBOOK: WindowThresholds = {
  errorRatePct: 2.0,
  p95Ms: 1200,
  minRequests: 20,
  minErrors: 3,
  failureLimit: 1,
  maxFetchFailures: 2,
};

const PORTFOLIO = '/analytics/portfolio/summary';
const MORA = '/analytics/movement/moroso-trend';

/** A snapshot at minute `minute`, counters given as [requests, errors, p95_ms?]. */
function snap(
  minute: number,
  counters: Record<string, [number, number, number?]>,
  startedAt = 1_700_000_000,
): SeriesEntry {
  const byEndpoint: Record<string, EndpointCounters> = {};
  for (const [path, [requests, errors, p95]] of Object.entries(counters)) {
    byEndpoint[path] = { requests, errors, p95_ms: p95 };
  }
  const snapshot: MetricsSnapshot = { takenAt: minute * 60_000, startedAt, byEndpoint };
  return { kind: 'snapshot', snapshot };
}

function intervals(events: ReturnType<typeof judgeWindow>['events']): IntervalJudgement[] {
  return events.filter((event): event is IntervalJudgement => event.kind === 'interval');
}

/** The same snapshot, with the suite's own requests so far by the legacy endpoint they land on. */
function withOwn(entry: SeriesEntry, own: Record<string, number>): SeriesEntry {
  if (entry.kind !== 'snapshot') return entry;
  return { kind: 'snapshot', snapshot: { ...entry.snapshot, own } };
}

const ANUALES = '/analytics/anuales/summary';

describe('judgeWindow', () => {
  it('a low-traffic endpoint failing every request fails each interval beside a busy passing one', () => {
    // The review's case: 19 of 19 failing per interval, under minRequests, was a pass.
    const series = [0, 1, 2, 3].map((minute) =>
      snap(minute, { [PORTFOLIO]: [1000 + minute * 100, 0, 200], [ANUALES]: [minute * 19, minute * 19] }),
    );
    const result = judgeWindow(series, { ...RUNBOOK, failureLimit: 3 });
    expect(result.verdict).toBe('fail');
    expect(intervals(result.events).map((item) => item.status)).toEqual(['fail', 'fail', 'fail']);
    expect(intervals(result.events)[0]?.reasons).toEqual([
      `${ANUALES}: error_rate_pct 100 > 2 (19/19: 3 or more errors are judged whatever the volume)`,
    ]);
  });

  it('three errors of three requests fail; two stay not judged; a busy endpoint with 3 errors in 1000 passes', () => {
    const three = judgeWindow([snap(0, { [ANUALES]: [0, 0] }), snap(1, { [ANUALES]: [3, 3] })], RUNBOOK);
    expect(three.verdict).toBe('fail');
    const two = judgeWindow(
      [
        snap(0, { [PORTFOLIO]: [0, 0], [ANUALES]: [0, 0] }),
        snap(1, { [PORTFOLIO]: [100, 0], [ANUALES]: [2, 2] }),
      ],
      RUNBOOK,
    );
    expect(intervals(two.events)[0]?.endpoints.find((item) => item.endpoint === ANUALES)?.status).toBe(
      'inconclusive',
    );
    const busy = judgeWindow(
      [snap(0, { [PORTFOLIO]: [0, 0] }), snap(1, { [PORTFOLIO]: [1000, 3] })],
      RUNBOOK,
    );
    expect(busy.verdict).toBe('pass');
  });

  it("the suite's own requests never make a quiet window conclusive", () => {
    // 30 requests per interval, 25 of them the suite's probes: 5 of the target's own < 20.
    const series = [0, 1, 2].map((minute) =>
      withOwn(snap(minute, { [MORA]: [minute * 30, 0] }), { [MORA]: minute * 25 }),
    );
    const result = judgeWindow(series, RUNBOOK);
    expect(result.verdict).toBe('inconclusive');
    expect(intervals(result.events)[0]).toMatchObject({
      requests: 30,
      ownRequests: 25,
      status: 'inconclusive',
    });
    expect(intervals(result.events)[0]?.reasons[0]).toBe(
      "too little traffic: 5 requests of the target's traffic (25 of the suite's own left out) < 20",
    );
    const busy = [0, 1, 2].map((minute) =>
      withOwn(snap(minute, { [MORA]: [minute * 50, 0] }), { [MORA]: minute * 25 }),
    );
    expect(judgeWindow(busy, RUNBOOK).verdict).toBe('pass');
  });

  it('a clean window passes: 100 requests per interval, 1% errors, p95 300 ms', () => {
    const result = judgeWindow(
      [
        snap(0, { [PORTFOLIO]: [1000, 10, 300] }),
        snap(1, { [PORTFOLIO]: [1100, 11, 300] }),
        snap(2, { [PORTFOLIO]: [1200, 12, 300] }),
        snap(3, { [PORTFOLIO]: [1300, 13, 300] }),
      ],
      RUNBOOK,
    );
    expect(result.verdict).toBe('pass');
    expect(result.counts).toEqual({
      intervals: 3,
      pass: 3,
      fail: 0,
      inconclusive: 0,
      reset: 0,
      fetchFailures: 0,
    });
    const first = intervals(result.events)[0];
    expect(first).toMatchObject({
      index: 1,
      from: 0,
      to: 60_000,
      requests: 100,
      errors: 1,
      error_rate_pct: 1,
    });
    expect(first?.endpoints[0]).toMatchObject({ endpoint: PORTFOLIO, status: 'pass', p95_ms: 300 });
    expect(result.events[0]).toEqual({
      kind: 'baseline',
      takenAt: 0,
      startedAt: 1_700_000_000,
      requests: 1000,
      errors: 10,
      endpoints: 1,
    });
  });

  it('a burst long before the window does not poison later intervals', () => {
    // Cumulatively 500/1000 = 50% errors at the start, 500/1300 = 38% at the end: every interval is clean.
    const result = judgeWindow(
      [
        snap(0, { [PORTFOLIO]: [1000, 500, 250] }),
        snap(1, { [PORTFOLIO]: [1100, 500, 250] }),
        snap(2, { [PORTFOLIO]: [1200, 501, 250] }),
        snap(3, { [PORTFOLIO]: [1300, 501, 250] }),
      ],
      RUNBOOK,
    );
    expect(result.verdict).toBe('pass');
    expect(intervals(result.events).map((item) => item.error_rate_pct)).toEqual([0, 1, 0]);
  });

  it('a 5% error burst in one interval fails the window with failure limit 1', () => {
    const series = [
      snap(0, { [PORTFOLIO]: [0, 0, 200], [MORA]: [0, 0, 200] }),
      snap(1, { [PORTFOLIO]: [100, 0, 200], [MORA]: [100, 0, 200] }),
      snap(2, { [PORTFOLIO]: [200, 0, 200], [MORA]: [200, 5, 200] }),
      snap(3, { [PORTFOLIO]: [300, 0, 200], [MORA]: [300, 5, 200] }),
    ];
    const result = judgeWindow(series, RUNBOOK);
    expect(result.verdict).toBe('fail');
    const burst = intervals(result.events)[1];
    expect(burst?.status).toBe('fail');
    expect(burst?.endpoints.find((item) => item.endpoint === MORA)).toMatchObject({
      requests: 100,
      errors: 5,
      error_rate_pct: 5,
      status: 'fail',
    });
    expect(result.reasons[0]).toContain('reached at interval 2');
    expect(result.reasons[0]).toContain('error_rate_pct 5 > 2');
    // The series is judged to the end: the following interval is clean again.
    expect(intervals(result.events)[2]?.status).toBe('pass');
  });

  it('the same isolated burst passes with failure limit 2, and is reported', () => {
    const series = [
      snap(0, { [MORA]: [0, 0, 200] }),
      snap(1, { [MORA]: [100, 0, 200] }),
      snap(2, { [MORA]: [200, 5, 200] }),
      snap(3, { [MORA]: [300, 5, 200] }),
    ];
    const result = judgeWindow(series, { ...RUNBOOK, failureLimit: 2 });
    expect(result.verdict).toBe('pass');
    expect(result.counts.fail).toBe(1);
    expect(result.reasons[0]).toContain('1 isolated failed interval');
  });

  it('two consecutive failed intervals fail with limit 2', () => {
    const series = [
      snap(0, { [MORA]: [0, 0] }),
      snap(1, { [MORA]: [100, 5] }),
      snap(2, { [MORA]: [200, 10] }),
      snap(3, { [MORA]: [300, 10] }),
    ];
    const result = judgeWindow(series, { ...RUNBOOK, failureLimit: 2 });
    expect(result.verdict).toBe('fail');
    expect(intervals(result.events).map((item) => item.consecutiveFailures)).toEqual([1, 2, 0]);
  });

  it('a window that ends inside a failure streak shorter than the limit is inconclusive', () => {
    const series = [
      snap(0, { [MORA]: [0, 0] }),
      snap(1, { [MORA]: [100, 0] }),
      snap(2, { [MORA]: [200, 5] }),
    ];
    const result = judgeWindow(series, { ...RUNBOOK, failureLimit: 2 });
    expect(result.verdict).toBe('inconclusive');
    expect(result.reasons.join(' ')).toContain('failure streak of 1');
  });

  it('an error rate of exactly 2.0% passes (the runbook says <= 2.0)', () => {
    const result = judgeWindow([snap(0, { [MORA]: [0, 0] }), snap(1, { [MORA]: [100, 2] })], RUNBOOK);
    expect(result.verdict).toBe('pass');
    expect(intervals(result.events)[0]?.error_rate_pct).toBe(2);
  });

  it('a reported p95 above the threshold fails; an idle endpoint is not judged again', () => {
    const result = judgeWindow(
      [
        snap(0, { [PORTFOLIO]: [1000, 0, 900], [MORA]: [50, 0, 5000] }),
        snap(1, { [PORTFOLIO]: [1100, 0, 1250], [MORA]: [50, 0, 5000] }),
      ],
      RUNBOOK,
    );
    expect(result.verdict).toBe('fail');
    const interval = intervals(result.events)[0];
    expect(interval?.endpoints.find((item) => item.endpoint === PORTFOLIO)).toMatchObject({
      status: 'fail',
      reasons: ['p95_ms 1250 > 1200 (cumulative since last reset)'],
    });
    expect(interval?.endpoints.find((item) => item.endpoint === MORA)?.status).toBe('idle');
  });

  it('frozen counters are inconclusive, never a pass', () => {
    const frozen = { [PORTFOLIO]: [500, 2, 300] as [number, number, number] };
    const result = judgeWindow([snap(0, frozen), snap(1, frozen), snap(2, frozen)], RUNBOOK);
    expect(result.verdict).toBe('inconclusive');
    expect(result.counts.inconclusive).toBe(2);
    expect(intervals(result.events)[0]?.reasons).toEqual([
      'no traffic or frozen counters: no counter moved in the interval',
    ]);
    expect(result.reasons).toContain('no interval was judged pass');
  });

  it('a quiet interval is visible and makes the window inconclusive', () => {
    const result = judgeWindow(
      [snap(0, { [MORA]: [0, 0] }), snap(1, { [MORA]: [100, 0] }), snap(2, { [MORA]: [105, 0] })],
      RUNBOOK,
    );
    expect(result.verdict).toBe('inconclusive');
    const quiet = intervals(result.events)[1];
    expect(quiet).toMatchObject({ status: 'inconclusive', requests: 5 });
    expect(quiet?.reasons).toContain("too little traffic: 5 requests of the target's traffic < 20");
    expect(result.reasons[0]).toBe('1 inconclusive interval(s): 2');
  });

  it('a low-traffic endpoint beside a busy one is listed, not judged on 3 requests', () => {
    const result = judgeWindow(
      [snap(0, { [PORTFOLIO]: [0, 0], [MORA]: [0, 0] }), snap(1, { [PORTFOLIO]: [100, 0], [MORA]: [3, 1] })],
      RUNBOOK,
    );
    expect(result.verdict).toBe('pass');
    const interval = intervals(result.events)[0];
    expect(interval?.endpoints.find((item) => item.endpoint === MORA)).toMatchObject({
      status: 'inconclusive',
      error_rate_pct: 33.333,
    });
    expect(interval?.reasons).toContain(`not judged (too little traffic): ${MORA}`);
  });

  it('a counter reset mid-window is reported and judging continues from the new baseline', () => {
    const result = judgeWindow(
      [
        snap(0, { [PORTFOLIO]: [1000, 10, 300] }),
        snap(1, { [PORTFOLIO]: [1100, 11, 300] }),
        snap(2, { [PORTFOLIO]: [30, 0, 280] }, 1_700_000_500),
        snap(3, { [PORTFOLIO]: [130, 1, 290] }, 1_700_000_500),
      ],
      RUNBOOK,
    );
    expect(result.verdict).toBe('pass');
    const [, reset, after] = intervals(result.events);
    expect(reset).toMatchObject({ status: 'reset', reset: true, requests: 30, errors: 0 });
    expect(reset?.reasons[0]).toContain('started_at changed from 1700000000 to 1700000500');
    expect(reset?.reasons[0]).toContain(`${PORTFOLIO} requests went down from 1100 to 30`);
    // Judged against the post-reset counters, not against 1100.
    expect(after).toMatchObject({ status: 'pass', requests: 100, errors: 1 });
    expect(result.counts.reset).toBe(1);
    expect(result.reasons).toContain('1 counter reset(s), judged on the new baseline');
  });

  it('a breach in the traffic since a restart is a failure, flagged as a reset', () => {
    const result = judgeWindow(
      [snap(0, { [MORA]: [1000, 0] }), snap(1, { [MORA]: [40, 4] }, 1_700_000_900)],
      RUNBOOK,
    );
    expect(result.verdict).toBe('fail');
    expect(intervals(result.events)[0]).toMatchObject({ status: 'fail', reset: true, error_rate_pct: 10 });
  });

  it('a reset is detected from a counter going down even without started_at', () => {
    const before: MetricsSnapshot = { takenAt: 0, byEndpoint: { [MORA]: { requests: 10, errors: 0 } } };
    const after: MetricsSnapshot = { takenAt: 1, byEndpoint: {} };
    expect(detectReset(before, after)).toEqual([`${MORA} requests went down from 10 to 0`]);
    expect(detectReset(before, before)).toEqual([]);
  });

  it('a failed fetch widens the next interval; too many make the window inconclusive', () => {
    const failure = (minute: number): SeriesEntry => ({
      kind: 'fetch-failure',
      takenAt: minute * 60_000,
      error: 'timeout after 5000 ms',
      attempts: 4,
    });
    const tolerated = judgeWindow(
      [snap(0, { [MORA]: [0, 0] }), failure(1), snap(2, { [MORA]: [200, 2] }), snap(3, { [MORA]: [300, 2] })],
      RUNBOOK,
    );
    expect(tolerated.verdict).toBe('pass');
    expect(tolerated.events[1]).toEqual({
      kind: 'fetch-failure',
      takenAt: 60_000,
      error: 'timeout after 5000 ms',
      attempts: 4,
      fetchFailures: 1,
      tooMany: false,
    });
    expect(intervals(tolerated.events)[0]).toMatchObject({ from: 0, to: 120_000, spansFailedFetches: 1 });
    expect(intervals(tolerated.events)[1]?.spansFailedFetches).toBe(0);

    const tooMany = judgeWindow(
      [snap(0, { [MORA]: [0, 0] }), failure(1), failure(2), failure(3), snap(4, { [MORA]: [400, 0] })],
      RUNBOOK,
    );
    expect(tooMany.verdict).toBe('inconclusive');
    expect(tooMany.reasons[0]).toBe('3 failed fetches > 2 allowed');
    expect(tooMany.events[3]).toMatchObject({ kind: 'fetch-failure', tooMany: true });
  });

  it('a baseline alone, or nothing at all, is inconclusive', () => {
    expect(judgeWindow([snap(0, { [MORA]: [10, 0] })], RUNBOOK).verdict).toBe('inconclusive');
    expect(judgeWindow([], RUNBOOK).reasons).toEqual(['no interval was judged pass']);
  });
});

describe('advanceWindow', () => {
  it('does not mutate the state it is given', () => {
    const start = initialWindowState();
    const first = advanceWindow(start, snap(0, { [MORA]: [0, 0] }), RUNBOOK);
    const second = advanceWindow(first.state, snap(1, { [MORA]: [100, 0] }), RUNBOOK);
    expect(start.baseline).toBeNull();
    expect(first.state.intervals).toHaveLength(0);
    expect(second.state.intervals).toHaveLength(1);
  });
});
