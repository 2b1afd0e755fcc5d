// The figures of a finished run, from what it left behind: Playwright's JSON report (wall time,
// tests, per-test durations) and the run's pacing ledger (every paced login and write with its wait).
// Figures live here, printed by `npm run figures`, never measured inside a timed test.
import { z } from 'zod';

const ReportResult = z.object({
  startTime: z.string(),
  duration: z.number(),
  status: z.string(),
  workerIndex: z.number().optional(),
});
const ReportTest = z.object({ projectName: z.string(), results: z.array(ReportResult) });
const ReportSpec = z.object({ title: z.string(), tests: z.array(ReportTest) });
interface ReportSuite {
  specs?: z.output<typeof ReportSpec>[];
  suites?: ReportSuite[];
}
const ReportSuite: z.ZodType<ReportSuite> = z.lazy(() =>
  z.object({ specs: z.array(ReportSpec).optional(), suites: z.array(ReportSuite).optional() }),
);

/** The part of Playwright's JSON reporter output the figures read. */
const PlaywrightReport = z.object({
  config: z.object({ metadata: z.record(z.string(), z.unknown()).optional() }).optional(),
  suites: z.array(ReportSuite),
  stats: z.object({
    startTime: z.string(),
    duration: z.number(),
    expected: z.number(),
    unexpected: z.number(),
    skipped: z.number(),
    flaky: z.number(),
  }),
});
type PlaywrightReport = z.output<typeof PlaywrightReport>;

const LedgerEntry = z.object({ kind: z.enum(['login', 'write']), at: z.number(), waitedMs: z.number() });
export type LedgerEntry = z.output<typeof LedgerEntry>;

export function parsePlaywrightReport(text: string): PlaywrightReport {
  return PlaywrightReport.parse(JSON.parse(text));
}

/** One JSON line per paced request; a line that does not parse is an error naming its number. */
export function parseLedger(text: string): LedgerEntry[] {
  return text
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, index }) => {
      const parsed = LedgerEntry.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`pacing ledger line ${index + 1} is not {kind, at, waitedMs}: ${line}`);
      return parsed.data;
    });
}

/** The run id playwright.config.ts puts in the report's metadata (names the run's ledger). */
export function runIdOf(report: PlaywrightReport): string | undefined {
  const id = report.config?.metadata?.runId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

interface TestFigures {
  project: string;
  title: string;
  status: string;
  seconds: number;
  logins: number;
  writes: number;
  waitedSeconds: number;
}

export interface RunFigures {
  runId: string | undefined;
  startedAt: string;
  wallSeconds: number;
  tests: { total: number; passed: number; failed: number; skipped: number; flaky: number };
  /** Summed test durations, and the rest of the wall time (worker start-ups, runner). */
  inTestsSeconds: number;
  outsideTestsSeconds: number;
  /** Worker processes the run started: Playwright starts a new one after every failed test. */
  workers: number;
  pacing:
    | {
        logins: number;
        writes: number;
        waits: number;
        waitedSeconds: number;
        loginWaitSeconds: number;
        writeWaitSeconds: number;
      }
    | undefined;
  slowest: TestFigures[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

type TimedTest = TestFigures & { startMs: number; endMs: number; worker: number };

function flatten(report: PlaywrightReport): TimedTest[] {
  const out: TimedTest[] = [];
  const walk = (suite: ReportSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        for (const result of test.results) {
          const startMs = Date.parse(result.startTime);
          out.push({
            project: test.projectName,
            title: spec.title,
            status: result.status,
            seconds: round1(result.duration / 1000),
            logins: 0,
            writes: 0,
            waitedSeconds: 0,
            startMs,
            endMs: startMs + result.duration,
            worker: result.workerIndex ?? 0,
          });
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  return out;
}

/** The run's figures; `ledger` undefined when the run paced nothing (or its ledger is gone). */
export function runFigures(
  report: PlaywrightReport,
  ledger: LedgerEntry[] | undefined,
  slowest = 8,
): RunFigures {
  const tests = flatten(report);
  for (const entry of ledger ?? []) {
    // A paced request belongs to the test running when it was sent (fixtures included).
    const owner = tests.find((test) => entry.at >= test.startMs && entry.at <= test.endMs + 50);
    if (!owner) continue;
    if (entry.kind === 'login') owner.logins += 1;
    else owner.writes += 1;
    owner.waitedSeconds = round1(owner.waitedSeconds + entry.waitedMs / 1000);
  }
  const inTests = tests.reduce((sum, test) => sum + (test.endMs - test.startMs), 0) / 1000;
  const wall = report.stats.duration / 1000;
  const waitOf = (kind: LedgerEntry['kind']) =>
    round1(
      (ledger ?? []).filter((entry) => entry.kind === kind).reduce((sum, entry) => sum + entry.waitedMs, 0) /
        1000,
    );
  return {
    runId: runIdOf(report),
    startedAt: report.stats.startTime,
    wallSeconds: round1(wall),
    tests: {
      total: tests.length,
      passed: report.stats.expected,
      failed: report.stats.unexpected,
      skipped: report.stats.skipped,
      flaky: report.stats.flaky,
    },
    inTestsSeconds: round1(inTests),
    outsideTestsSeconds: round1(wall - inTests),
    workers: new Set(tests.map((test) => test.worker)).size,
    pacing: ledger
      ? {
          logins: ledger.filter((entry) => entry.kind === 'login').length,
          writes: ledger.filter((entry) => entry.kind === 'write').length,
          waits: ledger.filter((entry) => entry.waitedMs > 0).length,
          waitedSeconds: round1(ledger.reduce((sum, entry) => sum + entry.waitedMs, 0) / 1000),
          loginWaitSeconds: waitOf('login'),
          writeWaitSeconds: waitOf('write'),
        }
      : undefined,
    slowest: [...tests]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, slowest)
      .map(({ project, title, status, seconds, logins, writes, waitedSeconds }) => ({
        project,
        title,
        status,
        seconds,
        logins,
        writes,
        waitedSeconds,
      })),
  };
}

/** The figures as the lines `npm run figures` prints. */
export function formatRunFigures(figures: RunFigures): string[] {
  const t = figures.tests;
  const lines = [
    `run ${figures.runId ?? '(no run id)'} started ${figures.startedAt}`,
    `  wall time ${figures.wallSeconds} s: ${figures.inTestsSeconds} s in tests, ${figures.outsideTestsSeconds} s outside them (${figures.workers} worker processes started)`,
    `  tests ${t.total}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.flaky ? `, ${t.flaky} flaky` : ''}`,
    figures.pacing
      ? `  rate budget: ${figures.pacing.logins} logins, ${figures.pacing.writes} writes; ${figures.pacing.waits} pacing waits, ${figures.pacing.waitedSeconds} s (logins ${figures.pacing.loginWaitSeconds} s, writes ${figures.pacing.writeWaitSeconds} s)`
      : '  rate budget: no pacing ledger (nothing paced, or the ledger is gone)',
    '  slowest tests:',
  ];
  for (const test of figures.slowest) {
    const paced =
      test.logins || test.writes
        ? ` [${test.logins} logins, ${test.writes} writes, waited ${test.waitedSeconds} s]`
        : '';
    lines.push(
      `    ${String(test.seconds).padStart(6)} s ${test.status.padEnd(8)} ${test.project}: ${test.title}${paced}`,
    );
  }
  return lines;
}
