// One zod schema for every environment variable the suite reads. Parsed once, before any test:
// a bad value stops the run naming the variable, its (redacted if secret) value and the accepted forms.
import { z } from 'zod';
import { LOGIN_RATE_LIMIT, WRITE_RATE_LIMIT } from './contract/limits.ts';
import { PARITY_TOLERANCE } from './contract/tolerances.ts';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .default('0')
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const positiveNumber = z.coerce.number().positive();
const positiveInt = z.coerce.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/ });

/** "10/60" -> 10 requests per 60 seconds */
const rateLimit = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected LIMIT/SECONDS')
  .transform((text) => {
    const [limit, windowSeconds] = text.split('/').map(Number);
    return { limit: limit ?? 0, windowSeconds: windowSeconds ?? 0 };
  });

/** "mora=800,portfolio=1000" -> { mora: 800, portfolio: 1000 } */
const budgetOverrides = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const budgets: Record<string, number> = {};
    for (const part of text.split(',').filter((item) => item.trim() !== '')) {
      const [name, ms] = part.split('=').map((item) => item.trim());
      const value = Number(ms);
      if (!name || !Number.isFinite(value) || value <= 0) {
        ctx.addIssue({ code: 'custom', message: `bad entry "${part}"` });
        return z.NEVER;
      }
      budgets[name] = value;
    }
    return budgets;
  });

/** Endpoints the perf smoke can load (PERF_ENDPOINTS); login last, see src/perf/endpoints.ts. */
export const PERF_ENDPOINT_NAMES = ['portfolio', 'rendimiento', 'mora', 'brokers', 'login'] as const;

/** "portfolio,mora" -> ['portfolio', 'mora'], each one of PERF_ENDPOINT_NAMES. */
const perfEndpoints = z
  .string()
  .default(PERF_ENDPOINT_NAMES.join(','))
  .transform((text, ctx) => {
    const names = text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const known = PERF_ENDPOINT_NAMES as readonly string[];
    const unknown = names.filter((name) => !known.includes(name));
    if (names.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'empty',
      });
      return z.NEVER;
    }
    return PERF_ENDPOINT_NAMES.filter((name) => names.includes(name));
  });

export const SECRET_VARIABLES = [
  'E2E_ADMIN_PASSWORD',
  'E2E_ANALYST_PASSWORD',
  'E2E_VIEWER_PASSWORD',
  'E2E_LOCKOUT_PASSWORD',
] as const;

/** Accepted forms, shown when a variable is rejected. */
const ACCEPTED_FORMS: Record<string, string> = {
  TARGET: 'reference | external | compose',
  ALLOW_WRITES: '0 | 1 | true | false | yes | no',
  ALLOW_DESTRUCTIVE: '0 | 1 | true | false | yes | no',
  ASSUME_PRODUCTION: '0 | 1 | true | false | yes | no',
  SUITE_INCLUDE_CUTOVER: '0 | 1 | true | false | yes | no',
  EVIDENCE_PREFIX: 'empty, or lower-case kebab ending in "-", e.g. t30-',
  PARITY_SOURCE: 'live | recorded (default: recorded for TARGET=reference, live otherwise)',
  PARITY_DRAWN_CASES: 'a whole number from 0 to 50 (cases drawn per endpoint)',
  PARITY_DRAW_SEED: 'an integer',
  REFERENCE_LOGIN_LIMIT: 'LIMIT/SECONDS, e.g. 600/60',
  E2E_LOGIN_RATE_LIMIT: 'LIMIT/SECONDS, e.g. 10/60',
  E2E_WRITE_RATE_LIMIT: 'LIMIT/SECONDS, e.g. 30/60',
  PERF_P95_BUDGETS: 'endpoint=ms pairs separated by commas, e.g. mora=800,portfolio=1000',
  PERF_ENDPOINTS: `comma-separated subset of ${PERF_ENDPOINT_NAMES.join(',')}`,
};

