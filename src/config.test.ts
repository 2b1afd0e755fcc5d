import { describe, expect, it } from 'vitest';
import { ConfigError, loadSecrets, parseConfig, SECRET_VARIABLES, withoutSecrets } from './config.ts';

describe('parseConfig', () => {
  it('defaults to the reference target with the contract development users', () => {
    const config = parseConfig({});
    expect(config.TARGET).toBe('reference');
    expect(config.E2E_ADMIN_USER).toBe('admin');
    expect(config.E2E_ADMIN_PASSWORD).toBe('admin123');
    expect(config.E2E_ANALYST_USER).toBe('analyst');
    expect(config.E2E_ANALYST_PASSWORD).toBe('analyst123');
    expect(config.PERF_ANALYTICS_P95_BUDGET_MS).toBe(1200);
    expect(config.CUTOVER_ERROR_RATE_THRESHOLD).toBe(2.0);
    expect(config.paritySource).toBe('recorded');
    expect(config.writesAllowed).toBe(true);
    expect(config.destructiveAllowed).toBe(true);
  });

  it('an external production target is read-only unless writes are explicitly allowed', () => {
    const base = {
      TARGET: 'external',
      API_V1_BASE: 'https://bi.example.com/api/v1',
      LEGACY_BASE: 'https://bi.example.com',
    };
    const readOnly = parseConfig(base);
    expect(readOnly.loopbackTarget).toBe(false);
    expect(readOnly.writesAllowed).toBe(false);
    expect(readOnly.destructiveAllowed).toBe(false);
    expect(readOnly.paritySource).toBe('live');
    expect(readOnly.parityLegacyBase).toBe('https://bi.example.com');
    expect(readOnly.cutoverMetricsUrl).toBe('https://bi.example.com/analytics/ops/metrics');

    const writes = parseConfig({ ...base, ALLOW_WRITES: '1' });
    expect(writes.writesAllowed).toBe(true);
    expect(writes.destructiveAllowed).toBe(false);
    expect(parseConfig({ ...base, ALLOW_DESTRUCTIVE: 'true' }).destructiveAllowed).toBe(true);
  });

  it('a loopback external target with writes allowed may run destructive tests', () => {
    const config = parseConfig({ TARGET: 'external', ALLOW_WRITES: '1' });
    expect(config.loopbackTarget).toBe(true);
    expect(config.destructiveAllowed).toBe(true);
  });

  it('parses per-endpoint p95 budgets', () => {
    expect(parseConfig({ PERF_P95_BUDGETS: 'mora=800, portfolio=1000' }).PERF_P95_BUDGETS).toEqual({
      mora: 800,
      portfolio: 1000,
    });
  });

  it('stops on a bad value naming the variable and the accepted forms', () => {
    expect(() => parseConfig({ TARGET: 'staging' })).toThrow(ConfigError);
    expect(() => parseConfig({ TARGET: 'staging' })).toThrow(
      /TARGET="staging".*Accepted: reference \| external \| compose/,
    );
    expect(() => parseConfig({ ALLOW_WRITES: 'maybe' })).toThrow(/ALLOW_WRITES="maybe"/);
    expect(() => parseConfig({ PERF_SAMPLES: '-3' })).toThrow(/PERF_SAMPLES="-3"/);
    expect(() => parseConfig({ PERF_P95_BUDGETS: 'mora' })).toThrow(/PERF_P95_BUDGETS/);
    expect(() => parseConfig({ API_V1_BASE: 'localhost:8000' })).toThrow(/API_V1_BASE="localhost:8000"/);
  });

  it('never shows a rejected password', () => {
    try {
      parseConfig({ E2E_ADMIN_PASSWORD: '' });
      expect.unreachable('an empty password must be refused');
    } catch (error) {
      expect(String(error)).toContain('E2E_ADMIN_PASSWORD=[REDACTED]');
    }
  });

  it('ASSUME_PRODUCTION makes a loopback target (an SSH tunnel to production) read-only', () => {
    const config = parseConfig({ TARGET: 'external', ASSUME_PRODUCTION: '1' });
    expect(config.loopbackTarget).toBe(false);
    expect(config.writesAllowed).toBe(false);
    expect(config.destructiveAllowed).toBe(false);
    const reference = parseConfig({ TARGET: 'reference', ASSUME_PRODUCTION: '1' });
    expect(reference.writesAllowed).toBe(false);
    expect(reference.destructiveAllowed).toBe(false);
  });
});

describe('settings for the fixtures, without secrets', () => {
  const environment = {
    E2E_ADMIN_PASSWORD: 'adm-secret-1',
    E2E_ANALYST_PASSWORD: 'ana-secret-2',
    E2E_VIEWER_PASSWORD: 'vie-secret-3',
    E2E_LOCKOUT_PASSWORD: 'loc-secret-4',
  };
  const config = parseConfig(environment);

  it('carry every setting but no password, so a report that shows them shows none', () => {
    const settings = withoutSecrets(config);
    const text = JSON.stringify(settings);
    for (const secret of Object.values(environment)) expect(text).not.toContain(secret);
    for (const name of SECRET_VARIABLES) expect(settings).not.toHaveProperty(name);
    expect({ ...settings, ...loadSecrets(environment) }).toEqual(config);
  });

  it('passwords come from the environment, with the same defaults, and an empty one is refused unnamed', () => {
    expect(loadSecrets({})).toEqual({
      E2E_ADMIN_PASSWORD: 'admin123',
      E2E_ANALYST_PASSWORD: 'analyst123',
      E2E_VIEWER_PASSWORD: 'viewer123',
      E2E_LOCKOUT_PASSWORD: 'lockout123',
    });
    expect(() => loadSecrets({ E2E_VIEWER_PASSWORD: '' })).toThrow(
      'Invalid suite configuration: E2E_VIEWER_PASSWORD=[REDACTED] (must not be empty)',
    );
  });
});
