// Legacy ops metrics (nearest-rank p95, error counting, reset, v1 endpoints recorded) and the
// deterministic latency injection.

import { describe, expect, it } from 'vitest';
import { LatencyInjector, latencyPeriod, parseLatencyRules } from './latency.ts';
import { parseRateLimit } from './limits.ts';
import { nearestRankPercentile, OpsMetrics } from './ops-metrics.ts';
import { get, login, post, testServer } from './test-support.ts';

interface Metrics {
  metrics: {
    started_at: number;
    by_endpoint: Record<
      string,
      {
        requests: number;
        errors: number;
        error_rate_pct: number;
        p95_ms: number;
        avg_ms: number;
        last_ms: number;
      }
    >;
  };
}

describe('nearest-rank p95', () => {
  it('is the ceil(0.95 n)-th smallest sample', () => {
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(nearestRankPercentile(oneToTwenty, 95)).toBe(19);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRankPercentile(hundred, 95)).toBe(95);
    expect(nearestRankPercentile([7], 95)).toBe(7);
    expect(nearestRankPercentile([], 95)).toBe(0);
  });

  it('OpsMetrics keeps counts, error rate to 3 decimals, avg/p95/last, and resets', () => {
    let now = 1_000_000;
    const m = new OpsMetrics(() => now);
    for (let i = 1; i <= 20; i++) m.record('/x', i === 3 ? 500 : 200, i * 10);
    m.record('/x', 404, 1);
    const x = m.snapshot().by_endpoint['/x'];
    expect(x).toMatchObject({
      requests: 21,
      errors: 2,
      error_rate_pct: 9.524,
      p95_ms: 190,
      last_ms: 1,
      cache_hits: 0,
    });
    expect(x?.avg_ms).toBe(100.048);
    now += 5000;
    m.reset();
    expect(m.snapshot()).toEqual({ started_at: 1005, by_endpoint: {} });
  });

  it('keeps only the last 10000 durations for p95', () => {
    const m = new OpsMetrics(() => 0);
    for (let i = 0; i < 10_000; i++) m.record('/y', 200, 1000);
    for (let i = 0; i < 10_000; i++) m.record('/y', 200, 1);
    expect(m.snapshot().by_endpoint['/y']).toMatchObject({ requests: 20_000, p95_ms: 1 });
  });
});

describe('ops metrics endpoints', () => {
  it('record legacy analytics GETs (errors = status >= 400) and v1 analytics under their paths; reset clears', async () => {
    const s = testServer();
    await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA');
    await get(s.legacy, '/analytics/portfolio/summary');
    await get(s.legacy, '/analytics/portfolio/unknown?un=X');
    await get(s.legacy, '/api/check-files');
    const viewer = (await login(s.api, 'viewer')).access_token;
    await post(s.api, '/api/v1/analytics/mora/summary', { anio: ['2026'] }, viewer);
    await post(s.api, '/api/v1/analytics/mora/summary', { anio: ['26'] }, viewer);
    const body = (await get(s.legacy, '/analytics/ops/metrics')).json<Metrics & { meta: unknown }>();
    expect(body.meta).toEqual({ source: 'api' });
    expect(body.metrics.started_at).toBe(s.clock.now / 1000);
    const by = body.metrics.by_endpoint;
    expect(Object.keys(by).sort()).toEqual([
      '/analytics/portfolio/summary',
      '/analytics/portfolio/unknown',
      '/api/v1/analytics/mora/summary',
    ]);
    expect(by['/analytics/portfolio/summary']).toMatchObject({ requests: 2, errors: 1, error_rate_pct: 50 });
    expect(by['/analytics/portfolio/unknown']).toMatchObject({ requests: 1, errors: 1, error_rate_pct: 100 });
    expect(by['/api/v1/analytics/mora/summary']).toMatchObject({ requests: 2, errors: 1 });
    expect(by['/api/v1/analytics/mora/summary']?.p95_ms).toBeGreaterThan(0);

    s.clock.now += 2000;
    expect((await get(s.legacy, '/analytics/ops/reset')).json()).toEqual({
      ok: true,
      started_at: s.clock.now / 1000,
    });
    expect((await get(s.legacy, '/analytics/ops/metrics')).json<Metrics>().metrics.by_endpoint).toEqual({});
  });
});

describe('latency injection', () => {
  it('parses endpoint=ms[,p=fraction], repeated or ;-separated, and refuses bad rules', () => {
    expect(parseLatencyRules(['/a=100', '/b=1500,p=0.1;/c=5'])).toEqual([
      { path: '/a', ms: 100 },
      { path: '/b', ms: 1500, p: 0.1 },
      { path: '/c', ms: 5 },
    ]);
    for (const bad of ['a=1', '/a', '/a=x', '/a=-1', '/a=1,p=0', '/a=1,p=2', '/a=1,q=0.5']) {
      expect(() => parseLatencyRules([bad]), bad).toThrow();
    }
    expect(parseRateLimit('10/60')).toEqual({ limit: 10, windowSeconds: 60 });
    expect(() => parseRateLimit('0/60')).toThrow();
  });

  it('delays exactly every round(1/p)-th request of the endpoint', () => {
    expect(latencyPeriod({ path: '/a', ms: 1, p: 0.1 })).toBe(10);
    expect(latencyPeriod({ path: '/a', ms: 1, p: 0.04 })).toBe(25);
    expect(latencyPeriod({ path: '/a', ms: 1, p: 0.3 })).toBe(3);
    const injector = new LatencyInjector([
      { path: '/a', ms: 1500, p: 0.1 },
      { path: '/b', ms: 7 },
    ]);
    const delays = Array.from({ length: 30 }, () => injector.delayFor('/a'));
    expect(delays.filter((d) => d === 1500).length).toBe(3);
    expect(delays.map((d, i) => (d > 0 ? i + 1 : 0)).filter((n) => n > 0)).toEqual([10, 20, 30]);
    expect(injector.delayFor('/b')).toBe(7);
    expect(injector.delayFor('/c')).toBe(0);
  });

  it('applies to requests of both apps by path', async () => {
    const s = testServer({
      latency: [
        { path: '/api/v1/health', ms: 50, p: 0.5 },
        { path: '/api/check-files', ms: 20 },
      ],
    });
    for (let i = 0; i < 4; i++) await get(s.api, '/api/v1/health');
    await get(s.legacy, '/api/check-files');
    expect(s.delays).toEqual([50, 50, 20]);
  });
});
