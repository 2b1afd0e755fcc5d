import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.ts';
import { MonitorConfigError, monitorOptionsFromConfig, plannedSampleCount, redactUrl } from './options.ts';

describe('monitor configuration', () => {
  it('takes every figure from the configuration', () => {
    const options = monitorOptionsFromConfig(
      parseConfig({
        CUTOVER_METRICS_URL: 'http://127.0.0.1:5000/analytics/ops/metrics',
        CUTOVER_WINDOW_MINUTES: '1',
        CUTOVER_INTERVAL_SECONDS: '5',
        CUTOVER_FAILURE_LIMIT: '2',
        CUTOVER_ROLLBACK_CMD: '  ',
      }),
    );
    expect(options).toMatchObject({
      metricsUrl: 'http://127.0.0.1:5000/analytics/ops/metrics',
      windowMinutes: 1,
      intervalSeconds: 5,
      thresholds: { errorRatePct: 2, p95Ms: 1200, minRequests: 20, failureLimit: 2, maxFetchFailures: 2 },
      fetchRetries: 3,
      fetchTimeoutMs: 5000,
      outFile: 'docs/evidence/cutover-window-metrics.jsonl',
      rollbackCommand: undefined,
    });
    expect(plannedSampleCount(1, 5)).toBe(13);
    expect(plannedSampleCount(30, 60)).toBe(31);
  });

  it('refuses a window shorter than one interval, and a bad URL, naming the variables', () => {
    expect(() =>
      monitorOptionsFromConfig(
        parseConfig({ CUTOVER_WINDOW_MINUTES: '0.5', CUTOVER_INTERVAL_SECONDS: '60' }),
      ),
    ).toThrow(MonitorConfigError);
    expect(() =>
      monitorOptionsFromConfig(
        parseConfig({ CUTOVER_WINDOW_MINUTES: '0.5', CUTOVER_INTERVAL_SECONDS: '60' }),
      ),
    ).toThrow(/CUTOVER_WINDOW_MINUTES=0.5 .*CUTOVER_INTERVAL_SECONDS=60/);
    expect(() => parseConfig({ CUTOVER_METRICS_URL: 'localhost:5000' })).toThrow(ConfigError);
    expect(() => parseConfig({ CUTOVER_METRICS_URL: 'localhost:5000' })).toThrow(/CUTOVER_METRICS_URL/);
  });

  it('redacts credentials from the metrics URL it records', () => {
    const redacted = redactUrl('http://ops:hunter2@legacy:5000/analytics/ops/metrics?token=abc123&window=5');
    expect(redacted).not.toContain('hunter2');
    expect(redacted).not.toContain('abc123');
    expect(redacted).toContain('window=5');
  });
});
