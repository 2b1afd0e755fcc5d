// Measurement honesty: does the p95 the suite reports agree with ground truth? The reference server
// can delay a deterministic fraction f of one endpoint's requests by D ms (`--latency
// /api/v1/analytics/mora/summary=1500,p=0.1`). The true distribution is then a mixture: a share
// (1 - f) of base latencies and a share f of base latencies + D. Its p95 is computed here exactly
// (weighted nearest rank) from base latency samples, and compared with the nearest-rank p95 the
// engine measures over every response.
//
// Base samples: supplied by the caller (e.g. measured on a server started without the injection),
// or, by default, the measured responses faster than 98% of D (the undelayed ones; the margin is
// for timers that fire a millisecond early; with D = 1500 ms and a local server the two groups
// cannot overlap). What the comparison then checks is that no delayed
// response was lost (a run cut short by a timer, or a generator that drops slow responses, would
// show fewer than f of them and a lower p95) and that the percentile arithmetic is right: with
// f = 10% the true p95 is D + the median base latency, whatever the engine's ordering of arrivals.
import { type Summary, summarize } from '../stats/percentiles.ts';
import { filterBodies } from './filters.ts';
import { runEndpointLoad } from './load.ts';
import { loginForToken } from './login.ts';

export interface LatencyInjection {
  /** The path the server delays, as given to --latency. */
  endpoint: string;
  delayMs: number;
  /** Share of requests delayed, in (0, 1]. */
  fraction: number;
}

/** A response at least this share of the injected delay counts as delayed (timer slack). */
const DELAYED_THRESHOLD = 0.98;

/** "endpoint=ms[,p=fraction]" (the reference server's --latency form); p defaults to 1. */
export function parseLatencySpec(spec: string): LatencyInjection {
  const match = /^\s*([^=\s]+)=(\d+(?:\.\d+)?)(?:\s*,\s*p=(\d*\.?\d+))?\s*$/.exec(spec);
  const delayMs = Number(match?.[2]);
  const fraction = match?.[3] === undefined ? 1 : Number(match[3]);
  if (!match?.[1] || !(delayMs > 0) || !(fraction > 0 && fraction <= 1)) {
    throw new Error(`bad latency spec "${spec}": expected endpoint=ms[,p=fraction], fraction in (0, 1]`);
  }
  return { endpoint: match[1], delayMs, fraction };
}

/**
 * Percentile p (nearest rank, population form) of the injected mixture: each base sample carries
 * weight (1 - f)/m undelayed and f/m delayed by D. The smallest value whose cumulative weight
 * reaches p/100.
 */
export function injectedPercentile(
  baseSamples: readonly number[],
  injection: Pick<LatencyInjection, 'delayMs' | 'fraction'>,
  p = 95,
): number {
  if (baseSamples.length === 0) throw new RangeError('no base latency samples');
  const share = 1 / baseSamples.length;
  const weighted: [number, number][] = [];
  for (const base of baseSamples) {
    if (!Number.isFinite(base)) throw new RangeError(`base sample is not finite: ${base}`);
    if (injection.fraction < 1) weighted.push([base, share * (1 - injection.fraction)]);
    weighted.push([base + injection.delayMs, share * injection.fraction]);
  }
  weighted.sort((a, b) => a[0] - b[0]);
  const target = p / 100 - 1e-12;
  let cumulative = 0;
  for (const [value, weight] of weighted) {
    cumulative += weight;
    if (cumulative >= target) return value;
  }
  return weighted[weighted.length - 1]?.[0] ?? Number.NaN;
}

export interface AccuracyOptions {
  /** Full URL of the delayed endpoint. */
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  bodies?: readonly string[];
  injection: Pick<LatencyInjection, 'delayMs' | 'fraction'>;
  samples: number;
  connections: number;
  durationSeconds: number;
  warmupRequests?: number;
  timeoutSeconds?: number;
  /** Base latencies measured elsewhere; default: the measured responses faster than the delay. */
  baseSamples?: readonly number[];
  /** Allowed relative error, percent (the 5%). */
  tolerancePct?: number;
}

