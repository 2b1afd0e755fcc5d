import { CHECK_FAILURES } from '../src/runner/failure-kind.ts';
import type { RunOutcome, TestFailure } from '../src/runner/outcome.ts';

export type EntryVerdict =
  | { verdict: 'detected'; failed: TestFailure[] }
  | { verdict: 'missed'; missing: string[]; failed: string[] }
  | { verdict: 'unrelated-failure'; failed: TestFailure[]; symptom: string }
  | { verdict: 'collateral'; failed: TestFailure[]; notPassed: string[] }
  | { verdict: 'green' }
  | { verdict: 'false-alarm'; failed: TestFailure[] }
  | { verdict: 'unlisted-skip'; skipped: string[] }
  | { verdict: 'broken-run'; reason: string };

export interface JudgedRun {
  kind: 'fault' | 'boundary' | 'clean';
  /** Titles of the tests that must fail on a check (fault runs). */
  mustFail: string[];
  /** Titles the run may exclude (skip); any other skipped test makes a clean or boundary run fail. */
  excluded?: string[];
  /** Titles that must still pass in a fault run (e.g. the target left as found despite the fault). */
  mustPass?: string[];
  /** What each named test's failure must say (the fault's symptom); see CatalogueEntry.failsWith. */
  failsWith?: RegExp;
}

function failureOf(outcome: RunOutcome, title: string): TestFailure {
  return (
    outcome.failures.find((failure) => failure.title === title) ?? {
      title,
      project: '',
      kind: 'error',
      message: 'failed without a recorded cause',
    }
  );
}

export function describeFailure(failure: TestFailure): string {
  return `"${failure.title}" (${failure.kind}: ${failure.message})`;
}

/**
 * A fault is detected only when every named test failed on a check (an assertion or a contract
 * check, src/runner/failure-kind.ts) saying what the fault does (the entry's `failsWith`). A named
 * test that timed out, could not set up or lost its connection measured nothing: the run is broken,
 * not a detection; so is a fault entry that names no test or no symptom. A boundary or clean run is
 * green only when something ran, nothing failed, and every skipped test is one the catalogue excludes.
 */
export function judgeRun(run: JudgedRun, outcome: RunOutcome): EntryVerdict {
  if (outcome.total === 0 || outcome.globalErrors.length > 0) {
    return { verdict: 'broken-run', reason: outcome.globalErrors[0] ?? 'no test ran' };
  }
  if (run.kind === 'fault') {
    if (run.mustFail.length === 0) return { verdict: 'broken-run', reason: 'catalogue entry names no test' };
    const symptom = run.failsWith;
    if (!symptom)
      return { verdict: 'broken-run', reason: "catalogue entry says nothing of the fault's symptom" };
    const missing = run.mustFail.filter((title) => !outcome.failed.includes(title));
    if (missing.length > 0) return { verdict: 'missed', missing, failed: outcome.failed };
    const named = run.mustFail.map((title) => failureOf(outcome, title));
    const broken = named.filter((failure) => !CHECK_FAILURES.includes(failure.kind));
    if (broken.length > 0) {
      return {
        verdict: 'broken-run',
        reason: `not a failed check: ${broken.map(describeFailure).join('; ')}`,
      };
    }
    const unrelated = named.filter((failure) => !symptom.test(failure.detail ?? failure.message));
    if (unrelated.length > 0) {
      return { verdict: 'unrelated-failure', failed: unrelated, symptom: String(symptom) };
    }
    const failed = outcome.failed.map((title) => failureOf(outcome, title));
    // Detected, but what must survive the fault (the target left as found) did not.
    const notPassed = (run.mustPass ?? []).filter((title) => !outcome.passed.includes(title));
    if (notPassed.length > 0) return { verdict: 'collateral', failed, notPassed };
    return { verdict: 'detected', failed };
  }
  if (outcome.failed.length > 0) {
    return { verdict: 'false-alarm', failed: outcome.failed.map((title) => failureOf(outcome, title)) };
  }
  const allowed = new Set(run.excluded ?? []);
  const unlisted = outcome.skipped.filter((title) => !allowed.has(title));
  if (unlisted.length > 0) return { verdict: 'unlisted-skip', skipped: unlisted };
  if (outcome.passed.length === 0) return { verdict: 'broken-run', reason: 'nothing passed' };
  return { verdict: 'green' };
}