const EnvSchema = z.object({
  TARGET: z.enum(['reference', 'external', 'compose']).default('reference'),
  API_V1_BASE: httpUrl.default('http://localhost:8000/api/v1'),
  LEGACY_BASE: httpUrl.default('http://localhost:5000'),
  FRONTEND_URL: httpUrl.optional(),

  E2E_ADMIN_USER: z.string().min(1).default('admin'),
  E2E_ADMIN_PASSWORD: z.string().min(1).default('admin123'),
  E2E_ANALYST_USER: z.string().min(1).default('analyst'),
  E2E_ANALYST_PASSWORD: z.string().min(1).default('analyst123'),
  E2E_VIEWER_USER: z.string().min(1).default('viewer'),
  E2E_VIEWER_PASSWORD: z.string().min(1).default('viewer123'),
  /** A dedicated account the destructive lockout test may lock; never a person's account. */
  E2E_LOCKOUT_USER: z.string().min(1).default('lockout-probe'),
  E2E_LOCKOUT_PASSWORD: z.string().min(1).default('lockout123'),
  /**
   * Lifetime of the target's access tokens, seconds. The expiry test waits it out when it is at most
   * ACCESS_TTL_WAIT_MAX_S (src/contract/limits.ts); unset or longer, that test is excluded (the reference server is probed
   * through an instance of its own with a short lifetime).
   */
  E2E_ACCESS_TTL_S: positiveInt.optional(),

  /** Treat the target as production even on a loopback URL (e.g. production through an SSH tunnel). */
  ASSUME_PRODUCTION: flag,
  ALLOW_WRITES: flag,
  ALLOW_DESTRUCTIVE: flag,
  EVIDENCE_DIR: z.string().min(1).default('results/evidence'),
  /** Prefix of the gate evidence files, so repeated runbook steps (T+30, T+60) keep their own. */
  EVIDENCE_PREFIX: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]*-)?$/, 'lower-case kebab ending in "-"')
    .default(''),

  REFERENCE_DATASET: z.string().min(1).default('fixtures/datasets/golden'),
  REFERENCE_FAULTS: z.string().default(''),
  REFERENCE_LATENCY: z.string().default(''),
  /** The reference server runs with a raised login limit so the perf gate can measure login. */
  REFERENCE_LOGIN_LIMIT: rateLimit.prefault('600/60'),
  /** The target's login rate limit (contract default 10 per 60 s), for the rate-limit test's bound. */
  E2E_LOGIN_RATE_LIMIT: rateLimit.prefault(LOGIN_RATE_LIMIT),
  /**
   * The target's write limit per client (contract default 30 per 60 s, counted before authentication):
   * writes are paced to fit. Unset on the suite's own reference server, whose limit a run fits in.
   */
  E2E_WRITE_RATE_LIMIT: rateLimit.optional(),
  /** The stack TARGET=compose brings up; by default the bundled reference system's. */
  COMPOSE_FILE: z.string().min(1).default('reference-server/docker-compose.yml'),
  COMPOSE_PROFILE: z.string().min(1).default('prod'),
  COMPOSE_STARTUP_TIMEOUT_S: positiveInt.default(300),
  /** Compose service names and container ports of the two services (as the system's compose file names them). */
  COMPOSE_API_SERVICE: z.string().min(1).default('api-v1'),
  COMPOSE_API_PORT: positiveInt.default(8000),
  COMPOSE_LEGACY_SERVICE: z.string().min(1).default('dashboard'),
  COMPOSE_LEGACY_PORT: positiveInt.default(5000),

  PERF_ANALYTICS_P95_BUDGET_MS: positiveNumber.default(1200),
  PERF_P95_BUDGETS: budgetOverrides,
  PERF_SAMPLES: positiveInt.default(200),
  PERF_CONNECTIONS: positiveInt.default(4),
  /** Cap per endpoint; a run normally ends at PERF_SAMPLES answers (room for a slow endpoint's tail). */
  PERF_DURATION_S: positiveNumber.default(15),
  PERF_WARMUP_REQUESTS: z.coerce.number().int().min(0).default(20),
  PERF_MAX_RPS: positiveInt.optional(),
  PERF_MAX_ERROR_RATE_PCT: z.coerce.number().min(0).default(0),
  PERF_ENDPOINTS: perfEndpoints,

  PARITY_SOURCE: z.enum(['live', 'recorded']).optional(),
  PARITY_LEGACY_BASE: httpUrl.optional(),
  PARITY_RECORDED: z.string().min(1).optional(),
  // Counts are compared exactly; money within PARITY_REL_TOL; percentages within PARITY_PCT_TOL
  // percentage points. PARITY_TOLERANCE=runbook applies abs PARITY_ABS_TOL + rel PARITY_REL_TOL to
  // every number, as the runbook's script did (src/parity/kinds.ts).
  PARITY_TOLERANCE: z.enum(['kinds', 'runbook']).default('kinds'),
  PARITY_ABS_TOL: z.coerce.number().min(0).default(PARITY_TOLERANCE.absTol),
  PARITY_REL_TOL: z.coerce.number().min(0).default(PARITY_TOLERANCE.relTol),
  PARITY_PCT_TOL: z.coerce.number().min(0).default(0.05),
  PARITY_DEVIATIONS: z.string().min(1).default('fixtures/deviations.json'),
  PARITY_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /**
   * Parity cases drawn per endpoint from the target's own filter values (supervisors, UNs, vias,
   * months, tramos its legacy answers), besides the recorded cases; compared live. 0 draws none.
   */
  PARITY_DRAWN_CASES: z.coerce.number().int().min(0).max(50).default(4),
  /** Seed of the drawn parity cases (the same seed on the same data draws the same cases). */
  PARITY_DRAW_SEED: z.coerce.number().int().default(20261130),

  /** Seed of the generated bad input (the same seed sends the same inputs). */
  E2E_BAD_INPUT_SEED: z.coerce.number().int().default(20261130),
  /** Generated bad inputs per analytics summary endpoint. */
  E2E_BAD_INPUT_RUNS: positiveInt.default(30),
  /**
   * Generated bad inputs per rate-limited route (login, refresh, revoke, exports, config writes);
   * unset: see SuiteConfig.badInputLimitedRuns.
   */
  E2E_BAD_INPUT_LIMITED_RUNS: positiveInt.optional(),

  /**
   * Adds the cutover window project (long, opt-in; it drives its own traffic) to the run:
   * `SUITE_INCLUDE_CUTOVER=1 npx playwright test --project cutover`.
   */
  SUITE_INCLUDE_CUTOVER: flag,
  CUTOVER_METRICS_URL: httpUrl.optional(),
  CUTOVER_WINDOW_MINUTES: positiveNumber.default(30),
  CUTOVER_INTERVAL_SECONDS: positiveNumber.default(60),
  CUTOVER_ERROR_RATE_THRESHOLD: z.coerce.number().min(0).default(2.0),
  CUTOVER_P95_THRESHOLD: positiveNumber.default(1200),
  CUTOVER_MIN_REQUESTS: positiveInt.default(20),
  /** Errors of one endpoint in an interval that are judged whatever its volume. */
  CUTOVER_MIN_ERRORS: positiveInt.default(3),
  CUTOVER_FAILURE_LIMIT: positiveInt.default(1),
  CUTOVER_FETCH_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  CUTOVER_FETCH_TIMEOUT_MS: positiveInt.default(5000),
  /** Samples whose fetch failed after every retry; more than this makes the window inconclusive. */
  CUTOVER_MAX_FETCH_FAILURES: z.coerce.number().int().min(0).default(2),
  CUTOVER_OUT_FILE: z.string().min(1).default('docs/evidence/cutover-window-metrics.jsonl'),
  CUTOVER_ROLLBACK_CMD: z.string().optional(),

  LEGACY_CONFIG_DIR: z.string().min(1).optional(),
});

