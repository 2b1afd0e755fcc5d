// The load generator's own ceiling: req/s against a trivial endpoint (the v1 /health) with the same
// connections and rate cap as the measured runs, taken once per run. An endpoint that reaches 80%
// of it is not trusted for its p95 (judge.ts, rule 4): at that rate the generator's own queueing
// may be inside the measured response times.
import { endpointUrl, HEALTH_PATH } from './endpoints.ts';
import type { PerfGateOptions } from './gate-options.ts';
import { GENERATOR_SATURATION_RATIO } from './judge.ts';
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

/** The generator ceiling of a run and what it means for the saturation rule (judge.ts, rule 4). */
export interface CeilingContext {
  generator: GeneratorCeiling & { saturationRatio: number };
  /** The ceiling the judge compares against; undefined when the rule is not applied. */
  ceilingForJudge: number | undefined;
  /** True when nothing answered: saturation cannot be excluded, so no endpoint can pass. */
  unknown: boolean;
  reasons: string[];
}

/** Measure the generator ceiling once, with the run's connections and rate cap. */
export async function measureCeilingContext(options: PerfGateOptions): Promise<CeilingContext> {
  const log = options.log ?? (() => {});
  log(`measuring the generator ceiling against ${HEALTH_PATH} (${options.connections} connections)`);
  const ceiling = await measureGeneratorCeiling({
    url: endpointUrl(options.apiBase, HEALTH_PATH),
    connections: options.connections,
    durationSeconds: options.ceilingSeconds,
    ...(options.maxRps === undefined ? {} : { maxRps: options.maxRps }),
  });
  log(`generator ceiling: ${ceiling.rps === null ? 'unknown' : `${ceiling.rps.toFixed(0)} req/s`}`);
  const generator = { ...ceiling, saturationRatio: GENERATOR_SATURATION_RATIO };
  if (ceiling.rps === null) {
    return {
      generator,
      ceilingForJudge: undefined,
      unknown: true,
      reasons: [`generator ceiling unknown (no answer from ${HEALTH_PATH}): saturation cannot be excluded`],
    };
  }
  if (ceiling.limitedByRateCap) {
    return {
      generator,
      ceilingForJudge: undefined,
      unknown: false,
      reasons: [
        `the generator ceiling run reached the PERF_MAX_RPS cap (${options.maxRps}): the generator is not the ` +
          'bottleneck below it, saturation rule not applied',
      ],
    };
  }
  return { generator, ceilingForJudge: ceiling.rps, unknown: false, reasons: [] };
}
