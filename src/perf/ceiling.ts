// The load generator's own ceiling: req/s against a trivial endpoint (the v1 /health) with the same
// connections and rate cap as the measured runs, taken once per run. An endpoint that reaches 80%
// of it is not trusted for its p95 (judge.ts, rule 4): at that rate the generator's own queueing
// may be inside the measured response times.
import { runEndpointLoad } from './load.ts';

export interface CeilingOptions {
  url: string;
  connections: number;
  durationSeconds?: number;
  maxRps?: number;
  timeoutSeconds?: number;
  warmupRequests?: number;
}

export interface GeneratorCeiling {
  url: string;
  connections: number;
  /** Answered requests per second; null when nothing answered. */
  rps: number | null;
  responses: number;
  non2xx: number;
  errors: number;
  elapsedSeconds: number;
  /** The ceiling run reached the rate cap: the generator is not the bottleneck below the cap. */
  limitedByRateCap: boolean;
}

/** Far above anything a generator sends in a few seconds: the duration ends the run. */
const UNBOUNDED_REQUESTS = 100_000_000;

export async function measureGeneratorCeiling(options: CeilingOptions): Promise<GeneratorCeiling> {
  const result = await runEndpointLoad({
    url: options.url,
    method: 'GET',
    connections: options.connections,
    durationSeconds: options.durationSeconds ?? 2,
    maxRequests: UNBOUNDED_REQUESTS,
    // Under a rate cap, keep the warm-up to about a second of it.
    warmupRequests: options.warmupRequests ?? Math.min(200, options.maxRps ?? 200),
    timeoutSeconds: options.timeoutSeconds ?? 5,
    ...(options.maxRps === undefined ? {} : { maxRps: options.maxRps }),
  });
  const rps = result.responses > 0 ? result.achievedRps : null;
  return {
    url: options.url,
    connections: result.connections,
    rps,
    responses: result.responses,
    non2xx: result.non2xx,
    errors: result.errors,
    elapsedSeconds: result.elapsedSeconds,
    limitedByRateCap: options.maxRps !== undefined && rps !== null && rps >= 0.8 * options.maxRps,
  };
}
