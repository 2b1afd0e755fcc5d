import { describe, expect, it } from 'vitest';
import { judgeRun, readOutcome } from './report.ts';

function report(tests: [string, string][], errors: { message: string }[] = []) {
  return {
    suites: [
      {
        title: 'smoke/health.spec.ts',
        specs: tests.map(([title, status]) => ({
          title,
          file: 'smoke/health.spec.ts',
          tests: [{ status, results: [] }],
        })),
        suites: [],
      },
    ],
    errors,
  };
}

describe('self-test judging', () => {
  it('reads passed, failed and skipped tests from nested suites', () => {
    const outcome = readOutcome(
      report([
        ['a', 'expected'],
        ['b', 'unexpected'],
        ['c', 'skipped'],
        ['d', 'flaky'],
      ]),
    );
    expect(outcome).toMatchObject({ total: 4, passed: ['a'], failed: ['b', 'd'], skipped: ['c'] });
  });

  it('a fault counts as detected only when every named test failed', () => {
    const outcome = readOutcome(
      report([
        ['health', 'unexpected'],
        ['login', 'expected'],
      ]),
    );
    expect(judgeRun('fault', ['health'], outcome).verdict).toBe('detected');
    expect(judgeRun('fault', ['login'], outcome)).toEqual({
      verdict: 'missed',
      missing: ['login'],
      failed: ['health'],
    });
  });

  it('a boundary or clean run with any failure is a false alarm; with nothing run it is broken', () => {
    expect(judgeRun('boundary', [], readOutcome(report([['a', 'expected']]))).verdict).toBe('green');
    expect(
      judgeRun(
        'clean',
        [],
        readOutcome(
          report([
            ['a', 'expected'],
            ['b', 'unexpected'],
          ]),
        ),
      ).verdict,
    ).toBe('false-alarm');
    expect(judgeRun('clean', [], readOutcome(report([]))).verdict).toBe('broken-run');
    expect(
      judgeRun('fault', ['a'], readOutcome(report([['a', 'unexpected']], [{ message: 'web server died' }]))),
    ).toEqual({
      verdict: 'broken-run',
      reason: 'web server died',
    });
  });
});
