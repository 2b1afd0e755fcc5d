import { afterEach, describe, expect, it } from 'vitest';
import { compareWithInjection, injectedPercentile, measureAccuracy, parseLatencySpec } from './accuracy.ts';
import { startTestServer, type TestServer } from './test-server.ts';

describe('parseLatencySpec', () => {
  it('reads the reference server form endpoint=ms[,p=fraction]', () => {
    expect(parseLatencySpec('/api/v1/analytics/mora/summary=1500,p=0.1')).toEqual({
      endpoint: '/api/v1/analytics/mora/summary',
      delayMs: 1500,
      fraction: 0.1,
    });
    expect(parseLatencySpec('/x=20')).toEqual({ endpoint: '/x', delayMs: 20, fraction: 1 });
  });

  it('refuses malformed specs', () => {
    for (const bad of ['/x', '/x=abc', '/x=10,p=0', '/x=10,p=1.5', '=10']) {
      expect(() => parseLatencySpec(bad)).toThrow(/bad latency spec/);
    }
  });
});

describe('injectedPercentile', () => {
  const base = [10, 20, 30, 40];
  it('with 10% delayed by 1500 ms, the p95 is 1500 + the median base latency', () => {
    // cumulative: 0.9 after the undelayed 40, 0.925 at 1510, 0.95 at 1520.
    expect(injectedPercentile(base, { delayMs: 1500, fraction: 0.1 })).toBe(1520);
  });

  it('a 4% tail does not move the p95 off the base latencies', () => {
    // cumulative 0.96 at the undelayed 40.
    expect(injectedPercentile(base, { delayMs: 1500, fraction: 0.04 })).toBe(40);
  });

  it('delaying every request shifts the whole distribution', () => {
    expect(injectedPercentile(base, { delayMs: 1500, fraction: 1 })).toBe(1540);
  });
});

/** Base latency i for request i (1..200), every 10th delayed by 1500 ms, as a deterministic server would. */
function deterministicRun(): number[] {
  return Array.from({ length: 200 }, (_, index) => index + 1 + ((index + 1) % 10 === 0 ? 1500 : 0));
}

describe('compareWithInjection', () => {
  it('a complete run lands within 5% of the injected p95', () => {
    const result = compareWithInjection(deterministicRun(), { delayMs: 1500, fraction: 0.1 });
    // Undelayed bases: 180 values, median (rank 90) = 99, so truth = 1599; measured rank 190 = 1600.
    expect(result.trueP95Ms).toBe(1599);
    expect(result.measuredP95Ms).toBe(1600);
    expect(result.relativeErrorPct).toBeCloseTo((1 / 1599) * 100, 10);
    expect(result).toMatchObject({ withinTolerance: true, delayedObserved: 20, delayedExpected: 20 });
  });

  it('a run that lost half its delayed responses is caught', () => {
    const truncated = deterministicRun().filter((ms, index) => !(ms > 1500 && index >= 100));
    const result = compareWithInjection(truncated, { delayMs: 1500, fraction: 0.1 });
    // 190 samples, 10 delayed: rank 181 is the first delayed (1510) against a truth of 1599.
    expect(result.measuredP95Ms).toBe(1510);
    expect(result.withinTolerance).toBe(false);
    expect(result.delayedObserved).toBe(10);
    expect(result.delayedExpected).toBe(19);
  });

  it('uses supplied base latencies when given', () => {
    const result = compareWithInjection(
      deterministicRun(),
      { delayMs: 1500, fraction: 0.1 },
      { baseSamples: [50] },
    );
    expect(result).toMatchObject({ trueP95Ms: 1550, baseSource: 'supplied' });
  });
});

describe('measureAccuracy', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('measures an endpoint delaying every 10th request by 300 ms within 5% of the truth', async () => {
    server = await startTestServer({ delays: { '/delayed': { every: 10, delayMs: 300 } } });
    const result = await measureAccuracy({
      url: `${server.url}/delayed`,
      method: 'GET',
      injection: { delayMs: 300, fraction: 0.1 },
      samples: 300,
      connections: 10,
      durationSeconds: 20,
    });
    expect(result.stoppedBy).toBe('request-target');
    expect(result.samples).toBe(300);
    expect(result.delayedObserved).toBe(30);
    expect(result.withinTolerance).toBe(true);
  });
});
