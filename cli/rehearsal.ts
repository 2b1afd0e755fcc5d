// `npm run rehearsal -- --target reference|external|compose [--window-minutes 1] [--faults a,b]`:
// the runbook's verification in its order against one target, stopping at the first failed step
// with the runbook's instruction; one evidence folder and the Markdown block for the checklist.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine, runWhenMain, UsageError } from '../src/cli/command-line.ts';
import { loadConfig, type SuiteConfig } from '../src/config.ts';
import { summarizeEvidenceDir } from '../src/evidence/summary.ts';
import { type RehearsalStep, rehearsalReport, rehearsalSteps, runRehearsal } from '../src/rehearsal/steps.ts';
import { runPlaywright } from '../src/runner/playwright-run.ts';
import { mergeOutcomes, splitByLatency } from '../src/runner/run-parts.ts';
import { inSlot } from '../src/runner/step-slots.ts';
import { startComposeTarget } from '../src/targets/compose.ts';
import { startReferenceProcess } from '../src/targets/reference-process.ts';
import { TARGET_ENV } from '../src/targets/target.ts';

const STEP_TIMEOUT_MS = 45 * 60_000;
const SHARED_LOGIN_LIMIT = '1000/60';
const USAGE =
  'usage: npm run rehearsal -- [--target reference|external|compose] [--window-minutes N] ' +
  '[--interval-seconds N] [--faults a,b] [--out DIR] [--skip-measurement-honesty]';

type TargetKind = 'reference' | 'external' | 'compose';
type RehearsalResult = Awaited<ReturnType<typeof runRehearsal>>;

interface CommandOptions {
  target: TargetKind;
  windowMinutes: number;
  intervalSeconds: number;
  faults: string;
  outDir: string;
  skipMeasurementHonesty: boolean;
}

