import type { RunOutcome } from '../src/runner/outcome.ts';

export { type RunOutcome, readOutcome } from '../src/runner/outcome.ts';

export type EntryVerdict =
  | { verdict: 'detected'; failed: string[] }
  | { verdict: 'missed'; missing: string[]; failed: string[] }
  | { verdict: 'green' }
  | { verdict: 'false-alarm'; failed: string[] }
  | { verdict: 'broken-run'; reason: string };

/**
 * A fault is detected only when every named test failed (a failure elsewhere is not "the right
 * test"). A boundary or clean run is green only when something ran and nothing failed.
 */
export function judgeRun(
  kind: 'fault' | 'boundary' | 'clean',
  mustFail: string[],
  outcome: RunOutcome,
): EntryVerdict {
  if (outcome.total === 0 || outcome.globalErrors.length > 0) {
    return { verdict: 'broken-run', reason: outcome.globalErrors[0] ?? 'no test ran' };
  }
  if (kind === 'fault') {
    const missing = mustFail.filter((title) => !outcome.failed.includes(title));
    if (mustFail.length === 0) return { verdict: 'broken-run', reason: 'catalogue entry names no test' };
    return missing.length === 0
      ? { verdict: 'detected', failed: outcome.failed }
      : { verdict: 'missed', missing, failed: outcome.failed };
  }
  if (outcome.passed.length === 0) return { verdict: 'broken-run', reason: 'nothing passed' };
  return outcome.failed.length === 0
    ? { verdict: 'green' }
    : { verdict: 'false-alarm', failed: outcome.failed };
}
