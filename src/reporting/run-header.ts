// Prints what a run is pointed at and under which safety mode, and lists every test the safety
// rules excluded with its reason, so nothing is skipped silently.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { readPacingLedger } from '../clients/rate-pacing.ts';
import { loadConfig } from '../config.ts';
import { currentRunId, keptLedgerFile, pacingLedgerFile, RUN_STATE_EVIDENCE } from '../run/setup-record.ts';
import { parityLegacyBase, resolveTarget } from '../targets/resolve.ts';
import type { ResolvedTarget } from '../targets/target.ts';
import { skipReason } from './annotations.ts';
import { type GateTests, gateVerdict, resultKind } from './gate-verdict.ts';

/** The run's target as the workers will see it; undefined while a compose stack is not up yet. */
function startedTarget(config: ReturnType<typeof loadConfig>, environment: NodeJS.ProcessEnv) {
  try {
    return resolveTarget(config, environment);
  } catch {
    return undefined;
  }
}

function composeUrls(target: ResolvedTarget | undefined): string {
  return target ? `: api ${target.apiBase}, legacy ${target.legacyBase}` : '';
}

/** Reads the environment after the webServer started: it hands a compose stack's URLs over in it. */
export function describeRunMode(config = loadConfig(), environment = process.env): string[] {
  const target = startedTarget(config, environment);
  const mode = config.destructiveAllowed
    ? 'read-write + destructive'
    : config.writesAllowed
      ? 'read-write'
      : 'read-only';
  const faults = config.REFERENCE_FAULTS ? `, faults ${config.REFERENCE_FAULTS}` : '';
  const targetLine =
    config.TARGET === 'reference'
      ? `reference server (dataset ${config.REFERENCE_DATASET}${faults})`
      : config.TARGET === 'compose'
        ? `compose stack (${config.COMPOSE_FILE}, profile ${config.COMPOSE_PROFILE}${faults})${composeUrls(target)}`
        : `external (api ${config.API_V1_BASE}, legacy ${config.LEGACY_BASE})`;
  const parity =
    config.paritySource === 'live'
      ? `live legacy ${target ? parityLegacyBase(config, target) : (config.PARITY_LEGACY_BASE ?? '(the target legacy)')}`
      : `recorded ${config.PARITY_RECORDED ?? '(the reference dataset recordings)'}`;
  return [`target: ${targetLine}`, `mode: ${mode}`, `parity source: ${parity}`];
}

/** The teardown's verdict on the target's state, as its `evidence:run-state` attachment says it. */
function stateLine(result: TestResult): string | undefined {
  const attachment = result.attachments.find((item) => item.name === `evidence:${RUN_STATE_EVIDENCE}`);
  if (!attachment?.body) return undefined;
  try {
    const state = JSON.parse(attachment.body.toString('utf8')) as { verdict?: unknown; snapshot?: unknown };
    return `${String(state.verdict)} (snapshot ${String(state.snapshot)})`;
  } catch {
    return undefined;
  }
}

/** One summary line per gate: its verdict, and for a partial gate how many of its checks ran. */
export function gateSummaryLines(gates: ReadonlyMap<string, GateTests>): string[] {
  return [...gates].map(([gate, tests]) => {
    const { verdict, reasons } = gateVerdict(tests);
    const ran = tests.checked.length - tests.excluded.length;
    return verdict === 'partial'
      ? `${gate}: ${reasons[0]}`
      : `${gate}: ${verdict} (${ran} of ${tests.checked.length} checks ran)`;
  });
}

export default class RunHeaderReporter implements Reporter {
  private readonly excluded: string[] = [];
  private readonly gates = new Map<string, GateTests>();
  private state: string | undefined;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    const lines = describeRunMode();
    process.stdout.write(`\n== Cobranzas runbook suite: ${suite.allTests().length} tests\n`);
    for (const line of lines) process.stdout.write(`   ${line}\n`);
  }

  private countGate(test: TestCase, result: TestResult): void {
    const gate = test.parent.project()?.name ?? 'unknown';
    let tests = this.gates.get(gate);
    if (!tests) {
      tests = { checked: [], failures: [], inconclusive: [], excluded: [] };
      this.gates.set(gate, tests);
    }
    tests.checked.push(test.title);
    const kind = resultKind(result.status, test.annotations);
    if (kind === 'excluded') tests.excluded.push(test.title);
    else if (kind === 'failed') tests.failures.push(test.title);
    else if (kind === 'inconclusive') tests.inconclusive.push(test.title);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.state = stateLine(result) ?? this.state;
    this.countGate(test, result);
    if (result.status !== 'skipped') return;
    const reason = skipReason(test.annotations);
    this.excluded.push(`${test.titlePath().slice(1).join(' > ')}${reason ? ` — ${reason}` : ''}`);
  }

  onEnd(): void {
    const config = loadConfig();
    process.stdout.write(
      `== Target state after the run: ${this.state ?? (config.writesAllowed ? 'NOT CHECKED (the teardown did not report)' : 'read-only run, nothing written')}\n`,
    );
    const runId = currentRunId();
    if (runId && (config.TARGET !== 'reference' || config.writeRateLimit)) {
      const ledger = pacingLedgerFile(runId);
      const figures = readPacingLedger(ledger);
      // Kept with the evidence: the temporary folder may be cleaned before `npm run figures` reads it.
      if (existsSync(ledger)) {
        const kept = keptLedgerFile(config.EVIDENCE_DIR, runId);
        mkdirSync(path.dirname(kept), { recursive: true });
        copyFileSync(ledger, kept);
      }
      process.stdout.write(
        `== Rate budget: ${figures.logins} logins, ${figures.writes} writes; ${figures.waits} pacing waits, ${figures.waitedSeconds} s\n`,
      );
    }
    process.stdout.write('== Gates:\n');
    for (const line of gateSummaryLines(this.gates)) process.stdout.write(`   ${line}\n`);
    if (this.excluded.length === 0) {
      process.stdout.write('== Excluded tests: none\n');
      return;
    }
    process.stdout.write(
      `== Excluded tests (${this.excluded.length}), not run: not applicable to this run, or a test they build on failed:\n`,
    );
    for (const line of this.excluded) process.stdout.write(`   - ${line}\n`);
  }
}
