// Playwright reporter for the command-line drivers (self-test, rehearsal): writes, for every test
// that did not pass, why it failed (src/runner/failure-kind.ts) to SUITE_FAILURES_FILE. Playwright's
// JSON report drops the step categories the classification needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { classifyFailure } from './failure-kind.ts';
import type { TestFailure } from './outcome.ts';

export const FAILURES_FILE_ENV = 'SUITE_FAILURES_FILE';

export default class FailureReporter implements Reporter {
  private readonly failures: TestFailure[] = [];

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    this.failures.push({
      title: test.title,
      project: test.parent.project()?.name ?? '',
      ...classifyFailure(result),
    });
  }

  onEnd(): void {
    const file = process.env[FAILURES_FILE_ENV];
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(this.failures, null, 2)}\n`);
  }
}
