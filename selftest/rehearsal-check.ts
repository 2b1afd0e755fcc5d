// Self-test of `npm run rehearsal -- --target reference`: a clean rehearsal passes every runbook step
// in order; with a fault planted it stops at the step that must catch it with that step's runbook
// instruction, and the evidence folder shows the same. Judged from the rehearsal's own report
// (`rehearsal.json`) and evidence records, by pure functions that are unit-tested.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceRecord } from '../src/evidence/record.ts';
import { readEvidenceDir } from '../src/evidence/writer.ts';
import {
  ALL_PASSED_INSTRUCTION,
  evidencePrefix,
  type RehearsalReport,
  RehearsalReportSchema,
  type RehearsalStep,
} from '../src/rehearsal/steps.ts';
import { type SlotKind, STEP_SLOTS_ENV, serveSlots } from '../src/runner/step-slots.ts';

export interface RehearsalExpectation {
  steps: readonly RehearsalStep[];
  /** The step the planted fault must stop at; absent for the clean rehearsal. */
  stopAt?: string;
}

/** The steps that must have run: all, or up to and including the one that must stop the rehearsal. */
function expectedRun(expected: RehearsalExpectation): { ran: readonly RehearsalStep[]; stopIndex: number } {
  const stopIndex = expected.stopAt ? expected.steps.findIndex((step) => step.id === expected.stopAt) : -1;
  return { ran: stopIndex >= 0 ? expected.steps.slice(0, stopIndex + 1) : expected.steps, stopIndex };
}

/** Reasons the rehearsal did not behave as expected; empty = as expected. */
export function rehearsalProblems(
  exitCode: number | null,
  report: RehearsalReport,
  expected: RehearsalExpectation,
): string[] {
  if (expected.stopAt && !expected.steps.some((step) => step.id === expected.stopAt))
    return [`no rehearsal step is called ${expected.stopAt}`];
  const { ran, stopIndex } = expectedRun(expected);
  const problems: string[] = [];

  const wantedIds = ran.map((step) => step.id).join(',');
  const gotIds = report.steps.map((step) => step.id).join(',');
  if (gotIds !== wantedIds) problems.push(`steps run: expected ${wantedIds}, got ${gotIds || 'none'}`);
  report.steps.forEach((step, index) => {
    const mustFail = index === stopIndex;
    if (step.passed === mustFail)
      problems.push(`step ${step.id}: ${step.passed ? 'passed' : `failed (${step.detail})`}`);
  });
  const stoppedAt = expected.stopAt ?? null;
  if (report.stoppedAt !== stoppedAt) problems.push(`stopped at ${report.stoppedAt}, expected ${stoppedAt}`);
  const instruction = stopIndex >= 0 ? ran[stopIndex]?.onFailure : ALL_PASSED_INSTRUCTION;
  if (report.instruction !== instruction) problems.push(`instruction: expected "${instruction}"`);
  const wantedExit = stopIndex >= 0 ? 1 : 0;
  if (exitCode !== wantedExit) problems.push(`exit code ${exitCode}, expected ${wantedExit}`);
  return problems;
}

/**
 * The evidence of a rehearsal: every step that ran left its own `<step id>-<gate>` records; the
 * steps that passed recorded only passes, the step that stopped the rehearsal recorded a fail.
 */
export function rehearsalEvidenceProblems(
  expected: RehearsalExpectation,
  records: readonly Pick<EvidenceRecord, 'gate' | 'verdict'>[],
): string[] {
  const { ran, stopIndex } = expectedRun(expected);
  const ownRecords = (step: RehearsalStep) =>
    records.filter((record) => record.gate.startsWith(evidencePrefix(step.id)));
  const problems: string[] = [];
  ran.forEach((step, index) => {
    const own = ownRecords(step);
    if (own.length === 0) {
      problems.push(`step ${step.id}: no evidence record ${evidencePrefix(step.id)}<gate>`);
      return;
    }
    const verdicts = own.map((record) => `${record.gate}: ${record.verdict}`);
    if (index === stopIndex) {
      if (!own.some((record) => record.verdict === 'fail'))
        problems.push(`step ${step.id}: no failed gate in ${verdicts.join(', ')}`);
    } else if (own.some((record) => record.verdict !== 'pass')) {
      problems.push(`step ${step.id}: ${verdicts.filter((line) => !line.endsWith(': pass')).join(', ')}`);
    }
  });
  const later = expected.steps.slice(ran.length).filter((step) => ownRecords(step).length > 0);
  if (later.length > 0)
    problems.push(`evidence of steps after the stop: ${later.map((step) => step.id).join(', ')}`);
  return problems;
}

export interface RehearsalRunOptions {
  /** Longest a step (or the time between two) may take; waits for a slot do not count. */
  timeoutMs: number;
  /** Environment added to the rehearsal's (its Playwright runs inherit it). */
  env?: Record<string, string>;
  /** Runs one of the rehearsal's Playwright runs in a slot of the self-test (src/runner/step-slots.ts). */
  inSlot: (kind: SlotKind, step: () => Promise<void>) => Promise<unknown>;
}

/** Runs the rehearsal CLI into `outDir` and judges its report and evidence. */
export async function checkRehearsal(
  args: string[],
  outDir: string,
  expected: RehearsalExpectation,
  options: RehearsalRunOptions,
): Promise<string[]> {
  const { exitCode, output } = await runRehearsalCli([...args, '--out', outDir], options);
  let report: RehearsalReport;
  try {
    report = RehearsalReportSchema.parse(
      JSON.parse(await readFile(path.join(outDir, 'rehearsal.json'), 'utf8')),
    );
  } catch (error) {
    return [`no readable rehearsal.json (exit ${exitCode}: ${output.slice(-500)}): ${String(error)}`];
  }
  const evidence = await readEvidenceDir(path.join(outDir, 'evidence'));
  return [
    ...rehearsalProblems(exitCode, report, expected),
    ...evidence.problems,
    ...rehearsalEvidenceProblems(expected, evidence.records),
  ];
}

function runRehearsalCli(
  args: string[],
  { timeoutMs, env = {}, inSlot }: RehearsalRunOptions,
): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/rehearsal.ts', ...args], {
      env: { ...process.env, ...env, TARGET: 'reference', REFERENCE_FAULTS: '', [STEP_SLOTS_ENV]: 'ipc' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // The rehearsal is stopped when it makes no progress for timeoutMs: one step, or the time
    // between two, runs too long. Waiting for a slot is not its doing: the clock stops meanwhile.
    let timer: NodeJS.Timeout | undefined;
    const watch = (on: boolean) => {
      clearTimeout(timer);
      timer = on ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    };
    watch(true);
    serveSlots(child, (kind, step) => {
      watch(false);
      return inSlot(kind, async () => {
        watch(true);
        try {
          await step();
        } finally {
          watch(true);
        }
      });
    });
    // Only the tail is kept: it explains a rehearsal that wrote no report.
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('close', (exitCode) => {
      watch(false);
      resolve({ exitCode, output });
    });
  });
}