function commandOptions(argv: string[]): CommandOptions {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        target: { type: 'string', default: 'reference' },
        'window-minutes': { type: 'string', default: '1' },
        'interval-seconds': { type: 'string', default: '5' },
        faults: { type: 'string', default: '' },
        out: { type: 'string', default: 'results/rehearsal' },
        'skip-measurement-honesty': { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const target = values.target;
  if (target !== 'reference' && target !== 'external' && target !== 'compose') {
    throw new UsageError(`--target ${target}: accepted reference | external | compose\n${USAGE}`);
  }
  const windowMinutes = Number(values['window-minutes']);
  const intervalSeconds = Number(values['interval-seconds']);
  if (!(windowMinutes > 0) || !(intervalSeconds > 0)) {
    throw new UsageError(`--window-minutes and --interval-seconds must be positive numbers\n${USAGE}`);
  }
  return {
    target,
    windowMinutes,
    intervalSeconds,
    faults: values.faults,
    outDir: path.resolve(values.out),
    skipMeasurementHonesty: values['skip-measurement-honesty'],
  };
}

interface StartedTarget {
  /** What every step's Playwright run needs to reach the target. */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/** One target for the whole rehearsal: steps share it as the war room shares production. */
async function startTarget(options: CommandOptions, config: SuiteConfig): Promise<StartedTarget> {
  if (options.target === 'reference') {
    const server = await startReferenceProcess({
      dataset: config.REFERENCE_DATASET,
      faults: options.faults,
      latency: config.REFERENCE_LATENCY,
      // Its dashboard's simulated users: the cutover window judges the target's own traffic only.
      extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT, '--user-traffic'],
    });
    return {
      env: {
        TARGET: 'reference',
        REFERENCE_FAULTS: options.faults,
        [TARGET_ENV.apiBase]: server.apiBase,
        [TARGET_ENV.legacyBase]: server.legacyBase,
        REFERENCE_LOGIN_LIMIT: SHARED_LOGIN_LIMIT,
      },
      stop: server.stop,
    };
  }
  if (options.target === 'compose') {
    const started = await startComposeTarget(config);
    return {
      env: {
        TARGET: 'external',
        API_V1_BASE: started.target.apiBase,
        LEGACY_BASE: started.target.legacyBase,
      },
      stop: started.tearDown,
    };
  }
  return { env: { TARGET: 'external' }, stop: async () => {} };
}

/** One step: its Playwright run, passed when something ran and nothing failed. */
async function runStep(
  step: RehearsalStep,
  env: Record<string, string>,
  outDir: string,
): Promise<{ passed: boolean; detail: string }> {
  // A step with the perf gate runs it apart, after the step's other gates: only the perf run needs
  // the machine alone when a driver shares it (src/runner/step-slots.ts).
  const parts = splitByLatency(step.run.projects);
  const outcomes = [];
  for (const part of parts) {
    const runDir = path.join(outDir, step.id, ...(parts.length > 1 ? [part.projects.join('+')] : []));
    outcomes.push(
      await inSlot(part.measuresLatency ? 'exclusive' : 'shared', () =>
        runPlaywright({
          projects: part.projects,
          ...(step.run.grep ? { grep: step.run.grep } : {}),
          ...(step.run.grepInvert ? { grepInvert: step.run.grepInvert } : {}),
          env: { ...env, ...step.run.env },
          runDir,
          timeoutMs: STEP_TIMEOUT_MS,
        }),
      ),
    );
  }
  const outcome = mergeOutcomes(outcomes);
  const ran = outcome.total - outcome.skipped.length;
  const passed = outcome.globalErrors.length === 0 && outcome.failed.length === 0 && ran > 0;
  if (passed) {
    return {
      passed,
      detail: `${ran} passed${outcome.skipped.length > 0 ? `, ${outcome.skipped.length} excluded` : ''}`,
    };
  }
  // The first line of each failure, so an inconclusive test reads as such in the report too.
  const withReason = (title: string) => {
    const message = outcome.failures.find((failure) => failure.title === title)?.message;
    return message ? `${title} (${message.split('\n')[0]})` : title;
  };
  const detail =
    outcome.globalErrors[0] ??
    (outcome.failed.length > 0 ? `failed: ${outcome.failed.map(withReason).join('; ')}` : 'no test ran');
  return { passed, detail };
}

/** The checklist block, the JSON report and the closing lines on stdout. */
async function writeReports(
  options: CommandOptions,
  evidenceDir: string,
  result: RehearsalResult,
): Promise<void> {
  const summary = await summarizeEvidenceDir(evidenceDir, { generatedAt: new Date().toISOString() });
  const checklistFile = path.join(options.outDir, 'cutover-checklist-final.md');
  const reportFile = path.join(options.outDir, 'rehearsal.json');
  const checklist = [
    `## Ensayo del runbook (${options.target}) ${new Date().toISOString()}`,
    '',
    ...result.outcomes.map(
      (outcome) =>
        `- [${outcome.passed ? 'x' : ' '}] ${outcome.step.runbook} — ${outcome.passed ? 'OK' : 'FALLA'} (${outcome.detail})`,
    ),
    '',
    `**Instruccion:** ${result.instruction}`,
    '',
    summary,
    '',
  ].join('\n');
  writeFileSync(checklistFile, checklist);
  writeFileSync(reportFile, `${JSON.stringify(rehearsalReport(options.target, result), null, 2)}\n`);
  process.stdout.write(`\n${result.failed ? `STOPPED at ${result.failed.step.id}` : 'ALL STEPS PASSED'}\n`);
  process.stdout.write(`Instruccion del runbook: ${result.instruction}\n`);
  process.stdout.write(
    `Evidence: ${evidenceDir}\nChecklist block: ${checklistFile}\nReport: ${reportFile}\n`,
  );
}

async function main(argv: string[]): Promise<number> {
  const options = commandOptions(argv);
  const config = loadConfig();
  const evidenceDir = path.join(options.outDir, 'evidence');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(evidenceDir, { recursive: true });
  const target = await startTarget(options, config);
  const env = { EVIDENCE_DIR: evidenceDir, ...target.env };
  process.stdout.write(
    `== Rehearsal of the production runbook against ${options.target} (window ${options.windowMinutes} min)\n`,
  );
  try {
    const result = await runRehearsal(
      rehearsalSteps(options),
      (step) => runStep(step, env, options.outDir),
      (outcome) => {
        process.stdout.write(
          `${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.step.id.padEnd(18)} ${outcome.seconds.toFixed(1).padStart(6)}s  ${outcome.step.runbook}  (${outcome.detail})\n`,
        );
      },
    );
    await writeReports(options, evidenceDir, result);
    return result.failed ? 1 : 0;
  } finally {
    await target.stop();
  }
}

runWhenMain(import.meta.url, main, 'rehearsal');