type Env = z.infer<typeof EnvSchema>;

export interface SuiteConfig extends Env {
  /** Parity source after applying the per-target default. */
  paritySource: 'live' | 'recorded';
  parityLegacyBase: string;
  cutoverMetricsUrl: string;
  /** True when both services resolve to a loopback host. */
  loopbackTarget: boolean;
  /** The login rate limit of the target (the reference server's is the one the suite started it with). */
  loginRateLimit: { limit: number; windowSeconds: number };
  /** The write limit to pace writes under; undefined when there is none to respect. */
  writeRateLimit: { limit: number; windowSeconds: number } | undefined;
  /**
   * Generated bad inputs per rate-limited route: E2E_BAD_INPUT_LIMITED_RUNS, else 1 when writes are
   * paced (every case spends the target's write or login budget: one per route keeps every route
   * covered, the seed drawing a different case each seed), else 3.
   */
  badInputLimitedRuns: number;
  /** PERF_ENDPOINTS was set by the operator (not the default list). */
  perfEndpointsChosen: boolean;
  /** Config writes (always restored) are allowed. */
  writesAllowed: boolean;
  /** Lockout, rate-limit and burst tests are allowed. */
  destructiveAllowed: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackUrl(url: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(url).hostname);
}

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  return (SECRET_VARIABLES as readonly string[]).includes(name) ? '[REDACTED]' : JSON.stringify(value);
}

