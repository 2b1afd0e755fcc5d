import { describe, expect, it } from 'vitest';
import type { RunOutcome } from './outcome.ts';
import { mergeOutcomes, splitByLatency } from './run-parts.ts';

describe('a run split by what measures latency', () => {
  it('keeps a run without the perf gate in one shared part', () => {
    expect(splitByLatency(['auth', 'brokers'])).toEqual([
      { projects: ['auth', 'brokers'], measuresLatency: false },
    ]);
  });

  it('runs the perf gate after the other gates, in a part of its own', () => {
    expect(splitByLatency(['analytics', 'perf'])).toEqual([
      { projects: ['analytics'], measuresLatency: false },
      { projects: ['perf'], measuresLatency: true },
    ]);
  });

  it('keeps the login-window fillers after the perf gate, in its part', () => {
    expect(splitByLatency(['smoke', 'auth', 'perf', 'brokers', 'analytics', 'auth-limits'])).toEqual([
      { projects: ['smoke', 'auth', 'brokers', 'analytics'], measuresLatency: false },
      { projects: ['perf', 'auth-limits'], measuresLatency: true },
    ]);
  });

  it('leaves the login-window fillers shared when the run has no perf gate', () => {
    expect(splitByLatency(['auth-limits'])).toEqual([{ projects: ['auth-limits'], measuresLatency: false }]);
  });

  it('a perf-only run is one exclusive part', () => {
    expect(splitByLatency(['perf'])).toEqual([{ projects: ['perf'], measuresLatency: true }]);
  });
});

describe('outcomes of a run made of parts', () => {
  const part = (over: Partial<RunOutcome>): RunOutcome => ({
    total: 0,
    passed: [],
    failed: [],
    skipped: [],
    globalErrors: [],
    failures: [],
    ...over,
  });

  it('adds the counts and keeps every title, error and failure cause', () => {
    const merged = mergeOutcomes([
      part({
        total: 3,
        passed: ['setup', 'a'],
        failed: ['b'],
        failures: [{ title: 'b', project: 'auth', kind: 'assertion', message: 'x' }],
      }),
      part({ total: 2, passed: ['setup'], skipped: ['c'], globalErrors: ['web server'] }),
    ]);
    expect(merged).toEqual({
      total: 5,
      passed: ['setup', 'a', 'setup'],
      failed: ['b'],
      skipped: ['c'],
      globalErrors: ['web server'],
      failures: [{ title: 'b', project: 'auth', kind: 'assertion', message: 'x' }],
    });
  });
});
