// The reference server's mutable state, shared by the API v1 and legacy apps of one process, and
// the fingerprint the suite's self-checks compare (configuration, preferences, lockouts).

import { createHash } from 'node:crypto';
import { LockoutTracker, SessionStore } from '../auth/sessions.ts';
import { TokenService } from '../auth/tokens.ts';
import type { Dataset } from '../data/dataset.ts';
import type { FaultName } from '../faults.ts';
import type { BrokersConfig } from '../kpis/types.ts';
import { LatencyInjector, type LatencyRule } from './latency.ts';
import { type LockoutSpec, RateLimiter, type RateLimitSpec } from './limits.ts';
import { OpsMetrics } from './ops-metrics.ts';
import { emptyPreferences, normalizeScope, type PreferenceFilters } from './validation.ts';

/** lockout-short: how long a lock lasts instead of the configured one. */
const SHORT_LOCK_SECONDS = 60;
export interface RequestLogEntry {
  app: 'api' | 'legacy';
  method: string;
  path: string;
  /** Epoch ms. */
  ts: number;
}

const MAX_REQUEST_LOG = 10_000;

export interface ReferenceState {
  datasetDir: string;
  dataset: Dataset;
  faults: ReadonlySet<FaultName>;
  productionLike: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** v1 brokers config (as if migrated from the legacy JSON at start). */
  v1Config: BrokersConfig;
  /** The legacy dashboard's own config (GET/POST /api/commissions etc.). */
  legacyConfig: BrokersConfig;
  /** Saved preferences by owner key (username; see api-brokers-routes.ts for the faulty keyings). */
  preferences: Map<string, PreferenceFilters>;
  sessions: SessionStore;
  lockouts: LockoutTracker;
  tokens: TokenService;
  loginLimiter: RateLimiter;
  writeLimiter: RateLimiter;
  latency: LatencyInjector;
  metrics: OpsMetrics;
  /** GETs of ops/metrics since start or an explicit reset (the metrics-* faults count them). */
  metricsGets: number;
  frozenMetrics: unknown;
  /** Per-endpoint request counters for the deterministic planted faults (e.g. analytics-5xx-3pct). */
  faultCounters: Map<string, number>;
  /** Non-GET requests received (both apps), the last MAX_REQUEST_LOG. */
  requestLog: RequestLogEntry[];
}

export interface StateInit {
  datasetDir: string;
  dataset: Dataset;
  legacyConfig: BrokersConfig;
  faults: ReadonlySet<FaultName>;
  latency: readonly LatencyRule[];
  loginLimit: RateLimitSpec;
  writeLimit: RateLimitSpec;
  lockout: LockoutSpec;
  accessTtlSeconds: number;
  productionLike: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * The v1 store at start: a copy of the legacy config, the scope normalized as v1 stores it (so a
 * GET-then-POST restore leaves the state byte-identical), minus the last prize rule under
 * config-migration-drift.
 */
function migratedConfig(legacy: BrokersConfig, faults: ReadonlySet<FaultName>): BrokersConfig {
  const copy = structuredClone(legacy);
  copy.supervisors = normalizeScope(copy.supervisors);
  if (faults.has('config-migration-drift')) copy.prizes = copy.prizes.slice(0, -1);
  return copy;
}

export function createState(init: StateInit): ReferenceState {
  const { faults, now } = init;
  const faultRules: LatencyRule[] = [];
  if (faults.has('slow-analytics'))
    faultRules.push({ path: '/api/v1/analytics/mora/summary', ms: 1500, p: 0.1 });
  if (faults.has('slow-tail-4pct'))
    faultRules.push({ path: '/api/v1/analytics/mora/summary', ms: 1500, p: 0.04 });
  return {
    datasetDir: init.datasetDir,
    dataset: init.dataset,
    faults,
    productionLike: init.productionLike,
    now,
    sleep: init.sleep,
    v1Config: migratedConfig(init.legacyConfig, faults),
    legacyConfig: structuredClone(init.legacyConfig),
    preferences: new Map(),
    sessions: new SessionStore(now),
    lockouts: new LockoutTracker(
      faults.has('lockout-short') ? { ...init.lockout, lockSeconds: SHORT_LOCK_SECONDS } : init.lockout,
      now,
      !faults.has('no-lockout'),
    ),
    tokens: new TokenService(
      now,
      {
        acceptsAlgNone: faults.has('accepts-alg-none'),
        acceptsExpired: faults.has('accepts-expired'),
        refreshAsAccess: faults.has('refresh-as-access'),
        expIgnored: faults.has('exp-ignored'),
        verifyCacheBySignature: faults.has('verify-cache-by-signature'),
        malformedToken500: faults.has('malformed-token-500'),
        exampleSecrets: faults.has('example-secrets-accepted'),
      },
      init.accessTtlSeconds,
    ),
    loginLimiter: new RateLimiter(init.loginLimit, now),
    writeLimiter: new RateLimiter(init.writeLimit, now),
    latency: new LatencyInjector([...init.latency, ...faultRules]),
    metrics: new OpsMetrics(now),
    metricsGets: 0,
    frozenMetrics: undefined,
    faultCounters: new Map(),
    requestLog: [],
  };
}

/** Count one request of a fault-driven endpoint; returns the 1-based count. */
export function countFor(state: ReferenceState, key: string): number {
  const n = (state.faultCounters.get(key) ?? 0) + 1;
  state.faultCounters.set(key, n);
  return n;
}

export function logRequest(state: ReferenceState, entry: RequestLogEntry): void {
  state.requestLog.push(entry);
  if (state.requestLog.length > MAX_REQUEST_LOG)
    state.requestLog.splice(0, state.requestLog.length - MAX_REQUEST_LOG);
}

/** JSON with object keys sorted (arrays keep their order), so equal content hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface StateContent {
  v1_config: BrokersConfig;
  legacy_config: BrokersConfig;
  /** Non-default preferences by owner key (a saved empty default counts as none). */
  preferences: Record<string, PreferenceFilters>;
  lockouts: number;
}

export function stateContent(state: ReferenceState): StateContent {
  const empty = canonicalJson(emptyPreferences());
  const preferences: Record<string, PreferenceFilters> = {};
  for (const key of [...state.preferences.keys()].sort()) {
    const value = state.preferences.get(key);
    if (value && canonicalJson(value) !== empty) preferences[key] = value;
  }
  return {
    v1_config: state.v1Config,
    legacy_config: state.legacyConfig,
    preferences,
    lockouts: state.lockouts.blocked().length,
  };
}

export function stateFingerprint(content: StateContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
