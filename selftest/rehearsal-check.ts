// Self-test of `npm run rehearsal -- --target reference`: a clean rehearsal passes every runbook step
// in order; with a fault planted it stops at the step that must catch it and prints that step's
// runbook instruction. The judging is pure (rehearsalProblems) so it is unit-tested.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALL_PASSED_INSTRUCTION, evidencePrefix, type RehearsalStep } from '../src/rehearsal/steps.ts';

export interface RehearsalRun {
  exitCode: number | null;
  stdout: string;
}

export interface RehearsalExpectation {
  steps: readonly RehearsalStep[];
  /** The step the planted fault must stop at; absent for the clean rehearsal. */
  stopAt?: string;
}

const STEP_LINE = /^(PASS|FAIL) {2}(\S+)/;

/** Reasons the rehearsal did not behave as expected; empty = as expected. */
export function rehearsalProblems(run: RehearsalRun, expected: RehearsalExpectation): string[] {
  const lines = run.stdout.split('\n');
  const reported = lines.flatMap((line) => {
    const match = STEP_LINE.exec(line);
    return match?.[1] && match[2] ? [{ passed: match[1] === 'PASS', id: match[2] }] : [];
  });
  const stopIndex = expected.stopAt ? expected.steps.findIndex((step) => step.id === expected.stopAt) : -1;
  if (expected.stopAt && stopIndex < 0) return [`no rehearsal step is called ${expected.stopAt}`];
  const ran = stopIndex >= 0 ? expected.steps.slice(0, stopIndex + 1) : expected.steps;
  const problems: string[] = [];

  const wantedIds = ran.map((step) => step.id).join(',');
  const gotIds = reported.map((step) => step.id).join(',');
  if (gotIds !== wantedIds) problems.push(`steps run: expected ${wantedIds}, got ${gotIds || 'none'}`);
  reported.forEach((step, index) => {
    const mustFail = stopIndex >= 0 && index === stopIndex;
    if (step.passed === mustFail) problems.push(`step ${step.id}: ${step.passed ? 'passed' : 'failed'}`);
  });

  const instruction = stopIndex >= 0 ? ran[stopIndex]?.onFailure : ALL_PASSED_INSTRUCTION;
  if (!lines.includes(`Instruccion del runbook: ${instruction}`))
    problems.push(`instruction: expected "${instruction}"`);
  const verdictLine = stopIndex >= 0 ? `STOPPED at ${expected.stopAt}` : 'ALL STEPS PASSED';
  if (!lines.includes(verdictLine)) problems.push(`no "${verdictLine}" line`);
  const exitCode = stopIndex >= 0 ? 1 : 0;
  if (run.exitCode !== exitCode) problems.push(`exit code ${run.exitCode}, expected ${exitCode}`);
  return problems;
}

export interface EvidenceFile {
  name: string;
  verdict: string;
}

/**
 * The evidence folder of a rehearsal: every step that ran left its own `<step id>-<gate>.json`;
 * the steps that passed recorded only passes, the step that stopped the rehearsal recorded a fail.
 */
export function rehearsalEvidenceProblems(
  run: RehearsalExpectation,
  files: readonly EvidenceFile[],
): string[] {
  const stopIndex = run.stopAt ? run.steps.findIndex((step) => step.id === run.stopAt) : -1;
  const ran = stopIndex >= 0 ? run.steps.slice(0, stopIndex + 1) : run.steps;
  const problems: string[] = [];
  ran.forEach((step, index) => {
    const own = files.filter((file) => file.name.startsWith(evidencePrefix(step.id)));
    if (own.length === 0) {
      problems.push(`step ${step.id}: no evidence file ${evidencePrefix(step.id)}<gate>.json`);
      return;
    }
    const verdicts = own.map((file) => `${file.name}: ${file.verdict}`);
    if (index === stopIndex) {
      if (!own.some((file) => file.verdict === 'fail'))
        problems.push(`step ${step.id}: no failed gate in ${verdicts.join(', ')}`);
    } else if (own.some((file) => file.verdict !== 'pass')) {
      problems.push(`step ${step.id}: ${verdicts.filter((line) => !line.endsWith(': pass')).join(', ')}`);
    }
  });
  const later = run.steps
    .slice(ran.length)
    .filter((step) => files.some((file) => file.name.startsWith(evidencePrefix(step.id))));
  if (later.length > 0)
    problems.push(`evidence of steps after the stop: ${later.map((step) => step.id).join(', ')}`);
  return problems;
}

/** The `<name>.json` files of an evidence folder with their verdicts (unreadable ones as such). */
export async function readEvidenceVerdicts(dir: string): Promise<EvidenceFile[]> {
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => {
      try {
        const record: unknown = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
        const verdict =
          typeof record === 'object' && record !== null && 'verdict' in record
            ? String(record.verdict)
            : 'none';
        return { name, verdict };
      } catch {
        return { name, verdict: 'unreadable' };
      }
    }),
  );
}

/** Runs the rehearsal CLI against the reference target (bounded by timeoutMs). */
export function runRehearsalCli(args: string[], timeoutMs: number): Promise<RehearsalRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/rehearsal.ts', ...args], {
      env: { ...process.env, TARGET: 'reference', REFERENCE_FAULTS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout });
    });
  });
}
