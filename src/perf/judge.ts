// The perf gate's verdict for one endpoint, pure. k6-style: a declarative budget (p95 <= budget ms)
// with a clear pass/fail line, plus the honesty rules below. 'inconclusive' fails the gate, but is
// reported with that word so nobody mistakes "could not measure" for "too slow".
//
// Rules, in order of precedence (all applicable reasons are reported):
// 1. fail: non-2xx responses (other than 429), connection errors/timeouts or degraded 2xx answers
//    (a fallback, a body off the schema, empty while the legacy has data: src/perf/degraded.ts)
//    above maxErrorRatePct (default 0: any is a failure).
// 2. Minimum samples: with fewer than minSamples responses the p95 is not reported as a pass. It is a
//    fail only when the breach is already certain: even if every missing sample up to the minimum
//    were instant, the nearest-rank p95 would exceed the budget. Otherwise inconclusive.
// 3. Requests cut off in flight by the duration cap (see load.ts) bound the p95: lower bound = each
//    answered the moment the run stopped, upper bound = never answered. lower > budget is a fail;
//    upper > budget (while the measured p95 is within) is inconclusive.
// 4. Generator saturation (measured once per run, see ceiling.ts): when an endpoint's achieved
//    req/s is >= GENERATOR_SATURATION_RATIO (80%) of the generator's ceiling against a trivial
//    endpoint with the same connections, the load generator rather than the server may be the
//    bottleneck and its queueing is inside the measured times. The p95 is then NOT reported as a
//    pass or as a fail: inconclusive, reason 'generator saturated'. Errors still fail (rule 1).
// 5. 429 responses: the target refused the load (e.g. the login rate limit), so its latency at that
//    load is unknown: inconclusive. The run stops at the first 429 (load.ts) not to hammer it.
// 6. Otherwise: fail when p95 > budget, pass when p95 <= budget.
import { percentile, type Summary, summarize } from '../stats/percentiles.ts';

/** At or above this share of the generator ceiling, a p95 is not trusted (rule 4). */
export const GENERATOR_SATURATION_RATIO = 0.8;

export type PerfVerdict = 'pass' | 'fail' | 'inconclusive';

export interface JudgeEndpointInput {
  /** Response times (ms) of the 2xx responses. */
  samples: readonly number[];
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  budgetMs: number;
  minSamples: number;
  /** 429 responses, included in non2xx. */
  rateLimited?: number;
  /** Ages (ms) of the requests still unanswered when the run stopped. */
  inFlightAgesMs?: readonly number[];
  achievedRps?: number;
  /** The generator's req/s against a trivial endpoint; null or absent when not measured. */
  generatorCeilingRps?: number | null;
  /** Allowed share of failed requests, percent (PERF_MAX_ERROR_RATE_PCT, default 0). */
  maxErrorRatePct?: number;
  /** 2xx answers that are not the data (included in samples: their time was still measured). */
  degraded?: number;
  /** Why, reason -> count. */
  degradedReasons?: Readonly<Record<string, number>>;
}

