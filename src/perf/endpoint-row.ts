// One endpoint's row of the perf table: its load judged against its budget (judge.ts), with the
// figures, the degraded answers and why the run stopped.
import type { DegradedTally } from './degraded.ts';
import { PERF_ENDPOINTS, type PerfEndpointName } from './endpoints.ts';
import type { PerfGateOptions } from './gate-options.ts';
import { budgetFor, judgeEndpoint } from './judge.ts';
import type { EndpointLoadResult } from './load.ts';
import type { PerfRow } from './report.ts';

/** The row of one endpoint's load, judged against its budget. */
export function perfRowFor(
  name: PerfEndpointName,
  load: EndpointLoadResult,
  options: PerfGateOptions,
  ceilingForJudge: number | undefined,
  degraded?: { tally: DegradedTally; unchecked: readonly string[] },
): PerfRow {
  const endpoint = PERF_ENDPOINTS[name];
  const budgetMs = budgetFor(name, options.budgetMs, options.budgetOverrides);
  const judgement = judgeEndpoint({
    samples: load.samples,
    non2xx: load.non2xx,
    errors: load.errors,
    budgetMs,
    minSamples: options.samples,
    rateLimited: load.rateLimited,
    inFlightAgesMs: load.inFlightAgesMs,
    achievedRps: load.achievedRps,
    generatorCeilingRps: ceilingForJudge,
    maxErrorRatePct: options.maxErrorRatePct,
    ...(degraded ? { degraded: degraded.tally.degraded, degradedReasons: degraded.tally.reasons } : {}),
  });
  const reasons = [...judgement.reasons];
  if (degraded && degraded.unchecked.length > 0) {
    reasons.push(
      `empty answers not checked against the legacy: ${degraded.unchecked.slice(0, 3).join('; ')}`,
    );
  }
  if (load.stoppedBy === 'duration-cap') {
    reasons.push(
      `stopped by the ${options.durationSeconds} s cap (PERF_DURATION_S) before ${options.samples} requests`,
    );
  }
  return {
    endpoint: name,
    method: endpoint.method,
    path: endpoint.path,
    samples: load.samples.length,
    rps: Math.round(load.achievedRps * 10) / 10,
    p50_ms: judgement.summary?.p50 ?? null,
    p95_ms: judgement.summary?.p95 ?? null,
    p99_ms: judgement.summary?.p99 ?? null,
    max_ms: judgement.summary?.max ?? null,
    mean_ms: judgement.summary?.mean ?? null,
    non2xx: load.non2xx,
    rate_limited: load.rateLimited,
    errors: load.errors,
    timeouts: load.timeouts,
    in_flight_at_stop: load.inFlightAgesMs.length,
    p95_bounds_ms: judgement.p95Bounds,
    error_rate_pct: judgement.errorRatePct,
    budget_ms: budgetMs,
    verdict: judgement.verdict,
    reasons,
    stopped_by: load.stoppedBy,
    elapsed_s: Math.round(load.elapsedSeconds * 100) / 100,
    status_counts: load.statusCounts,
    generator_saturated: judgement.saturated,
    ...(degraded
      ? {
          degraded: degraded.tally.degraded,
          degraded_reasons: degraded.tally.reasons,
          empty_unchecked: [...degraded.unchecked],
        }
      : {}),
  };
}
