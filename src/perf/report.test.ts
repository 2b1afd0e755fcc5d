// The perf table as people read it: one line per endpoint, every reason, and how the load was bounded.
import { describe, expect, it } from 'vitest';
import { describeCaps, formatPerfTable, type PerfRow } from './report.ts';

const ROW: PerfRow = {
  endpoint: 'mora',
  method: 'POST',
  path: '/analytics/mora/summary',
  samples: 200,
  rps: 27.1,
  p50_ms: 4.3,
  p95_ms: 1504.2,
  p99_ms: 1508.9,
  max_ms: 1510.3,
  mean_ms: 154,
  non2xx: 0,
  rate_limited: 0,
  errors: 0,
  timeouts: 0,
  in_flight_at_stop: 0,
  p95_bounds_ms: null,
  error_rate_pct: 0,
  budget_ms: 1200,
  verdict: 'fail',
  reasons: ['p95 1504.2 ms > budget 1200 ms'],
  stopped_by: 'request-target',
  elapsed_s: 7.4,
  status_counts: { '200': 200 },
  generator_saturated: false,
};

describe('describeCaps', () => {
  it('names the rate cap and where it came from, or says there is none', () => {
    expect(describeCaps({ maxRps: 20, maxRpsSource: 'non-loopback default', durationSeconds: 15 })).toBe(
      'request rate capped at 20 req/s (non-loopback default); at most 15 s per endpoint (PERF_DURATION_S)',
    );
    expect(describeCaps({ maxRps: null, maxRpsSource: null, durationSeconds: 10 })).toBe(
      'no request-rate cap (loopback target); at most 10 s per endpoint (PERF_DURATION_S)',
    );
  });
});

describe('formatPerfTable', () => {
  it('prints the row, its reasons, the ceiling, the caps and the verdict', () => {
    const text = formatPerfTable([ROW], {
      verdict: 'fail',
      reasons: ['not passing: mora fail'],
      generatorCeilingRps: 5207.4,
      connections: 4,
      caps: { maxRps: 20, maxRpsSource: 'PERF_MAX_RPS', durationSeconds: 15 },
    });
    expect(text.split('\n')).toEqual([
      'endpoint  samples  rps   p50  p95     p99     max     non2xx  errors  budget  verdict',
      '--------  -------  ----  ---  ------  ------  ------  ------  ------  ------  -------',
      'mora      200      27.1  4.3  1504.2  1508.9  1510.3  0       0       1200    FAIL',
      '',
      'mora: p95 1504.2 ms > budget 1200 ms',
      'generator ceiling: 5207 req/s (4 connections, trivial endpoint)',
      'caps: request rate capped at 20 req/s (PERF_MAX_RPS); at most 15 s per endpoint (PERF_DURATION_S)',
      'gate: not passing: mora fail',
      'perf gate: FAIL (times in ms, p95 nearest-rank over every 2xx response)',
    ]);
  });
});
