import { describe, expect, it } from 'vitest';
import { readOutcome, type TestFailure } from '../src/runner/outcome.ts';
import { judgeRun } from './report.ts';

function report(tests: [string, string][], errors: { message: string }[] = []) {
  return {
    suites: [
      {
        title: 'smoke/health.spec.ts',
        specs: tests.map(([title, status]) => ({
          title,
          file: 'smoke/health.spec.ts',
          tests: [{ projectName: 'smoke', status, results: [] }],
        })),
        suites: [],
      },
    ],
    errors,
  };
}

const assertion = (title: string): TestFailure => ({
  title,
  project: 'smoke',
  kind: 'assertion',
  message: 'expected 200',
});
/** Both failures below (an assertion on the status, a ContractError of GET /health) say it. */
const fault = { kind: 'fault' as const, mustFail: ['health'], failsWith: /expected 200|GET \/health/ };

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

  it('a fault counts as detected only when every named test failed on a check', () => {
    const tests: [string, string][] = [
      ['health', 'unexpected'],
      ['login', 'expected'],
    ];
    const outcome = readOutcome(report(tests), [assertion('health')]);
    expect(judgeRun(fault, outcome)).toEqual({ verdict: 'detected', failed: [assertion('health')] });
    const contract = {
      title: 'health',
      project: 'smoke',
      kind: 'contract' as const,
      message: 'ContractError: GET /health',
    };
    expect(judgeRun(fault, readOutcome(report(tests), [contract])).verdict).toBe('detected');
    expect(judgeRun({ ...fault, mustFail: ['login'] }, outcome)).toEqual({
      verdict: 'missed',
      missing: ['login'],
      failed: ['health'],
    });
  });

  it('a detected fault whose run did not keep a must-pass test green is collateral, not detected', () => {
    const judged = { ...fault, mustPass: ['state left as found'] };
    const broke: [string, string][] = [
      ['health', 'unexpected'],
      ['state left as found', 'unexpected'],
    ];
    expect(
      judgeRun(judged, readOutcome(report(broke), [assertion('health'), assertion('state left as found')])),
    ).toMatchObject({ verdict: 'collateral', notPassed: ['state left as found'] });
    const kept: [string, string][] = [
      ['health', 'unexpected'],
      ['state left as found', 'expected'],
    ];
    expect(judgeRun(judged, readOutcome(report(kept), [assertion('health')])).verdict).toBe('detected');
  });

  it.each([
    ['timeout', 'Test timeout of 60000ms exceeded.'],
    ['setup', 'fixture "asAdmin" failed'],
    ['connection', 'connect ECONNREFUSED 127.0.0.1:8000'],
    ['error', "TypeError: Cannot read properties of undefined (reading 'rows')"],
  ] as const)(
    'a named test that failed by %s measured nothing: broken run, not detection',
    (kind, message) => {
      const outcome = readOutcome(report([['health', 'unexpected']]), [
        { title: 'health', project: 'smoke', kind, message },
      ]);
      expect(judgeRun(fault, outcome)).toEqual({
        verdict: 'broken-run',
        reason: `not a failed check: "health" (${kind}: ${message})`,
      });
    },
  );

  it("a named test failing on a check that does not say the fault's symptom failed for another reason", () => {
    const judged = { ...fault, failsWith: /HTTP 503/ };
    const tests: [string, string][] = [['health', 'unexpected']];
    const symptom: TestFailure = {
      ...assertion('health'),
      message: 'ContractError: GET /api/v1/health -> HTTP 503',
      detail: 'ContractError: GET /api/v1/health -> HTTP 503 (trace_id t-1): expected status 2xx',
    };
    expect(judgeRun(judged, readOutcome(report(tests), [symptom])).verdict).toBe('detected');
    // The first line alone says nothing of it: the whole message is read.
    const lower = {
      ...symptom,
      message: 'Error: health check failed',
      detail: 'Error: health check failed\nHTTP 503',
    };
    expect(judgeRun(judged, readOutcome(report(tests), [lower])).verdict).toBe('detected');
    const other = { ...symptom, message: 'Error: trace id mismatch', detail: 'Error: trace id mismatch' };
    expect(judgeRun(judged, readOutcome(report(tests), [other]))).toEqual({
      verdict: 'unrelated-failure',
      failed: [other],
      symptom: '/HTTP 503/',
    });
  });

  it('a fault entry that says nothing of its symptom detects nothing', () => {
    const outcome = readOutcome(report([['health', 'unexpected']]), [assertion('health')]);
    expect(judgeRun({ kind: 'fault', mustFail: ['health'] }, outcome)).toEqual({
      verdict: 'broken-run',
      reason: "catalogue entry says nothing of the fault's symptom",
    });
  });

  it('a failure without a recorded cause is never a detection', () => {
    expect(judgeRun(fault, readOutcome(report([['health', 'unexpected']]))).verdict).toBe('broken-run');
  });

  it('a boundary or clean run with any failure is a false alarm; with nothing run it is broken', () => {
    const green = readOutcome(report([['a', 'expected']]));
    expect(judgeRun({ kind: 'boundary', mustFail: [] }, green).verdict).toBe('green');
    const failing = readOutcome(
      report([
        ['a', 'expected'],
        ['b', 'unexpected'],
      ]),
      [assertion('b')],
    );
    expect(judgeRun({ kind: 'clean', mustFail: [] }, failing)).toEqual({
      verdict: 'false-alarm',
      failed: [assertion('b')],
    });
    expect(judgeRun({ kind: 'clean', mustFail: [] }, readOutcome(report([]))).verdict).toBe('broken-run');
    expect(
      judgeRun(fault, readOutcome(report([['health', 'unexpected']], [{ message: 'web server died' }]))),
    ).toEqual({ verdict: 'broken-run', reason: 'web server died' });
  });

  it('a clean or boundary run may skip only the tests the catalogue excludes for it', () => {
    const tests: [string, string][] = [
      ...Array.from({ length: 78 }, (_, index): [string, string] => [`t${index}`, 'skipped']),
      ['kept', 'expected'],
    ];
    expect(judgeRun({ kind: 'clean', mustFail: [] }, readOutcome(report(tests)))).toMatchObject({
      verdict: 'unlisted-skip',
    });
    const lockout: [string, string][] = [
      ['lockout', 'skipped'],
      ['a', 'expected'],
    ];
    expect(
      judgeRun({ kind: 'boundary', mustFail: [], excluded: ['lockout'] }, readOutcome(report(lockout))),
    ).toEqual({ verdict: 'green' });
    expect(judgeRun({ kind: 'boundary', mustFail: [] }, readOutcome(report(lockout)))).toEqual({
      verdict: 'unlisted-skip',
      skipped: ['lockout'],
    });
  });
});
