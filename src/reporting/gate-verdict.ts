// A gate's verdict from its tests' outcomes, shared by the evidence records and the run summary.
import type { EvidenceRecord } from '../evidence/record.ts';
import { INCONCLUSIVE_ANNOTATION } from './annotations.ts';

/** What a gate's tests came to: one line per test checked, and the failing/inconclusive/excluded ones. */
export interface GateTests {
  checked: string[];
  failures: string[];
  inconclusive: string[];
  excluded: string[];
}

/**
 * What one test's result counts as: a test that said it had too little data to judge (its
 * inconclusive annotation) is inconclusive whether it failed on it (as it must) or not, never a
 * plain failure nor a pass; the same in the evidence and the run summary as in JUnit and HTML, where
 * its failure message says inconclusive.
 */
export function resultKind(
  status: string,
  annotations: readonly { type: string }[],
): 'passed' | 'excluded' | 'failed' | 'inconclusive' {
  if (status === 'skipped') return 'excluded';
  if (annotations.some((annotation) => annotation.type === INCONCLUSIVE_ANNOTATION)) return 'inconclusive';
  return status === 'passed' ? 'passed' : 'failed';
}

/**
 * A gate's verdict from its tests: fail on any failure, inconclusive when a test said so or nothing
 * ran, partial (never a plain pass) when some of its checks were excluded.
 */
export function gateVerdict(run: GateTests): { verdict: EvidenceRecord['verdict']; reasons: string[] } {
  const ran = run.checked.length - run.excluded.length;
  if (run.failures.length > 0) return { verdict: 'fail', reasons: [...run.failures, ...run.inconclusive] };
  if (run.inconclusive.length > 0 || ran === 0) {
    return {
      verdict: 'inconclusive',
      reasons: [...run.inconclusive, ...(ran === 0 ? ['no test of this gate ran'] : [])],
    };
  }
  if (run.excluded.length > 0) {
    return { verdict: 'partial', reasons: [partialLine(ran, run.checked.length), ...run.excluded] };
  }
  return { verdict: 'pass', reasons: [] };
}

/** How a gate that passed with exclusions is said, in its evidence and in the run summary. */
function partialLine(ran: number, total: number): string {
  return `partial: ${ran} of ${total} checks ran`;
}
