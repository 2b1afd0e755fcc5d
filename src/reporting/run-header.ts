// Prints what a run is pointed at and under which safety mode, and lists every test the safety
// rules excluded with its reason, so nothing is skipped silently.
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { loadConfig } from '../config.ts';
import { EXCLUDED_ANNOTATION } from './annotations.ts';

export function describeRunMode(config = loadConfig()): string[] {
  const mode = config.destructiveAllowed
    ? 'read-write + destructive'
    : config.writesAllowed
      ? 'read-write'
      : 'read-only';
  const target =
    config.TARGET === 'reference'
      ? `reference server (dataset ${config.REFERENCE_DATASET}${config.REFERENCE_FAULTS ? `, faults ${config.REFERENCE_FAULTS}` : ''})`
      : config.TARGET === 'compose'
        ? `compose stack (${config.COMPOSE_FILE}, profile ${config.COMPOSE_PROFILE})`
        : `external (api ${config.API_V1_BASE}, legacy ${config.LEGACY_BASE})`;
  const parity =
    config.paritySource === 'live'
      ? `live legacy ${config.parityLegacyBase}`
      : `recorded ${config.PARITY_RECORDED ?? '(the reference dataset recordings)'}`;
  return [`target: ${target}`, `mode: ${mode}`, `parity source: ${parity}`];
}

export default class RunHeaderReporter implements Reporter {
  private readonly excluded: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    const lines = describeRunMode();
    process.stdout.write(`\n== Cobranzas runbook suite: ${suite.allTests().length} tests\n`);
    for (const line of lines) process.stdout.write(`   ${line}\n`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find(
      (annotation) => annotation.type === EXCLUDED_ANNOTATION,
    )?.description;
    this.excluded.push(`${test.titlePath().slice(1).join(' > ')}${reason ? ` — ${reason}` : ''}`);
  }

  onEnd(): void {
    if (this.excluded.length === 0) {
      process.stdout.write('== Excluded tests: none\n');
      return;
    }
    process.stdout.write(
      `== Excluded tests (${this.excluded.length}), not run by the safety rules or by choice:\n`,
    );
    for (const line of this.excluded) process.stdout.write(`   - ${line}\n`);
  }
}
