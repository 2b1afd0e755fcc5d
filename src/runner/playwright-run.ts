// Runs the suite's Playwright gates as a child process for the command-line drivers (self-test,
// rehearsal): a JSON report to judge the run, the HTML report and the evidence folder of the run (so
// the rehearsal leaves evidence and the self-test's secret scan reads what an operator's run writes);
// the console reporters are off: the caller reports.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { removeRunCache } from '../run/run-cache.ts';
import { newRunId } from '../run/setup-record.ts';
import { TARGET_ENV } from '../targets/target.ts';
import { FAILURES_FILE_ENV } from './failure-reporter.ts';
import { batchProjectName, FAULT_BATCH_ENV, type FaultBatchEntry } from './fault-batch.ts';
import { type RunOutcome, readOutcome, TestFailure } from './outcome.ts';

const EVIDENCE_REPORTER = './src/reporting/evidence-reporter.ts';
const FAILURE_REPORTER = './src/runner/failure-reporter.ts';

export interface PlaywrightRun {
  projects: string[];
  grep?: string;
  /** Tests left out (`--grep-invert`). */
  grepInvert?: string;
  env: Record<string, string>;
  /** Folder for the JSON report, test output and evidence of this run. */
  runDir: string;
  timeoutMs: number;
  /** Write the HTML report (default): off where only the JSON report is read (self-test fault runs). */
  html?: boolean;
  /**
   * Run the setup and teardown projects (default). Off (`--no-deps`): the selected tests alone, each
   * worker logging in once itself; for a run whose verdict is read from named tests that need
   * neither the run's state snapshot nor its teardown (self-test fault runs).
   */
  runSetup?: boolean;
}

let runsStarted = 0;

export async function runPlaywright(run: PlaywrightRun): Promise<RunOutcome> {
  const { report, failures } = await executeRun(run);
  return readOutcome(report, failures);
}

/**
 * A self-test batch (src/runner/fault-batch.ts) in one Playwright run: one outcome per entry, read
 * from its own projects; an error outside any test counts for every entry.
 */
export async function runPlaywrightBatch(
  run: Omit<PlaywrightRun, 'projects' | 'grep' | 'runSetup'>,
  batch: readonly FaultBatchEntry[],
): Promise<Map<string, RunOutcome>> {
  const { report, failures } = await executeRun({
    ...run,
    projects: [],
    runSetup: false,
    env: { ...run.env, [FAULT_BATCH_ENV]: JSON.stringify(batch) },
  });
  return new Map(
    batch.map((entry) => {
      const projects = new Set(entry.projects.map((gate) => batchProjectName(gate, entry.id)));
      return [entry.id, readOutcome(report, failures, (project) => projects.has(project))];
    }),
  );
}

async function executeRun(run: PlaywrightRun): Promise<{ report: unknown; failures: TestFailure[] }> {
  mkdirSync(run.runDir, { recursive: true });
  const reportFile = path.join(run.runDir, 'report.json');
  const failuresFile = path.join(run.runDir, 'failures.json');
  const args = [
    'node_modules/@playwright/test/cli.js',
    'test',
    `--reporter=${['json', ...(run.html === false ? [] : ['html']), EVIDENCE_REPORTER, FAILURE_REPORTER].join(',')}`,
    `--output=${path.join(run.runDir, 'test-output')}`,
    ...run.projects.flatMap((project) => ['--project', project]),
    ...(run.grep ? ['--grep', run.grep] : []),
    ...(run.grepInvert ? ['--grep-invert', run.grepInvert] : []),
    ...(run.runSetup === false ? ['--no-deps'] : []),
  ];
  // Its own id, so what its workers keep for the run can be removed after it when no teardown does.
  const runId = `${newRunId()}-${process.pid}-${runsStarted++}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EVIDENCE_DIR: path.join(run.runDir, 'evidence'),
    ...run.env,
    // The opt-in cutover project exists only when the configuration includes it.
    ...(run.projects.includes('cutover') ? { SUITE_INCLUDE_CUTOVER: '1' } : {}),
    PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
    [FAILURES_FILE_ENV]: failuresFile,
    PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(run.runDir, 'html'),
    PLAYWRIGHT_HTML_OPEN: 'never',
    [TARGET_ENV.runId]: runId,
  };
  const stderr = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve(`exit ${exitCode}: ${tail.trim()}`);
    });
  });
  if (run.runSetup === false) removeRunCache(runId);
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    report = { suites: [], errors: [{ message: `no report (${stderr})` }] };
  }
  let failures: TestFailure[] = [];
  try {
    failures = z.array(TestFailure).parse(JSON.parse(readFileSync(failuresFile, 'utf8')));
  } catch {
    // No classification: every failure of this run counts as unexplained (never as detection).
  }
  return { report, failures };
}
