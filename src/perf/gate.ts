// The perf smoke as one call: log in, measure the generator ceiling once, load each endpoint after a
// warm-up with rotating filter bodies, judge each against its budget, and return the rows with the
// gate's verdict. Used by cli/perf-smoke.ts and by the Playwright perf spec. The token and the
// password stay in request headers and bodies; nothing of them reaches the result.
import { fetch } from 'undici';
import { z } from 'zod';
import { paceRequest } from '../clients/rate-pacing.ts';
import { undiciTransport } from '../clients/transport.ts';
import { isLoopbackUrl, type SuiteConfig } from '../config.ts';
import type { ExportEndpoint } from '../contract/endpoints.ts';
import { TokenPair } from '../contract/v1.ts';
import { type GeneratorCeiling, measureGeneratorCeiling } from './ceiling.ts';
import { DegradedTally, legacyHasData } from './degraded.ts';
import { HEALTH_PATH, PERF_ENDPOINTS, type PerfEndpointName } from './endpoints.ts';
import { distinctVariants, filterBodies, targetFilterValues } from './filters.ts';
import {
  budgetFor,
  combineVerdicts,
  GENERATOR_SATURATION_RATIO,
  judgeEndpoint,
  type PerfVerdict,
} from './judge.ts';
import { type EndpointLoadResult, runEndpointLoad } from './load.ts';
import type { PerfRow } from './report.ts';

export interface PerfGateOptions {
  /** API v1 base, e.g. http://127.0.0.1:8000/api/v1 */
  apiBase: string;
  /** The legacy the v1 answers: asked, after the load, whether an empty v1 answer should have data. */
  legacyBase?: string;
  /** Judge every 2xx analytics body (src/perf/degraded.ts); on for the gate, off for bare timing. */
  judgeBodies?: boolean;
  username: string;
  password: string;
  endpoints: readonly PerfEndpointName[];
  /** Endpoints of the default list left out for this target, with the reason (reported, never silent). */
  excludedEndpoints?: Partial<Record<PerfEndpointName, string>>;
  /** Request target per endpoint, and the minimum for a meaningful p95 (PERF_SAMPLES). */
  samples: number;
  connections: number;
  /** Cap per endpoint (PERF_DURATION_S). */
  durationSeconds: number;
  warmupRequests: number;
  maxRps?: number;
  /** Where maxRps came from; absent when the rate is not capped. */
  maxRpsSource?: RateCapSource;
  timeoutSeconds: number;
  /** PERF_ANALYTICS_P95_BUDGET_MS */
  budgetMs: number;
  /** PERF_P95_BUDGETS */
  budgetOverrides: Record<string, number>;
  maxErrorRatePct: number;
  /** How long the generator ceiling is measured. */
  ceilingSeconds: number;
  loginTimeoutMs: number;
  /** Progress lines (no secrets are ever passed to it). */
  log?: (line: string) => void;
}

/**
 * Why the default list leaves login out, or undefined: loading login needs `logins` (samples and
 * warm-up) inside one rate-limit window, and a target whose login limit is lower can only answer
 * 429s — an inconclusive row every run, and other gates refused login for a window afterwards.
 */
function loginLoadExclusion(
  logins: number,
  rateLimit: { limit: number; windowSeconds: number },
): string | undefined {
  if (rateLimit.limit >= logins) return undefined;
  return (
    `login load needs ${logins} logins (PERF_SAMPLES + PERF_WARMUP_REQUESTS) and the target allows ` +
    `${rateLimit.limit} per ${rateLimit.windowSeconds} s (E2E_LOGIN_RATE_LIMIT): list login in ` +
    'PERF_ENDPOINTS to load it anyway, after raising the limit for the test account'
  );
}

/** PERF_MAX_RPS as set, or the safe default applied because the target is not on this machine. */
type RateCapSource = 'PERF_MAX_RPS' | 'non-loopback default';

/**
 * Requests per second the perf smoke sends to a target that is not on this machine when PERF_MAX_RPS
 * is unset: a production system is measured, never stressed. Raise it explicitly with PERF_MAX_RPS.
 */
export const NON_LOOPBACK_DEFAULT_MAX_RPS = 20;

export interface PerfGateResult {
  gate: 'perf';
  verdict: PerfVerdict;
  reasons: string[];
  startedAt: string;
  finishedAt: string;
  target: { apiBase: string };
  settings: {
    endpoints: PerfEndpointName[];
    samples: number;
    connections: number;
    durationSeconds: number;
    warmupRequests: number;
    maxRps: number | null;
    maxRpsSource: RateCapSource | null;
    timeoutSeconds: number;
    budgetMs: number;
    budgetOverrides: Record<string, number>;
    maxErrorRatePct: number;
  };
  generator: (GeneratorCeiling & { saturationRatio: number }) | null;
  rows: PerfRow[];
  /** Every 2xx response time per endpoint (ms); left out of the JSON evidence by perfEvidence. */
  samples: Record<string, number[]>;
}

