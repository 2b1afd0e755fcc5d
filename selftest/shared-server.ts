// Self-test checks that need one reference server across runs: stability (the whole suite several
// times in a row: all green, every test with the same outcome in every run, server state identical
// before and after) and the read-only proof (a production-like run sends no write to the target).
import { z } from 'zod';
import type { RunOutcome } from '../src/runner/outcome.ts';

export const ReferenceState = z.object({ fingerprint: z.string().min(1) }).loose();
export const ReferenceRequestLog = z
  .object({ requests: z.array(z.object({ app: z.string(), method: z.string(), path: z.string() }).loose()) })
  .loose();

/**
 * What a read-only run may send besides GETs: logins and the suite's own sessions' refresh/revoke,
 * and the analytics/export POSTs, which read (the runbook's read-only set).
 */
const READ_ONLY_NON_GET = [
  /^api POST \/api\/v1\/auth\/(login|refresh|revoke)$/,
  /^api POST \/api\/v1\/analytics\//,
  /^legacy POST \/api\/brokers\/summary$/,
];

export function writesIn(log: z.infer<typeof ReferenceRequestLog>): string[] {
  return log.requests
    .map((entry) => `${entry.app} ${entry.method} ${entry.path}`)
    .filter((line) => !READ_ONLY_NON_GET.some((allowed) => allowed.test(line)));
}

export interface StabilityInput {
  outcomes: RunOutcome[];
  fingerprintBefore: string;
  fingerprintAfter: string;
  /** Tests the runs after the first leave out on purpose: absent there is no difference. */
  leftOutAfterFirst?: readonly string[];
}

type TestStatus = 'passed' | 'failed' | 'skipped' | 'absent';

function statusIn(outcome: RunOutcome, title: string): TestStatus {
  if (outcome.passed.includes(title)) return 'passed';
  if (outcome.failed.includes(title)) return 'failed';
  if (outcome.skipped.includes(title)) return 'skipped';
  return 'absent';
}

/**
 * Tests whose outcome is not the same in every run, each with its outcome per run; a test in
 * `leftOutAfterFirst` is compared only where it ran after the first run.
 */
export function outcomeDifferences(
  outcomes: RunOutcome[],
  leftOutAfterFirst: readonly string[] = [],
): string[] {
  const titles = new Set(
    outcomes.flatMap((outcome) => [...outcome.passed, ...outcome.failed, ...outcome.skipped]),
  );
  const differences: string[] = [];
  for (const title of titles) {
    const statuses = outcomes.map((outcome) => statusIn(outcome, title));
    const compared = leftOutAfterFirst.includes(title)
      ? statuses.filter((status, index) => index === 0 || status !== 'absent')
      : statuses;
    if (new Set(compared).size > 1) differences.push(`"${title}": ${statuses.join(', ')}`);
  }
  return differences;
}

/** Reasons the stability check fails; empty = stable. */
export function stabilityProblems({
  outcomes,
  fingerprintBefore,
  fingerprintAfter,
  leftOutAfterFirst = [],
}: StabilityInput): string[] {
  const problems: string[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.total === 0 || outcome.globalErrors.length > 0) {
      problems.push(`run ${index + 1} broken: ${outcome.globalErrors[0] ?? 'no test ran'}`);
    }
    if (outcome.failed.length > 0) problems.push(`run ${index + 1} failed: ${outcome.failed.join(', ')}`);
  });
  const differences = outcomeDifferences(outcomes, leftOutAfterFirst);
  if (differences.length > 0) problems.push(`test outcomes differ between runs: ${differences.join('; ')}`);
  if (fingerprintBefore !== fingerprintAfter) {
    problems.push(
      `server state changed: fingerprint ${fingerprintBefore.slice(0, 12)} -> ${fingerprintAfter.slice(0, 12)}`,
    );
  }
  return problems;
}

/** Reasons the read-only proof fails; empty = proven. */
export function readOnlyProblems(outcome: RunOutcome, writes: string[]): string[] {
  const problems: string[] = [];
  if (outcome.total === 0 || outcome.globalErrors.length > 0) {
    problems.push(`run broken: ${outcome.globalErrors[0] ?? 'no test ran'}`);
  }
  if (outcome.failed.length > 0) problems.push(`failed: ${outcome.failed.join(', ')}`);
  if (outcome.skipped.length === 0) problems.push('no test was excluded: the read-only rules did not apply');
  if (writes.length > 0)
    problems.push(`write requests reached the target: ${[...new Set(writes)].join(', ')}`);
  return problems;
}