export interface AccuracyResult {
  trueP95Ms: number;
  measuredP95Ms: number;
  /** |measured - true| / true, percent. */
  relativeErrorPct: number;
  tolerancePct: number;
  withinTolerance: boolean;
  samples: number;
  delayedObserved: number;
  delayedExpected: number;
  baseSource: 'supplied' | 'undelayed-responses';
  measured: Summary;
  non2xx: number;
  errors: number;
  stoppedBy: string;
}

/** Compare a measured p95 with the injected distribution's (pure part of measureAccuracy). */
export function compareWithInjection(
  measuredSamples: readonly number[],
  injection: Pick<LatencyInjection, 'delayMs' | 'fraction'>,
  options: { baseSamples?: readonly number[]; tolerancePct?: number } = {},
): Omit<AccuracyResult, 'non2xx' | 'errors' | 'stoppedBy'> {
  const measured = summarize(measuredSamples);
  const undelayed = measuredSamples.filter((ms) => ms < injection.delayMs * DELAYED_THRESHOLD);
  const base = options.baseSamples ?? undelayed;
  if (base.length === 0) {
    throw new RangeError('no undelayed responses to take base latencies from: supply baseSamples');
  }
  const trueP95Ms = injectedPercentile(base, injection, 95);
  const relativeErrorPct = (Math.abs(measured.p95 - trueP95Ms) / trueP95Ms) * 100;
  const tolerancePct = options.tolerancePct ?? 5;
  return {
    trueP95Ms,
    measuredP95Ms: measured.p95,
    relativeErrorPct,
    tolerancePct,
    withinTolerance: relativeErrorPct <= tolerancePct,
    samples: measuredSamples.length,
    delayedObserved: measuredSamples.length - undelayed.length,
    delayedExpected: Math.round(measuredSamples.length * injection.fraction),
    baseSource: options.baseSamples ? 'supplied' : 'undelayed-responses',
    measured,
  };
}

/** Load the delayed endpoint and compare the measured p95 with the injected distribution's. */
export async function measureAccuracy(options: AccuracyOptions): Promise<AccuracyResult> {
  const load = await runEndpointLoad({
    url: options.url,
    method: options.method,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.bodies ? { bodies: options.bodies } : {}),
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    maxRequests: options.samples,
    warmupRequests: options.warmupRequests ?? 0,
    timeoutSeconds: options.timeoutSeconds ?? Math.max(5, Math.ceil((options.injection.delayMs * 3) / 1000)),
  });
  const compared = compareWithInjection(load.samples, options.injection, {
    ...(options.baseSamples ? { baseSamples: options.baseSamples } : {}),
    ...(options.tolerancePct === undefined ? {} : { tolerancePct: options.tolerancePct }),
  });
  return { ...compared, non2xx: load.non2xx, errors: load.errors, stoppedBy: load.stoppedBy };
}

export interface AccuracyCheckOptions {
  /** API v1 base of a server started with the latency injection below. */
  apiBase: string;
  /** The spec the server was started with, e.g. /api/v1/analytics/mora/summary=1500,p=0.1 */
  latencySpec: string;
  username: string;
  password: string;
  samples: number;
  connections: number;
  durationSeconds: number;
  tolerancePct?: number;
}

/** Log in, load the delayed endpoint with varied filter bodies, compare with the truth. */
export async function runAccuracyCheck(
  options: AccuracyCheckOptions,
): Promise<AccuracyResult & { url: string; injection: LatencyInjection }> {
  const injection = parseLatencySpec(options.latencySpec);
  const token = await loginForToken(options.apiBase, options.username, options.password, 10_000);
  const url = new URL(injection.endpoint, options.apiBase).href;
  const result = await measureAccuracy({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    bodies: filterBodies(options.samples),
    injection,
    samples: options.samples,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    ...(options.tolerancePct === undefined ? {} : { tolerancePct: options.tolerancePct }),
  });
  return { url, injection, ...result };
}
