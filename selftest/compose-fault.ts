// `npm run selftest:compose -- --fault NAME`: one entry of the self-test's fault catalogue against the
// compose stack. The fault is planted through the stack's environment (REFERENCE_FAULTS, which the
// reference stack hands to both services), the entry's gate(s) run with TARGET=compose, and the
// entry's named test(s) must fail. Only the named tests run (the gates' other tests have their green
// run in the compose runs before this one), which keeps the check short. Run it where the stack can be brought up and reached: through
// scripts/run-with-engine.sh, as the npm script does. Exit 0 only when the fault was caught.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPlaywright } from '../src/runner/playwright-run.ts';
import { CATALOGUE } from './catalogue.ts';
import { grepForTitles } from './focus.ts';
import { describeFailure, judgeRun } from './report.ts';

const OUT_DIR = 'results/selftest-compose';
const RUN_TIMEOUT_MS = 10 * 60_000;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { fault: { type: 'string' } } });
  const entry = CATALOGUE.find((candidate) => candidate.fault === values.fault && candidate.kind === 'fault');
  if (!entry) {
    const known = CATALOGUE.filter((candidate) => candidate.kind === 'fault').map(
      (candidate) => candidate.fault,
    );
    process.stderr.write(`--fault must name a fault of the catalogue: ${known.join(', ')}\n`);
    return 2;
  }
  const started = Date.now();
  const outcome = await runPlaywright({
    projects: entry.projects,
    grep: grepForTitles(entry.mustFail),
    env: { ...entry.env, TARGET: 'compose', REFERENCE_FAULTS: entry.fault },
    runDir: path.join(OUT_DIR, entry.fault),
    timeoutMs: RUN_TIMEOUT_MS,
  });
  // Judged as the self-test judges it: each named test fails on a check saying the fault's symptom.
  const verdict = judgeRun(
    { kind: 'fault', mustFail: entry.mustFail, ...(entry.failsWith ? { failsWith: entry.failsWith } : {}) },
    outcome,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = `compose fault ${entry.fault} (${entry.projects.join(', ')}, ${outcome.total} tests, ${seconds} s):`;
  switch (verdict.verdict) {
    case 'detected':
      process.stdout.write(
        `${line} detected by ${verdict.failed
          .filter((failure) => entry.mustFail.includes(failure.title))
          .map(describeFailure)
          .join('; ')}\n`,
      );
      return 0;
    case 'missed':
      process.stdout.write(
        `${line} MISSED: expected ${verdict.missing.map((title) => `"${title}"`).join(', ')} to fail; failed: ${verdict.failed.join(', ') || 'nothing'}\n`,
      );
      return 1;
    case 'unrelated-failure':
      process.stdout.write(
        `${line} FAILED FOR ANOTHER REASON (must say ${verdict.symptom}): ${verdict.failed.map(describeFailure).join('; ')}\n`,
      );
      return 1;
    case 'broken-run':
      process.stdout.write(`${line} BROKEN RUN: ${verdict.reason}\n`);
      return 1;
    default:
      process.stdout.write(`${line} unexpected verdict ${verdict.verdict}\n`);
      return 1;
  }
}

process.exitCode = await main();
