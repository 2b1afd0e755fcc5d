// The perf gate's options: read from the suite configuration (with the rate cap a target that is not
// on this machine always gets, and login left out when the login rate limit cannot carry its load),
// and the settings a run reports.
import { isLoopbackUrl, type SuiteConfig } from '../config.ts';
import type { PerfEndpointName } from './endpoints.ts';

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

/** PERF_MAX_RPS as set, or the safe default applied because the target is not on this machine. */
type RateCapSource = 'PERF_MAX_RPS' | 'non-loopback default';

/**
 * Requests per second the perf smoke sends to a target that is not on this machine when PERF_MAX_RPS
 * is unset: a production system is measured, never stressed. Raise it explicitly with PERF_MAX_RPS.
 */
export const NON_LOOPBACK_DEFAULT_MAX_RPS = 20;

/** The settings a gate run reports (evidence `figures.settings`); a type, so it reads as a plain record. */
export type PerfSettings = {
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

/** The settings of a run, as reported. */
export function perfSettings(options: PerfGateOptions): PerfSettings {
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