/**
 * The gate's options from the suite configuration (apiBase: the resolved target's). Against a target
 * that is not on this machine the request rate is always capped: PERF_MAX_RPS, or
 * NON_LOOPBACK_DEFAULT_MAX_RPS when it is unset. PERF_DURATION_S caps each endpoint's time either way.
 */
export function perfGateOptionsFromConfig(
  config: SuiteConfig,
  apiBase: string = config.API_V1_BASE,
  overrides: Partial<PerfGateOptions> = {},
): PerfGateOptions {
  const loginExcluded = config.perfEndpointsChosen
    ? undefined
    : loginLoadExclusion(config.PERF_SAMPLES + config.PERF_WARMUP_REQUESTS, config.loginRateLimit);
  const loopback = config.loopbackTarget && isLoopbackUrl(apiBase);
  const rateCap: Pick<PerfGateOptions, 'maxRps' | 'maxRpsSource'> =
    config.PERF_MAX_RPS !== undefined
      ? { maxRps: config.PERF_MAX_RPS, maxRpsSource: 'PERF_MAX_RPS' }
      : loopback
        ? {}
        : { maxRps: NON_LOOPBACK_DEFAULT_MAX_RPS, maxRpsSource: 'non-loopback default' };
  return {
    apiBase,
    username: config.E2E_ADMIN_USER,
    password: config.E2E_ADMIN_PASSWORD,
    endpoints: loginExcluded
      ? config.PERF_ENDPOINTS.filter((name) => name !== 'login')
      : config.PERF_ENDPOINTS,
    ...(loginExcluded ? { excludedEndpoints: { login: loginExcluded } } : {}),
    samples: config.PERF_SAMPLES,
    connections: config.PERF_CONNECTIONS,
    durationSeconds: config.PERF_DURATION_S,
    warmupRequests: config.PERF_WARMUP_REQUESTS,
    ...rateCap,
    timeoutSeconds: 10,
    budgetMs: config.PERF_ANALYTICS_P95_BUDGET_MS,
    budgetOverrides: config.PERF_P95_BUDGETS,
    maxErrorRatePct: config.PERF_MAX_ERROR_RATE_PCT,
    ceilingSeconds: 2,
    loginTimeoutMs: 10_000,
    judgeBodies: true,
    ...overrides,
  };
}