export interface EndpointJudgement {
  verdict: PerfVerdict;
  reasons: string[];
  summary: Summary | null;
  /** Set when requests were cut off in flight; upper is null when it is unbounded. */
  p95Bounds: { lower: number; upper: number | null } | null;
  /** Failed requests (non-2xx other than 429, errors, timeouts) per attempt, percent. */
  errorRatePct: number;
  saturated: boolean;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Failures ("fail") and doubts ("inconclusive") found by the rules. */
interface Findings {
  readonly failures: string[];
  readonly doubts: string[];
}

/** Rule 1: failed requests (non-2xx but 429, errors, degraded 2xx) beyond the allowed rate. */
function judgeErrors(input: JudgeEndpointInput, rateLimited: number, findings: Findings): number {
  const degraded = input.degraded ?? 0;
  const failedRequests = input.non2xx - rateLimited + input.errors + degraded;
  const attempts = input.samples.length + input.non2xx + input.errors;
  const errorRatePct = attempts > 0 ? (failedRequests / attempts) * 100 : 0;
  const maxErrorRatePct = input.maxErrorRatePct ?? 0;
  if (failedRequests > 0 && errorRatePct > maxErrorRatePct) {
    const why = Object.entries(input.degradedReasons ?? {})
      .map(([reason, count]) => `${count} x ${reason}`)
      .join('; ');
    findings.failures.push(
      `${input.non2xx - rateLimited} non-2xx, ${input.errors} errors/timeouts and ${degraded} degraded 2xx ` +
        `in ${attempts} requests (${round1(errorRatePct)}% > ${maxErrorRatePct}% allowed)${why ? `: ${why}` : ''}`,
    );
  }
  return errorRatePct;
}

/** Rule 4: the endpoint reached the generator's own ceiling, so its p95 may be the generator's. */
function judgeSaturation(input: JudgeEndpointInput, findings: Findings): boolean {
  const ceiling = input.generatorCeilingRps ?? null;
  const saturated =
    ceiling !== null && ceiling > 0 && (input.achievedRps ?? 0) >= GENERATOR_SATURATION_RATIO * ceiling;
  if (saturated) {
    findings.doubts.push(
      `generator saturated: ${round1(input.achievedRps ?? 0)} req/s >= ${GENERATOR_SATURATION_RATIO * 100}% ` +
        `of the generator ceiling ${round1(ceiling)} req/s, the p95 may be the generator's, not the server's`,
    );
  }
  return saturated;
}

/** Rule 2: fewer samples than the minimum; a fail only when the breach is already certain. */
function judgeTooFewSamples(input: JudgeEndpointInput, saturated: boolean, findings: Findings): void {
  const { samples, budgetMs, minSamples } = input;
  const inFlight = input.inFlightAgesMs ?? [];
  const observed = samples.length + inFlight.length;
  // Pad to the minimum with instant samples: if the p95 still breaks the budget, the breach is certain.
  const padded = [...samples, ...inFlight, ...Array<number>(minSamples - observed).fill(0)];
  const best = minSamples > 0 ? percentile(padded, 95) : 0;
  if (best > budgetMs && !saturated) {
    findings.failures.push(
      `p95 over budget with only ${observed} of the minimum ${minSamples} samples (answered or cut off): even if the rest were ` +
        `instant it would be ${round1(best)} ms > ${budgetMs} ms`,
    );
    return;
  }
  const cutOff = inFlight.length > 0 ? ` (+${inFlight.length} cut off in flight)` : '';
  findings.doubts.push(
    `only ${samples.length} samples${cutOff}, at least ${minSamples} needed for a meaningful p95`,
  );
}

/** Rules 3 and 6: the p95 (bounded by the requests cut off in flight) against the budget. */
function judgeP95(
  input: JudgeEndpointInput,
  summary: Summary,
  saturated: boolean,
  findings: Findings,
): EndpointJudgement['p95Bounds'] {
  const { samples, budgetMs } = input;
  const inFlight = input.inFlightAgesMs ?? [];
  let lower = summary.p95;
  let upper: number | null = summary.p95;
  let p95Bounds: EndpointJudgement['p95Bounds'] = null;
  if (inFlight.length > 0) {
    lower = percentile([...samples, ...inFlight], 95);
    const unbounded = [...samples, ...Array<number>(inFlight.length).fill(Number.MAX_VALUE)];
    const worst = percentile(unbounded, 95);
    upper = worst === Number.MAX_VALUE ? null : worst;
    p95Bounds = { lower, upper };
  }
  if (saturated) {
    // Reported by rule 4: neither a pass nor a fail on latency.
  } else if (lower > budgetMs) {
    findings.failures.push(`p95 ${round1(lower)} ms > budget ${budgetMs} ms`);
  } else if (upper === null || upper > budgetMs) {
    findings.doubts.push(
      `${inFlight.length} requests cut off in flight by the duration cap could put p95 over budget ` +
        `(p95 between ${round1(lower)} ms and ${upper === null ? 'unbounded' : `${round1(upper)} ms`})`,
    );
  }
  return p95Bounds;
}

/** Judge one endpoint's recorded load (see the rules in the module comment). */
export function judgeEndpoint(input: JudgeEndpointInput): EndpointJudgement {
  const { samples, budgetMs, minSamples } = input;
  const rateLimited = input.rateLimited ?? 0;
  const findings: Findings = { failures: [], doubts: [] };
  const errorRatePct = judgeErrors(input, rateLimited, findings);
  if (rateLimited > 0) {
    findings.doubts.push(
      `rate limited: ${rateLimited} x 429, the target refused this load so its p95 is unknown`,
    );
  }
  const saturated = judgeSaturation(input, findings);

  const summary = samples.length > 0 ? summarize(samples) : null;
  let p95Bounds: EndpointJudgement['p95Bounds'] = null;
  if (samples.length + (input.inFlightAgesMs ?? []).length < minSamples) {
    judgeTooFewSamples(input, saturated, findings);
  } else if (summary === null) {
    findings.doubts.push('no successful response to measure');
  } else {
    p95Bounds = judgeP95(input, summary, saturated, findings);
  }

  const { failures, doubts } = findings;
  const verdict: PerfVerdict = failures.length > 0 ? 'fail' : doubts.length > 0 ? 'inconclusive' : 'pass';
  const reasons = [...failures, ...doubts];
  if (verdict === 'pass' && summary !== null) {
    reasons.push(`p95 ${round1(summary.p95)} ms <= budget ${budgetMs} ms over ${samples.length} samples`);
  }
  return { verdict, reasons, summary, p95Bounds, errorRatePct: round1(errorRatePct), saturated };
}

/** fail if any failed, else inconclusive if any was, else pass (an empty gate is inconclusive). */
export function combineVerdicts(verdicts: readonly PerfVerdict[]): PerfVerdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.length === 0 || verdicts.includes('inconclusive')) return 'inconclusive';
  return 'pass';
}

/** Exit code of a gate: 0 pass, 1 fail, 2 inconclusive. */
export function exitCodeFor(verdict: PerfVerdict): 0 | 1 | 2 {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2;
}

/** The p95 budget of an endpoint: its PERF_P95_BUDGETS override, else PERF_ANALYTICS_P95_BUDGET_MS. */
export function budgetFor(endpoint: string, defaultMs: number, overrides: Record<string, number>): number {
  return overrides[endpoint] ?? defaultMs;
}
