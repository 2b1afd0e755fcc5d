import { describe, expect, it } from 'vitest';
import { OpsMetricsResponse, toSnapshot } from './ops-metrics.ts';

describe('OpsMetricsResponse', () => {
  it('accepts the contract shape and converts it to a snapshot', () => {
    const payload = OpsMetricsResponse.parse({
      meta: { source: 'api' },
      metrics: {
        started_at: 1_767_225_600,
        by_endpoint: {
          '/analytics/portfolio/summary': {
            requests: 120,
            errors: 3,
            error_rate_pct: 2.5,
            cache_hits: 40,
            cache_hit_rate_pct: 33.33,
            avg_ms: 120.5,
            p95_ms: 410.2,
            last_ms: 98,
            last_ts: 1_767_225_700,
          },
          '/api/check-files': { requests: 0, errors: 0, p95_ms: null },
        },
      },
    });
    expect(toSnapshot(payload, 5000)).toEqual({
      takenAt: 5000,
      startedAt: 1_767_225_600,
      byEndpoint: {
        '/analytics/portfolio/summary': { requests: 120, errors: 3, p95_ms: 410.2 },
        '/api/check-files': { requests: 0, errors: 0, p95_ms: undefined },
      },
    });
  });

  it('refuses negative or fractional counters and a missing by_endpoint', () => {
    const bad = (by_endpoint: unknown) => OpsMetricsResponse.safeParse({ metrics: { by_endpoint } }).success;
    expect(bad({ '/x': { requests: -1, errors: 0 } })).toBe(false);
    expect(bad({ '/x': { requests: 1.5, errors: 0 } })).toBe(false);
    expect(bad({ '/x': { requests: 1 } })).toBe(false);
    expect(OpsMetricsResponse.safeParse({ metrics: {} }).success).toBe(false);
    expect(OpsMetricsResponse.safeParse({ ok: true }).success).toBe(false);
  });
});
