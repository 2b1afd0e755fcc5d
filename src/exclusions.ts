// Tests that do not apply to a run ("not applicable here"), each decided from the configuration
// alone. The spec files declare them with excludeWhen (src/fixtures.ts), which decides while the
// files are collected, before any fixture or hook runs: an excluded test is reported with its
// reason and never turns into a failure because a login or a state guard failed first.
import type { SuiteConfig } from './config.ts';
import { ACCESS_TTL_WAIT_MAX_S } from './contract/limits.ts';
import type { PerfEndpointName } from './perf/endpoints.ts';
import { perfGateOptionsFromConfig } from './perf/gate-options.ts';

/** The reason a test does not apply to a run with this configuration, or undefined when it does. */
export type Exclusion = (config: SuiteConfig) => string | undefined;

/** Tests that write the brokers configuration or preferences. */
export const needsWrites: Exclusion = (config) =>
  config.writesAllowed ? undefined : 'writes the configuration: needs TARGET=reference or ALLOW_WRITES=1';

/** Lockout, the login limit, bursts: they spend the target's budgets or lock an account. */
export const needsDestructive: Exclusion = (config) =>
  config.destructiveAllowed
    ? undefined
    : 'destructive (lockout, rate limit, burst): needs TARGET=reference or ALLOW_DESTRUCTIVE=1';

/** Tests that start reference servers of their own (never the run's target). */
export const needsReferenceTarget: Exclusion = (config) =>
  config.TARGET === 'reference'
    ? undefined
    : `starts its own reference servers: runs with TARGET=reference only (target is ${config.TARGET})`;

/** The run's before/after comparison: a read-only run wrote nothing to compare. */
export const needsWrittenRun: Exclusion = (config) =>
  config.writesAllowed ? undefined : 'read-only run: the suite wrote nothing to compare';

/** The folder of the legacy JSON config files: LEGACY_CONFIG_DIR, else the reference target's dataset. */
export function legacyConfigDir(config: SuiteConfig): string | undefined {
  return config.LEGACY_CONFIG_DIR ?? (config.TARGET === 'reference' ? config.REFERENCE_DATASET : undefined);
}

export const needsLegacyConfigDir: Exclusion = (config) =>
  legacyConfigDir(config) === undefined
    ? 'needs LEGACY_CONFIG_DIR (the legacy JSON config files) on this target'
    : undefined;

/** A perf endpoint left out: the login load a limited target cannot take, or not in PERF_ENDPOINTS. */
export function perfEndpointExclusion(name: PerfEndpointName): Exclusion {
  return (config) => {
    const options = perfGateOptionsFromConfig(config);
    const excluded = options.excludedEndpoints?.[name];
    if (excluded) return excluded;
    return options.endpoints.includes(name)
      ? undefined
      : `${name} is not in PERF_ENDPOINTS (${options.endpoints.join(',')})`;
  };
}

/**
 * The real-expiry test waits a token's lifetime out: the reference target issues its own short-lived
 * tokens; any other target must state a lifetime short enough (E2E_ACCESS_TTL_S).
 */
export const needsKnownAccessLifetime: Exclusion = (config) => {
  if (config.TARGET === 'reference') return undefined;
  const ttl = config.E2E_ACCESS_TTL_S;
  if (ttl === undefined) return "E2E_ACCESS_TTL_S unset: the target's access-token lifetime is unknown";
  return ttl > ACCESS_TTL_WAIT_MAX_S
    ? `E2E_ACCESS_TTL_S=${ttl} s: longer than the ${ACCESS_TTL_WAIT_MAX_S} s this test waits out`
    : undefined;
};
