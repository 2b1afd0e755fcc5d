import { describe, expect, it } from 'vitest';
import { formatRunFigures, parseLedger, parsePlaywrightReport, runFigures } from './run-figures.ts';

const START = Date.parse('2026-11-30T10:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

/** Two tests on two workers (the second after a failure), 100 s of wall time. */
const REPORT = JSON.stringify({
  config: { metadata: { runId: 'run-7' } },
  stats: { startTime: at(0), duration: 100_000, expected: 1, unexpected: 1, skipped: 0, flaky: 0 },
  suites: [
    {
      suites: [
        {
          specs: [
            {
              title: 'bad login bodies',
              tests: [
                {
                  projectName: 'auth',
                  results: [{ startTime: at(5), duration: 40_000, status: 'failed', workerIndex: 0 }],
                },
              ],
            },
          ],
        },
        {
          specs: [
            {
              title: 'round trip',
              tests: [
                {
                  projectName: 'brokers',
                  results: [{ startTime: at(60), duration: 10_000, status: 'passed', workerIndex: 1 }],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});

const LEDGER = [
  { kind: 'login', at: START + 6_000, waitedMs: 0 },
  { kind: 'login', at: START + 44_000, waitedMs: 30_000 },
  { kind: 'write', at: START + 61_000, waitedMs: 2_500 },
  // Outside any test (a fixture of the runner): counted in the totals only.
  { kind: 'write', at: START + 90_000, waitedMs: 0 },
]
  .map((entry) => JSON.stringify(entry))
  .join('\n');

describe('runFigures', () => {
  it('splits the wall time, counts the budgets and gives each test what it spent', () => {
    const figures = runFigures(parsePlaywrightReport(REPORT), parseLedger(LEDGER));
    expect(figures).toMatchObject({
      runId: 'run-7',
      wallSeconds: 100,
      inTestsSeconds: 50,
      outsideTestsSeconds: 50,
      workers: 2,
      tests: { total: 2, passed: 1, failed: 1, skipped: 0 },
      pacing: {
        logins: 2,
        writes: 2,
        waits: 2,
        waitedSeconds: 32.5,
        loginWaitSeconds: 30,
        writeWaitSeconds: 2.5,
      },
    });
    expect(figures.slowest[0]).toEqual({
      project: 'auth',
      title: 'bad login bodies',
      status: 'failed',
      seconds: 40,
      logins: 2,
      writes: 0,
      waitedSeconds: 30,
    });
    expect(formatRunFigures(figures)[3]).toBe(
      '  rate budget: 2 logins, 2 writes; 2 pacing waits, 32.5 s (logins 30 s, writes 2.5 s)',
    );
  });

  it('says when there is no ledger, and refuses a ledger line it cannot read', () => {
    const figures = runFigures(parsePlaywrightReport(REPORT), undefined);
    expect(formatRunFigures(figures)[3]).toMatch(/no pacing ledger/);
    expect(() => parseLedger('{"kind":"login","at":1,"waitedMs":0}\n{"kind":"read"}')).toThrow(/line 2/);
  });
});