/** Only the token matters here; the login shape itself is the auth gate's to check. */
const LoginAnswer = z.looseObject({ access_token: TokenPair.shape.access_token });

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** POST /auth/login; the token is returned, never logged. Errors name the status, not the body. */
export async function loginForToken(
  apiBase: string,
  username: string,
  password: string,
  timeoutMs: number,
): Promise<string> {
  const url = joinUrl(apiBase, PERF_ENDPOINTS.login.path);
  await paceRequest('POST', url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`login as ${username} answered HTTP ${response.status} at ${url}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`login at ${url} answered 200 without JSON`);
  }
  const parsed = LoginAnswer.safeParse(json);
  if (!parsed.success) throw new Error(`login at ${url} answered 200 without an access_token`);
  return parsed.data.access_token;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { cause?: { code?: string } }).cause?.code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** The settings a gate run reports (evidence `figures.settings`). */
export function perfSettings(options: PerfGateOptions): PerfGateResult['settings'] {
  return {
    endpoints: [...options.endpoints],
    samples: options.samples,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupRequests: options.warmupRequests,
    maxRps: options.maxRps ?? null,
    maxRpsSource: options.maxRps === undefined ? null : (options.maxRpsSource ?? 'PERF_MAX_RPS'),
    timeoutSeconds: options.timeoutSeconds,
    budgetMs: options.budgetMs,
    budgetOverrides: options.budgetOverrides,
    maxErrorRatePct: options.maxErrorRatePct,
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
    url: joinUrl(options.apiBase, HEALTH_PATH),
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

/** The row of one endpoint's load, judged against its budget. */
function perfRowFor(
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

/**
 * Load one endpoint (warm-up, then rotating filter bodies) and judge it. `token` authenticates the
 * analytics endpoints (ignored for login, which posts the configured credentials). A saturation
 * verdict against the run's ceiling re-measures the ceiling once (returned, for later endpoints).
 * Used by runPerfGate and by the Playwright perf spec (one test per endpoint, the worker's token).
 */
export async function runPerfEndpoint(
  name: PerfEndpointName,
  options: PerfGateOptions,
  token: string,
  ceiling: CeilingContext,
): Promise<{ row: PerfRow; samples: number[]; ceiling: CeilingContext }> {
  const log = options.log ?? (() => {});
  const endpoint = PERF_ENDPOINTS[name];
  const isLogin = endpoint.kind === 'login';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!isLogin) headers.authorization = `Bearer ${token}`;
  // Analytics bodies select the target's own data (asked of its legacy before the load, untimed).
  const values = isLogin ? undefined : await targetFilterValues(options.legacyBase, log);
  if (values) log(`${name}: filter bodies from ${values.source}`);
  const bodies = values
    ? filterBodies(Math.max(1, Math.min(options.samples, distinctVariants(values))), values)
    : [JSON.stringify({ username: options.username, password: options.password })];
  log(`loading ${name} (${endpoint.method} ${endpoint.path}), target ${options.samples} requests`);
  // Every 2xx body of an analytics load is judged, not a sample (docs/perf.md says what it costs).
  const tally = isLogin || !options.judgeBodies ? undefined : new DegradedTally(name as ExportEndpoint);
  const load = await runEndpointLoad({
    url: joinUrl(options.apiBase, endpoint.path),
    method: endpoint.method,
    headers,
    bodies,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    maxRequests: options.samples,
    warmupRequests: options.warmupRequests,
    timeoutSeconds: options.timeoutSeconds,
    ...(options.maxRps === undefined ? {} : { maxRps: options.maxRps }),
    ...(tally ? { onBody: (body: string, sent: string | undefined) => tally.record(body, sent) } : {}),
  });
  let degraded: { tally: DegradedTally; unchecked: string[] } | undefined;
  if (tally) {
    tally.judgePending();
    const legacyBase = options.legacyBase;
    const unchecked = legacyBase
      ? await tally.confirmEmpty((body) =>
          legacyHasData(undiciTransport(), legacyBase, name as ExportEndpoint, body),
        )
      : [...tally.emptyByRequest].map(
          ([body, count]) => `${count} empty answer(s) for ${body}: no legacy base`,
        );
    degraded = { tally, unchecked };
  }
  let used = ceiling;
  let row = perfRowFor(name, load, options, ceiling.ceilingForJudge, degraded);
  const before = ceiling.ceilingForJudge;
  if (row.generator_saturated && before !== undefined) {
    // The ceiling was taken once, earlier, possibly while the machine was busy with something else:
    // measure it again now, and judge with the higher of the two (the generator has shown it can do
    // that much). Still saturated against the fresh figure: the p95 stays unreported.
    const again = await measureCeilingContext(options);
    const after = again.ceilingForJudge;
    if (after !== undefined && after > before) {
      used = again;
      row = perfRowFor(name, load, options, after, degraded);
    }
    row.reasons.push(
      `generator ceiling re-measured after a saturation verdict: ${after === undefined ? 'unknown' : `${Math.round(after)} req/s`} ` +
        `(first ${Math.round(before)} req/s), judged against ${Math.round(used.ceilingForJudge ?? before)} req/s`,
    );
  }
  // An unknown ceiling leaves saturation open: the endpoint cannot pass (rule 4).
  if (row.verdict === 'pass' && ceiling.unknown) {
    row.verdict = 'inconclusive';
    row.reasons.push(...ceiling.reasons);
  }
  log(`${name}: ${row.verdict}`);
  return { row, samples: load.samples, ceiling: used };
}

/** Run the perf smoke against apiBase and judge it (see judge.ts for the rules). */
export async function runPerfGate(options: PerfGateOptions): Promise<PerfGateResult> {
  const log = options.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const settings = perfSettings(options);
  const finish = (
    partial: Pick<PerfGateResult, 'verdict' | 'reasons' | 'generator' | 'rows' | 'samples'>,
  ) => ({
    gate: 'perf' as const,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: { apiBase: options.apiBase },
    settings,
    ...partial,
  });

  const needsToken = options.endpoints.some((name) => PERF_ENDPOINTS[name].kind === 'analytics');
  let token = '';
  if (needsToken) {
    try {
      token = await loginForToken(
        options.apiBase,
        options.username,
        options.password,
        options.loginTimeoutMs,
      );
      log(`logged in as ${options.username}`);
    } catch (error) {
      return finish({
        verdict: 'fail',
        reasons: [`could not log in to measure the analytics endpoints: ${describeError(error)}`],
        generator: null,
        rows: [],
        samples: {},
      });
    }
  }

  let ceiling = await measureCeilingContext(options);
  const rows: PerfRow[] = [];
  const samples: Record<string, number[]> = {};
  for (const name of options.endpoints) {
    const measured = await runPerfEndpoint(name, options, token, ceiling);
    rows.push(measured.row);
    samples[name] = measured.samples;
    // A re-measured (higher) ceiling is the better figure for the endpoints that follow.
    ceiling = measured.ceiling;
  }

  const verdict = combineVerdicts(rows.map((row) => row.verdict));
  const failing = rows.filter((row) => row.verdict !== 'pass').map((row) => `${row.endpoint} ${row.verdict}`);
  const reasons = [
    ...ceiling.reasons,
    failing.length > 0 ? `not passing: ${failing.join(', ')}` : 'every endpoint passed',
  ];
  return finish({ verdict, reasons, generator: ceiling.generator, rows, samples });
}
