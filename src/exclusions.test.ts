import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import {
  legacyConfigDir,
  needsDestructive,
  needsKnownAccessLifetime,
  needsLegacyConfigDir,
  needsReferenceTarget,
  needsWrites,
  needsWrittenRun,
  perfEndpointExclusion,
} from './exclusions.ts';

const PRODUCTION = {
  TARGET: 'external',
  API_V1_BASE: 'https://bi.example.com/api/v1',
  LEGACY_BASE: 'https://bi.example.com:5000',
};
const LOOPBACK = {
  TARGET: 'external',
  API_V1_BASE: 'http://127.0.0.1:8000/api/v1',
  LEGACY_BASE: 'http://127.0.0.1:5000',
};

describe('exclusions are decided from the configuration alone', () => {
  it('a production target, read-only by default: writes, destructive tests and the run comparison excluded', () => {
    const config = parseConfig(PRODUCTION);
    expect(needsWrites(config)).toBe('writes the configuration: needs TARGET=reference or ALLOW_WRITES=1');
    expect(needsDestructive(config)).toMatch(/^destructive .*needs TARGET=reference or ALLOW_DESTRUCTIVE=1$/);
    expect(needsWrittenRun(config)).toBe('read-only run: the suite wrote nothing to compare');
    expect(needsReferenceTarget(config)).toBe(
      'starts its own reference servers: runs with TARGET=reference only (target is external)',
    );
    expect(needsLegacyConfigDir(config)).toMatch(/^needs LEGACY_CONFIG_DIR/);
  });

  it('ALLOW_WRITES off loopback allows writes but not the destructive tests; on loopback both', () => {
    const offLoopback = parseConfig({ ...PRODUCTION, ALLOW_WRITES: '1' });
    expect(needsWrites(offLoopback)).toBeUndefined();
    expect(needsWrittenRun(offLoopback)).toBeUndefined();
    expect(needsDestructive(offLoopback)).toBeDefined();
    const loopback = parseConfig({ ...LOOPBACK, ALLOW_WRITES: '1' });
    expect(needsDestructive(loopback)).toBeUndefined();
  });

  it('the reference target: everything applies, the legacy files are its dataset', () => {
    const config = parseConfig({});
    for (const exclusion of [
      needsWrites,
      needsDestructive,
      needsWrittenRun,
      needsReferenceTarget,
      needsLegacyConfigDir,
    ]) {
      expect(exclusion(config)).toBeUndefined();
    }
    expect(legacyConfigDir(config)).toBe(config.REFERENCE_DATASET);
    expect(legacyConfigDir(parseConfig({ ...PRODUCTION, LEGACY_CONFIG_DIR: '/srv/legacy' }))).toBe(
      '/srv/legacy',
    );
  });

  it('perf: the login load a 10/60 target cannot take, and endpoints left out of PERF_ENDPOINTS', () => {
    const limited = parseConfig({ ...LOOPBACK, E2E_LOGIN_RATE_LIMIT: '10/60' });
    expect(perfEndpointExclusion('login')(limited)).toMatch(/login/);
    expect(perfEndpointExclusion('mora')(limited)).toBeUndefined();
    const chosen = parseConfig({ ...LOOPBACK, PERF_ENDPOINTS: 'mora' });
    expect(perfEndpointExclusion('portfolio')(chosen)).toBe('portfolio is not in PERF_ENDPOINTS (mora)');
    expect(perfEndpointExclusion('mora')(chosen)).toBeUndefined();
  });
});

describe('the real-expiry test', () => {
  it('runs on the reference target; elsewhere only with a stated lifetime it can wait out', () => {
    expect(needsKnownAccessLifetime(parseConfig({}))).toBeUndefined();
    expect(needsKnownAccessLifetime(parseConfig(LOOPBACK))).toMatch(/^E2E_ACCESS_TTL_S unset/);
    expect(needsKnownAccessLifetime(parseConfig({ ...LOOPBACK, E2E_ACCESS_TTL_S: '60' }))).toBeUndefined();
    expect(needsKnownAccessLifetime(parseConfig({ ...LOOPBACK, E2E_ACCESS_TTL_S: '900' }))).toMatch(
      /^E2E_ACCESS_TTL_S=900 s: longer than/,
    );
  });
});

describe('specs declare their exclusions before any fixture runs', () => {
  const testsDir = path.join(import.meta.dirname, '..', 'tests');
  const specs = [
    'brokers/config-round-trips.spec.ts',
    'brokers/preferences.spec.ts',
    'brokers/summary-reflects-config.spec.ts',
    'brokers/legacy-config-migration.spec.ts',
    'auth/lockout-and-rate-limit.spec.ts',
    'auth/token-expiry.spec.ts',
    'perf/measurement-honesty.spec.ts',
    'perf/perf-smoke.spec.ts',
    'setup/run.teardown.ts',
  ];

  it.each(specs)('%s declares excludeWhen and decides nothing inside a test or a hook', (spec) => {
    const text = readFileSync(path.join(testsDir, spec), 'utf8');
    expect(text).toMatch(/excludeWhen\(/);
    // A skip decided in a test body or a beforeEach runs after the fixtures: a failed fixture would
    // turn "not applicable" into a failure.
    expect(text).not.toMatch(/testInfo\.skip\(|test\.skip\(\s*(true|!|[a-z]+\.)/);
  });
});
