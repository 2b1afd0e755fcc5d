import { describe, expect, it } from 'vitest';
import { OpsMetrics, toSnapshot } from './ops-metrics.ts';

const counters = { error_rate_pct: 0, cache_hits: 0, cache_hit_rate_pct: 0 };

describe('toSnapshot', () => {
  it('converts a contract payload, keeping a missing p95 as no data', () => {
    const payload = OpsMetrics.parse({
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
          '/api/check-files': { requests: 0, errors: 0, ...counters, p95_ms: null },
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

  it('a payload without started_at gives a snapshot without it', () => {
    const payload = OpsMetrics.parse({ meta: { source: 'api' }, metrics: { by_endpoint: {} } });
    expect(toSnapshot(payload, 1)).toEqual({ takenAt: 1, startedAt: undefined, byEndpoint: {} });
  });
});
