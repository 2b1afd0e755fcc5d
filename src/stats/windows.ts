// Cutover window judging, pure: a series of cumulative ops-metrics snapshots in, one judgement per
// interval and a window verdict out. Modelled on canary analysis (Argo Rollouts / Kayenta): a
// verdict needs enough data, too little data is inconclusive, consecutive failures fail the window.
//
// How the figures are derived
// - Requests and errors: the legacy's counters are cumulative since its start or last reset, so
//   each interval's traffic is the difference between consecutive snapshots. A burst long ago is
//   therefore judged once, in its own interval, and never again; a quiet interval shows as such.
// - error_rate_pct = delta errors / delta requests * 100 (fails when > the threshold; the runbook
//   passes `error_rate_pct <= 2.0`).
// - p95: the legacy only reports a cumulative p95_ms (over the requests since its last reset);
//   an interval p95 cannot be derived from cumulative figures. The monitor judges the reported
//   figure as it stands at the end of the interval, for every endpoint that had traffic in the
//   interval and has at least minRequests requests behind that figure. Consequence, stated in
//   docs/perf.md: a slowdown shows once it affects more than 5% of the requests since the last
//   reset, and an old slow burst keeps the figure high until enough fast traffic dilutes it.
// - Counter reset (server restart or /analytics/ops/reset): any requests or errors counter going
//   down (a vanished endpoint counts as zero) or started_at changing. The interval is reported as
//   'reset'; the post-reset counters ARE the traffic since the restart, so they are still checked
//   for a breach (a breach right after a restart is a failure, flagged reset:true), and judging
//   continues from the post-reset snapshot as the new baseline. Traffic between the previous
//   snapshot and the restart is unknown and is said so in the reasons.
// - A failed fetch is recorded and skipped: the next good snapshot is compared with the last good
//   one (a wider interval, marked with spansFailedFetches). More than maxFetchFailures failed
//   fetches make the window inconclusive, since wide intervals dilute a burst.
//
// - The suite's own traffic: a snapshot may carry `own`, the requests the suite itself sent so far
//   by the legacy endpoint they land on (its probes). They are taken off that endpoint's requests
//   before any volume rule: the suite's traffic never makes a quiet window conclusive. Their errors
//   stay counted (an error is an error, whoever asked).
//
// Interval status
// - fail: an endpoint fails on its errors whatever its volume: error_rate_pct above the threshold
//   with >= minRequests requests of the target's traffic, or with >= minErrors errors (a low-traffic
//   endpoint failing every one of its few requests fails); or an endpoint with traffic reports
//   p95_ms above the threshold. Any failing endpoint fails the interval, whatever the others do.
// - inconclusive: no counter moved at all (no traffic, or frozen counters), fewer than minRequests
//   requests of the target's traffic in total, or no endpoint reached minRequests on its own.
// - reset: see above, when the since-restart traffic shows no breach.
// - pass: otherwise. Endpoints with traffic below minRequests are listed as inconclusive in the
//   interval's detail (their error rate is not judged on so few requests).
//
// Window verdict
// - fail: failureLimit consecutive failed intervals. Only a passing interval ends a failure streak;
//   inconclusive, reset intervals and failed fetches neither extend nor end it.
// - inconclusive: no failure, but an inconclusive interval, no passing interval at all, too many
//   failed fetches, or the window ended in a failure streak shorter than failureLimit (the next
//   interval would have decided).
// - pass: at least one passing interval, every interval passed or was a reset, failed fetches
//   within bounds, and any failed interval was isolated (shorter streak than failureLimit, ended by
//   a pass).

export interface EndpointCounters {
  requests: number;
  errors: number;
  /** Cumulative p95 since the last reset, as the legacy reports it. */
  p95_ms?: number | undefined;
}

export interface MetricsSnapshot {
  /** When the snapshot was taken (epoch ms, the monitor's clock). */
  takenAt: number;
  /** The legacy's metrics.started_at (epoch s): changes when the counters restart. */
  startedAt?: number | undefined;
  byEndpoint: Record<string, EndpointCounters>;
  /** Requests the suite itself sent so far, cumulative, by the legacy endpoint they land on. */
  own?: Record<string, number> | undefined;
}

export type SeriesEntry =
  | { kind: 'snapshot'; snapshot: MetricsSnapshot }
  | { kind: 'fetch-failure'; takenAt: number; error: string; attempts?: number };

export interface WindowThresholds {
  /** Fail an endpoint whose interval error rate is above this (percent). */
  errorRatePct: number;
  /** Fail an endpoint whose reported p95 is above this (ms). */
  p95Ms: number;
  /** Fewer requests than this (interval total, or per endpoint) is too little to judge a rate. */
  minRequests: number;
  /** This many errors of one endpoint in an interval are judged whatever its volume. */
  minErrors: number;
  /** This many consecutive failed intervals fail the window. */
  failureLimit: number;
  /** More failed fetches than this make the window inconclusive. */
  maxFetchFailures: number;
}