/** Parse the environment (only the variables the schema knows) into the suite's configuration. */
export function parseConfig(environment: Record<string, string | undefined>): SuiteConfig {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .filter((name) => environment[name] !== undefined)
      .map((name) => [name, environment[name]]),
  );
  const parsed = EnvSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const accepted = ACCEPTED_FORMS[name] ?? issue.message;
      return `  ${name}=${describeValue(name, environment[name])}: ${issue.message}. Accepted: ${accepted}`;
    });
    throw new ConfigError(`Invalid suite configuration, nothing was run:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const loopbackTarget =
    !env.ASSUME_PRODUCTION &&
    (env.TARGET === 'reference' || (isLoopbackUrl(env.API_V1_BASE) && isLoopbackUrl(env.LEGACY_BASE)));
  // The suite's own reference server may be written to, unless it stands in for production.
  const ownReferenceServer = env.TARGET === 'reference' && !env.ASSUME_PRODUCTION;
  const writeRateLimit =
    env.E2E_WRITE_RATE_LIMIT ?? (env.TARGET === 'reference' ? undefined : rateLimit.parse(WRITE_RATE_LIMIT));
  return {
    ...env,
    paritySource: env.PARITY_SOURCE ?? (env.TARGET === 'reference' ? 'recorded' : 'live'),
    parityLegacyBase: env.PARITY_LEGACY_BASE ?? env.LEGACY_BASE,
    cutoverMetricsUrl:
      env.CUTOVER_METRICS_URL ?? `${env.LEGACY_BASE.replace(/\/$/, '')}/analytics/ops/metrics`,
    loopbackTarget,
    loginRateLimit: env.TARGET === 'reference' ? env.REFERENCE_LOGIN_LIMIT : env.E2E_LOGIN_RATE_LIMIT,
    writeRateLimit,
    badInputLimitedRuns: env.E2E_BAD_INPUT_LIMITED_RUNS ?? (writeRateLimit ? 1 : 3),
    perfEndpointsChosen: environment.PERF_ENDPOINTS !== undefined,
    writesAllowed: ownReferenceServer || env.ALLOW_WRITES,
    destructiveAllowed: ownReferenceServer || (loopbackTarget && env.ALLOW_WRITES) || env.ALLOW_DESTRUCTIVE,
  };
}

/** Why the rate-limited routes got the number of generated inputs they got (for the test's annotation). */
export function limitedRunsNote(config: SuiteConfig): string {
  const why =
    config.E2E_BAD_INPUT_LIMITED_RUNS !== undefined
      ? 'E2E_BAD_INPUT_LIMITED_RUNS'
      : config.writeRateLimit
        ? `writes paced at ${config.writeRateLimit.limit}/${config.writeRateLimit.windowSeconds}s`
        : 'no write limit to respect';
  return `${config.badInputLimitedRuns} per rate-limited route: ${why}`;
}

type SecretVariable = (typeof SECRET_VARIABLES)[number];

/**
 * The configuration without its passwords: what reaches the fixtures as Playwright's `suiteSettings`
 * option (playwright.config.ts `use`), a value that may be serialised into reports.
 */
export type SuiteSettings = Omit<SuiteConfig, SecretVariable>;

export function withoutSecrets(config: SuiteConfig): SuiteSettings {
  const settings: Partial<SuiteConfig> = { ...config };
  for (const name of SECRET_VARIABLES) delete settings[name];
  return settings as SuiteSettings;
}

const SecretsSchema = EnvSchema.pick({
  E2E_ADMIN_PASSWORD: true,
  E2E_ANALYST_PASSWORD: true,
  E2E_VIEWER_PASSWORD: true,
  E2E_LOCKOUT_PASSWORD: true,
});

/**
 * The passwords, read from the environment where a login needs them: they never travel in a value
 * that reports could show. The whole configuration was validated when the run started.
 */
export function loadSecrets(
  environment: Record<string, string | undefined> = process.env,
): Pick<SuiteConfig, SecretVariable> {
  const known = Object.fromEntries(
    SECRET_VARIABLES.flatMap((name) => (environment[name] === undefined ? [] : [[name, environment[name]]])),
  );
  const parsed = SecretsSchema.safeParse(known);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new ConfigError(`Invalid suite configuration: ${names.join(', ')}=[REDACTED] (must not be empty)`);
  }
  return parsed.data;
}

let cached: SuiteConfig | undefined;

/** The configuration of this process, parsed once from process.env. */
export function loadConfig(): SuiteConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
