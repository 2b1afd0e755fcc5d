import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../src/runner/outcome.ts';
import { outcomeDifferences, readOnlyProblems, stabilityProblems, writesIn } from './shared-server.ts';

const green = (total: number, skipped: string[] = []): RunOutcome => ({
  total,
  passed: Array.from({ length: total - skipped.length }, (_, i) => `t${i}`),
  failed: [],
  skipped,
  globalErrors: [],
  failures: [],
});

describe('stability check', () => {
  it('three green runs with the same count and an unchanged state are stable', () => {
    expect(
      stabilityProblems({
        outcomes: [green(5), green(5), green(5)],
        fingerprintBefore: 'a',
        fingerprintAfter: 'a',
      }),
    ).toEqual([]);
  });

  it('a failed run, a test whose outcome changed or a changed state is reported', () => {
    const failed = { ...green(5), passed: ['t0', 't1', 't2', 't3'], failed: ['t4'] };
    const shorter = { ...green(5), passed: ['t0', 't1', 't2', 't3'] };
    const skipped = { ...green(5, ['t3']), passed: ['t0', 't1', 't2', 't4'] };
    expect(
      stabilityProblems({
        outcomes: [green(5), failed, shorter, skipped],
        fingerprintBefore: 'aaaa',
        fingerprintAfter: 'bbbb',
      }),
    ).toEqual([
      'run 2 failed: t4',
      'test outcomes differ between runs: "t3": passed, passed, passed, skipped; "t4": passed, failed, absent, passed',
      'server state changed: fingerprint aaaa -> bbbb',
    ]);
  });

  it('a test left out of the later runs on purpose is compared only where it ran', () => {
    const without = { ...green(4), passed: ['t0', 't1', 't2', 't3'] };
    const failedLater = { ...without, passed: ['t0', 't1', 't2'], failed: ['t3'] };
    expect(outcomeDifferences([green(5), without], ['t4'])).toEqual([]);
    expect(outcomeDifferences([green(5), without], ['t3'])).toEqual(['"t4": passed, absent']);
    expect(outcomeDifferences([green(5), failedLater], ['t3', 't4'])).toEqual(['"t3": passed, failed']);
  });

  it('the same totals with different tests passing are not stable', () => {
    const swapped = { ...green(2, ['t0']), passed: ['t1'] };
    const other = { ...green(2, ['t1']), passed: ['t0'] };
    expect(outcomeDifferences([swapped, other])).toEqual(['"t1": passed, skipped', '"t0": skipped, passed']);
  });
});

describe('read-only proof', () => {
  it('logins, own sessions and analytics POSTs are reads; config and preference POSTs and ops reset are writes', () => {
    const log = {
      requests: [
        { app: 'api', method: 'POST', path: '/api/v1/auth/login' },
        { app: 'api', method: 'POST', path: '/api/v1/auth/refresh' },
        { app: 'api', method: 'POST', path: '/api/v1/analytics/export/pdf' },
        { app: 'legacy', method: 'POST', path: '/api/brokers/summary' },
        { app: 'api', method: 'POST', path: '/api/v1/brokers/commissions' },
        { app: 'api', method: 'POST', path: '/api/v1/brokers/preferences' },
        { app: 'legacy', method: 'GET', path: '/analytics/ops/reset' },
        { app: 'legacy', method: 'POST', path: '/api/prizes' },
      ],
    };
    expect(writesIn(log)).toEqual([
      'api POST /api/v1/brokers/commissions',
      'api POST /api/v1/brokers/preferences',
      'legacy GET /analytics/ops/reset',
      'legacy POST /api/prizes',
    ]);
  });

  it('proven only when the run is green, something was excluded and nothing was written', () => {
    expect(readOnlyProblems(green(5, ['lockout']), [])).toEqual([]);
    expect(readOnlyProblems(green(5), [])).toEqual([
      'no test was excluded: the read-only rules did not apply',
    ]);
    expect(readOnlyProblems(green(5, ['x']), ['api POST /api/v1/brokers/prizes'])).toEqual([
      'write requests reached the target: api POST /api/v1/brokers/prizes',
    ]);
  });
});