type EndpointStatus = 'pass' | 'fail' | 'inconclusive' | 'idle';
type IntervalStatus = 'pass' | 'fail' | 'inconclusive' | 'reset';
export type WindowVerdict = 'pass' | 'fail' | 'inconclusive';

interface EndpointInterval {
  endpoint: string;
  requests: number;
  /** Of those, sent by the suite itself (left out of every volume rule). */
  own_requests: number;
  errors: number;
  /** Interval error rate (3 decimals); null without traffic. */
  error_rate_pct: number | null;
  /** The snapshot's cumulative p95; null when not reported. */
  p95_ms: number | null;
  status: EndpointStatus;
  reasons: string[];
}

export interface IntervalJudgement {
  kind: 'interval';
  /** 1-based interval number within the window. */
  index: number;
  from: number;
  to: number;
  status: IntervalStatus;
  reset: boolean;
  /** Failed fetches between the two snapshots (the interval is that much wider). */
  spansFailedFetches: number;
  requests: number;
  /** Of those, sent by the suite itself. */
  ownRequests: number;
  errors: number;
  error_rate_pct: number | null;
  endpoints: EndpointInterval[];
  reasons: string[];
  /** The failure streak after this interval. */
  consecutiveFailures: number;
}

export interface BaselineEvent {
  kind: 'baseline';
  takenAt: number;
  startedAt: number | null;
  requests: number;
  errors: number;
  endpoints: number;
}

export interface FetchFailureEvent {
  kind: 'fetch-failure';
  takenAt: number;
  error: string;
  attempts: number | null;
  /** Failed fetches so far in the window, this one included. */
  fetchFailures: number;
  tooMany: boolean;
}

export type WindowEvent = BaselineEvent | IntervalJudgement | FetchFailureEvent;

export interface WindowState {
  baseline: MetricsSnapshot | null;
  intervals: IntervalJudgement[];
  fetchFailures: number;
  failedFetchesSinceBaseline: number;
  consecutiveFailures: number;
  /** A failure streak reached failureLimit at some point. */
  failed: boolean;
}

export interface WindowResult {
  verdict: WindowVerdict;
  reasons: string[];
  counts: {
    intervals: number;
    pass: number;
    fail: number;
    inconclusive: number;
    reset: number;
    fetchFailures: number;
  };
}

export interface JudgedWindow extends WindowResult {
  events: WindowEvent[];
}

