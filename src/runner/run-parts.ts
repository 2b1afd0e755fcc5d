// A run of the suite's gates, split so that only what measures latency needs the machine to itself
// (self-test, rehearsal): the perf gate's figures move with any other load, the other gates' do not.
import type { RunOutcome } from './outcome.ts';

/** Gates whose tests measure latency. */
const LATENCY_GATES = ['perf'];
/**
 * Gates that follow the perf gate in the same run: the login burst and the lockout fill the
 * target's login window, which the perf gate's login load needs free (playwright.config.ts runs
 * them last for the same reason).
 */
const AFTER_LATENCY_GATES = ['auth-limits'];

export interface RunPart {
  projects: string[];
  measuresLatency: boolean;
}

/**
 * The projects in the order they must run: first those that may share the machine, then the perf
 * gate with what must follow it. Without the perf gate, one part with every project.
 */
export function splitByLatency(projects: readonly string[]): RunPart[] {
  if (!projects.some((project) => LATENCY_GATES.includes(project))) {
    return [{ projects: [...projects], measuresLatency: false }];
  }
  const alone = [...LATENCY_GATES, ...AFTER_LATENCY_GATES];
  const shared = projects.filter((project) => !alone.includes(project));
  const measured = alone.filter((project) => projects.includes(project));
  return [
    ...(shared.length > 0 ? [{ projects: shared, measuresLatency: false }] : []),
    { projects: measured, measuresLatency: true },
  ];
}

/** One outcome for a run made of several Playwright runs (each has its own setup and teardown). */
export function mergeOutcomes(outcomes: readonly RunOutcome[]): RunOutcome {
  return {
    total: outcomes.reduce((sum, outcome) => sum + outcome.total, 0),
    passed: outcomes.flatMap((outcome) => outcome.passed),
    failed: outcomes.flatMap((outcome) => outcome.failed),
    skipped: outcomes.flatMap((outcome) => outcome.skipped),
    globalErrors: outcomes.flatMap((outcome) => outcome.globalErrors),
    failures: outcomes.flatMap((outcome) => outcome.failures),
  };
}
