// `npm run rehearsal -- --target reference|external|compose [--window-minutes 1] [--faults a,b]`:
// the runbook's verification in its order against one target, stopping at the first failed step
// with the runbook's instruction; one evidence folder and the Markdown block for the checklist.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { summarizeEvidenceDir } from '../src/evidence/summary.ts';
import { rehearsalReport, rehearsalSteps, runRehearsal } from '../src/rehearsal/steps.ts';
import { runPlaywright } from '../src/runner/playwright-run.ts';
import { startComposeTarget } from '../src/targets/compose.ts';
import { startReferenceProcess } from '../src/targets/reference-process.ts';
import { TARGET_ENV } from '../src/targets/target.ts';

const STEP_TIMEOUT_MS = 45 * 60_000;
const SHARED_LOGIN_LIMIT = '1000/60';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'reference' },
      'window-minutes': { type: 'string', default: '1' },
      'interval-seconds': { type: 'string', default: '5' },
      faults: { type: 'string', default: '' },
      out: { type: 'string', default: 'results/rehearsal' },
    },
  });
  const target = values.target;
  if (target !== 'reference' && target !== 'external' && target !== 'compose') {
    process.stderr.write(`--target ${target}: accepted reference | external | compose\n`);
    return 2;
  }
  const windowMinutes = Number(values['window-minutes']);
  const intervalSeconds = Number(values['interval-seconds']);
  if (!(windowMinutes > 0) || !(intervalSeconds > 0)) {
    process.stderr.write('--window-minutes and --interval-seconds must be positive numbers\n');
    return 2;
  }
  const config = loadConfig();
  const outDir = path.resolve(values.out);
  const evidenceDir = path.join(outDir, 'evidence');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(evidenceDir, { recursive: true });

  // One target for the whole rehearsal: steps share it as the war room shares production.
  let env: Record<string, string> = { EVIDENCE_DIR: evidenceDir };
  let stop: () => Promise<void> = async () => {};
  if (target === 'reference') {
    const server = await startReferenceProcess({
      dataset: config.REFERENCE_DATASET,
      faults: values.faults,
      latency: config.REFERENCE_LATENCY,
      // Its dashboard's simulated users: the cutover window judges the target's own traffic only.
      extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT, '--user-traffic'],
    });
    env = {
      ...env,
      TARGET: 'reference',
      REFERENCE_FAULTS: values.faults,
      [TARGET_ENV.apiBase]: server.apiBase,
      [TARGET_ENV.legacyBase]: server.legacyBase,
      REFERENCE_LOGIN_LIMIT: SHARED_LOGIN_LIMIT,
    };
    stop = server.stop;
  } else if (target === 'compose') {
    const started = await startComposeTarget(config);
    env = {
      ...env,
      TARGET: 'external',
      API_V1_BASE: started.target.apiBase,
      LEGACY_BASE: started.target.legacyBase,
    };
    stop = started.tearDown;
  } else {
    env = { ...env, TARGET: 'external' };
  }

  process.stdout.write(
    `== Rehearsal of the production runbook against ${target} (window ${windowMinutes} min)\n`,
  );
  try {
    const result = await runRehearsal(
      rehearsalSteps({ windowMinutes, intervalSeconds }),
      async (step) => {
        const outcome = await runPlaywright({
          projects: step.run.projects,
          ...(step.run.grep ? { grep: step.run.grep } : {}),
          env: { ...env, ...step.run.env },
          runDir: path.join(outDir, step.id),
          timeoutMs: STEP_TIMEOUT_MS,
        });
        const ran = outcome.total - outcome.skipped.length;
        // The first line of each failure, so an inconclusive test reads as such in the report too.
        const withReason = (title: string) => {
          const message = outcome.failures.find((failure) => failure.title === title)?.message;
          return message ? `${title} (${message.split('\n')[0]})` : title;
        };
        const passed = outcome.globalErrors.length === 0 && outcome.failed.length === 0 && ran > 0;
        const detail = !passed
          ? (outcome.globalErrors[0] ??
            (outcome.failed.length > 0
              ? `failed: ${outcome.failed.map(withReason).join('; ')}`
              : 'no test ran'))
          : `${ran} passed${outcome.skipped.length > 0 ? `, ${outcome.skipped.length} excluded` : ''}`;
        return { passed, detail };
      },
      (outcome) => {
        process.stdout.write(
          `${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.step.id.padEnd(18)} ${outcome.seconds.toFixed(1).padStart(6)}s  ${outcome.step.runbook}  (${outcome.detail})\n`,
        );
      },
    );
    const summary = await summarizeEvidenceDir(evidenceDir, { generatedAt: new Date().toISOString() });
    const checklist = [
      `## Ensayo del runbook (${target}) ${new Date().toISOString()}`,
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
    writeFileSync(path.join(outDir, 'cutover-checklist-final.md'), checklist);
    writeFileSync(
      path.join(outDir, 'rehearsal.json'),
      `${JSON.stringify(rehearsalReport(target, result), null, 2)}\n`,
    );
    process.stdout.write(`\n${result.failed ? `STOPPED at ${result.failed.step.id}` : 'ALL STEPS PASSED'}\n`);
    process.stdout.write(`Instruccion del runbook: ${result.instruction}\n`);
    process.stdout.write(
      `Evidence: ${evidenceDir}\nChecklist block: ${path.join(outDir, 'cutover-checklist-final.md')}\nReport: ${path.join(outDir, 'rehearsal.json')}\n`,
    );
    return result.failed ? 1 : 0;
  } finally {
    await stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