export function initialWindowState(): WindowState {
  return {
    baseline: null,
    intervals: [],
    fetchFailures: 0,
    failedFetchesSinceBaseline: 0,
    consecutiveFailures: 0,
    failed: false,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function totals(snapshot: MetricsSnapshot): { requests: number; errors: number } {
  let requests = 0;
  let errors = 0;
  for (const counters of Object.values(snapshot.byEndpoint)) {
    requests += counters.requests;
    errors += counters.errors;
  }
  return { requests, errors };
}

/** Why the counters restarted between two snapshots, or [] when they did not. */
export function detectReset(previous: MetricsSnapshot, current: MetricsSnapshot): string[] {
  const reasons: string[] = [];
  if (
    previous.startedAt !== undefined &&
    current.startedAt !== undefined &&
    previous.startedAt !== current.startedAt
  ) {
    reasons.push(`started_at changed from ${previous.startedAt} to ${current.startedAt}`);
  }
  for (const [endpoint, before] of Object.entries(previous.byEndpoint)) {
    const after = current.byEndpoint[endpoint];
    const requestsAfter = after?.requests ?? 0;
    const errorsAfter = after?.errors ?? 0;
    if (requestsAfter < before.requests) {
      reasons.push(`${endpoint} requests went down from ${before.requests} to ${requestsAfter}`);
    } else if (errorsAfter < before.errors) {
      reasons.push(`${endpoint} errors went down from ${before.errors} to ${errorsAfter}`);
    }
  }
  return reasons;
}

interface EndpointTraffic {
  requests: number;
  /** Of those, the suite's own. */
  own: number;
  errors: number;
}

function judgeEndpoint(
  endpoint: string,
  { requests, own, errors }: EndpointTraffic,
  current: EndpointCounters | undefined,
  thresholds: WindowThresholds,
): EndpointInterval {
  const p95 = current?.p95_ms ?? null;
  const errorRate = requests > 0 ? round3((errors / requests) * 100) : null;
  const base = { endpoint, requests, own_requests: own, errors, error_rate_pct: errorRate, p95_ms: p95 };
  const targetRequests = Math.max(0, requests - own);
  if (requests === 0) {
    if (errors > 0) {
      return { ...base, status: 'inconclusive', reasons: [`${errors} errors counted without any request`] };
    }
    return { ...base, status: 'idle', reasons: [] };
  }
  const failures: string[] = [];
  const enoughTraffic = targetRequests >= thresholds.minRequests;
  const enoughErrors = errors >= thresholds.minErrors;
  if ((enoughTraffic || enoughErrors) && (errors / requests) * 100 > thresholds.errorRatePct) {
    failures.push(
      `error_rate_pct ${errorRate} > ${thresholds.errorRatePct} (${errors}/${requests}` +
        (enoughTraffic ? ')' : `: ${thresholds.minErrors} or more errors are judged whatever the volume)`),
    );
  }
  // The reported p95 covers every request since the last reset, so it is judged on that volume.
  const cumulativeRequests = current?.requests ?? requests;
  if (p95 !== null && cumulativeRequests >= thresholds.minRequests && p95 > thresholds.p95Ms) {
    failures.push(`p95_ms ${p95} > ${thresholds.p95Ms} (cumulative since last reset)`);
  }
  if (failures.length > 0) return { ...base, status: 'fail', reasons: failures };
  if (!enoughTraffic) {
    const ownPart = own > 0 ? ` of the target's traffic (${own} of the suite's own left out)` : '';
    return {
      ...base,
      status: 'inconclusive',
      reasons: [
        `only ${targetRequests} requests${ownPart} (< ${thresholds.minRequests}): error rate not judged`,
      ],
    };
  }
  return { ...base, status: 'pass', reasons: [] };
}

function judgeInterval(
  previous: MetricsSnapshot,
  current: MetricsSnapshot,
  thresholds: WindowThresholds,
  index: number,
  spansFailedFetches: number,
): Omit<IntervalJudgement, 'consecutiveFailures'> {
  const resetReasons = detectReset(previous, current);
  const reset = resetReasons.length > 0;
  const names = [
    ...new Set([...Object.keys(previous.byEndpoint), ...Object.keys(current.byEndpoint)]),
  ].sort();
  const endpoints: EndpointInterval[] = [];
  for (const name of names) {
    const after = current.byEndpoint[name];
    // After a reset the new counters are the traffic since the restart.
    const before = reset ? undefined : previous.byEndpoint[name];
    const requests = (after?.requests ?? 0) - (before?.requests ?? 0);
    const errors = (after?.errors ?? 0) - (before?.errors ?? 0);
    // The suite's own counter never restarts with the legacy's.
    const own = Math.max(0, (current.own?.[name] ?? 0) - (previous.own?.[name] ?? 0));
    if (after === undefined && before === undefined) continue;
    endpoints.push(judgeEndpoint(name, { requests, own, errors }, after, thresholds));
  }
  const requests = endpoints.reduce((sum, item) => sum + item.requests, 0);
  const ownRequests = endpoints.reduce((sum, item) => sum + Math.min(item.own_requests, item.requests), 0);
  const targetRequests = requests - ownRequests;
  const errors = endpoints.reduce((sum, item) => sum + item.errors, 0);
  const reasons: string[] = [];
  if (reset) {
    reasons.push(
      `counter reset: ${resetReasons.join('; ')}; judging restarts from this snapshot, traffic before the restart is unknown`,
    );
  }
  if (spansFailedFetches > 0) {
    reasons.push(`spans ${spansFailedFetches} failed fetch(es): one wider interval`);
  }
  const failed = endpoints.filter((item) => item.status === 'fail');
  const lowTraffic = endpoints.filter((item) => item.status === 'inconclusive');
  let status: IntervalStatus;
  if (failed.length > 0) {
    status = 'fail';
    for (const item of failed) reasons.push(`${item.endpoint}: ${item.reasons.join('; ')}`);
  } else if (reset) {
    status = 'reset';
  } else if (requests === 0 && errors === 0) {
    status = 'inconclusive';
    reasons.push('no traffic or frozen counters: no counter moved in the interval');
  } else if (targetRequests < thresholds.minRequests) {
    status = 'inconclusive';
    const ownPart = ownRequests > 0 ? ` (${ownRequests} of the suite's own left out)` : '';
    reasons.push(
      `too little traffic: ${targetRequests} requests of the target's traffic${ownPart} < ${thresholds.minRequests}`,
    );
  } else if (!endpoints.some((item) => item.status === 'pass')) {
    status = 'inconclusive';
    reasons.push(`no endpoint reached ${thresholds.minRequests} requests on its own`);
  } else {
    status = 'pass';
  }
  if (status !== 'fail' && lowTraffic.length > 0) {
    reasons.push(`not judged (too little traffic): ${lowTraffic.map((item) => item.endpoint).join(', ')}`);
  }
  return {
    kind: 'interval',
    index,
    from: previous.takenAt,
    to: current.takenAt,
    status,
    reset,
    spansFailedFetches,
    requests,
    ownRequests,
    errors,
    error_rate_pct: requests > 0 ? round3((errors / requests) * 100) : null,
    endpoints,
    reasons,
  };
}

/** Fold one series entry into the window. Pure: returns a new state and the event to record. */
export function advanceWindow(
  state: WindowState,
  entry: SeriesEntry,
  thresholds: WindowThresholds,
): { state: WindowState; event: WindowEvent } {
  if (entry.kind === 'fetch-failure') {
    const fetchFailures = state.fetchFailures + 1;
    return {
      state: { ...state, fetchFailures, failedFetchesSinceBaseline: state.failedFetchesSinceBaseline + 1 },
      event: {
        kind: 'fetch-failure',
        takenAt: entry.takenAt,
        error: entry.error,
        attempts: entry.attempts ?? null,
        fetchFailures,
        tooMany: fetchFailures > thresholds.maxFetchFailures,
      },
    };
  }
  const snapshot = entry.snapshot;
  if (state.baseline === null) {
    const sums = totals(snapshot);
    return {
      state: { ...state, baseline: snapshot, failedFetchesSinceBaseline: 0 },
      event: {
        kind: 'baseline',
        takenAt: snapshot.takenAt,
        startedAt: snapshot.startedAt ?? null,
        requests: sums.requests,
        errors: sums.errors,
        endpoints: Object.keys(snapshot.byEndpoint).length,
      },
    };
  }
  const judged = judgeInterval(
    state.baseline,
    snapshot,
    thresholds,
    state.intervals.length + 1,
    state.failedFetchesSinceBaseline,
  );
  let consecutiveFailures = state.consecutiveFailures;
  if (judged.status === 'fail') consecutiveFailures += 1;
  if (judged.status === 'pass') consecutiveFailures = 0;
  const interval: IntervalJudgement = { ...judged, consecutiveFailures };
  return {
    state: {
      baseline: snapshot,
      intervals: [...state.intervals, interval],
      fetchFailures: state.fetchFailures,
      failedFetchesSinceBaseline: 0,
      consecutiveFailures,
      failed: state.failed || consecutiveFailures >= thresholds.failureLimit,
    },
    event: interval,
  };
}

/** The window's verdict so far (final once the series is complete). */
function windowVerdict(state: WindowState, thresholds: WindowThresholds): WindowResult {
  const count = (status: IntervalStatus) => state.intervals.filter((item) => item.status === status).length;
  const counts = {
    intervals: state.intervals.length,
    pass: count('pass'),
    fail: count('fail'),
    inconclusive: count('inconclusive'),
    reset: count('reset'),
    fetchFailures: state.fetchFailures,
  };
  const reasons: string[] = [];
  if (state.failed) {
    const streakEnd = state.intervals.find((item) => item.consecutiveFailures >= thresholds.failureLimit);
    reasons.push(
      `${thresholds.failureLimit} consecutive failed interval(s)` +
        (streakEnd ? ` (reached at interval ${streakEnd.index}: ${streakEnd.reasons.join('; ')})` : ''),
    );
    return { verdict: 'fail', reasons, counts };
  }
  if (counts.fetchFailures > thresholds.maxFetchFailures) {
    reasons.push(`${counts.fetchFailures} failed fetches > ${thresholds.maxFetchFailures} allowed`);
  }
  if (counts.inconclusive > 0) {
    const which = state.intervals.filter((item) => item.status === 'inconclusive').map((item) => item.index);
    reasons.push(`${counts.inconclusive} inconclusive interval(s): ${which.join(', ')}`);
  }
  if (counts.pass === 0) reasons.push('no interval was judged pass');
  if (state.consecutiveFailures > 0) {
    reasons.push(
      `the window ended in a failure streak of ${state.consecutiveFailures} (< limit ${thresholds.failureLimit}): ` +
        'the next interval would have decided',
    );
  }
  if (reasons.length > 0) return { verdict: 'inconclusive', reasons, counts };
  if (counts.fail > 0) {
    reasons.push(
      `${counts.fail} isolated failed interval(s), each followed by a pass (limit ${thresholds.failureLimit})`,
    );
  }
  if (counts.reset > 0) reasons.push(`${counts.reset} counter reset(s), judged on the new baseline`);
  reasons.push(`${counts.pass} interval(s) passed`);
  return { verdict: 'pass', reasons, counts };
}

/** Judge a whole series (all entries, even after a failure, so the report is complete). */
export function judgeWindow(series: readonly SeriesEntry[], thresholds: WindowThresholds): JudgedWindow {
  let state = initialWindowState();
  const events: WindowEvent[] = [];
  for (const entry of series) {
    const next = advanceWindow(state, entry, thresholds);
    state = next.state;
    events.push(next.event);
  }
  return { ...windowVerdict(state, thresholds), events };
}
