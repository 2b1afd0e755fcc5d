// Reads Playwright's JSON report (and the failure reporter's classification) into the few facts
// the self-test and the rehearsal judge.
import { z } from 'zod';
import { FAILURE_KINDS } from './failure-kind.ts';

const TestResult = z.object({ status: z.string() }).loose();
const TestEntry = z
  .object({
    projectName: z.string(),
    status: z.string(),
    results: z.array(TestResult),
    annotations: z.array(z.unknown()).optional(),
  })
  .loose();
const Spec = z.object({ title: z.string(), file: z.string(), tests: z.array(TestEntry) }).loose();
interface SuiteNode {
  title: string;
  specs?: z.infer<typeof Spec>[];
  suites?: SuiteNode[];
}
const SuiteSchema: z.ZodType<SuiteNode> = z.lazy(() =>
  z
    .object({ title: z.string(), specs: z.array(Spec).optional(), suites: z.array(SuiteSchema).optional() })
    .loose(),
);
export const PlaywrightJsonReport = z
  .object({
    suites: z.array(SuiteSchema),
    errors: z.array(z.object({ message: z.string().optional() }).loose()),
  })
  .loose();

export const TestFailure = z.object({
  title: z.string(),
  /** The test's project (a self-test batch reads each entry's failures from its own projects). */
  project: z.string(),
  kind: z.enum(FAILURE_KINDS),
  message: z.string(),
  /** The whole first error message (src/runner/failure-kind.ts), where the fault's symptom is read. */
  detail: z.string().optional(),
});
export type TestFailure = z.infer<typeof TestFailure>;

export interface RunOutcome {
  total: number;
  passed: string[];
  failed: string[];
  skipped: string[];
  /** Errors outside any test (config, web server). */
  globalErrors: string[];
  /** Why each failed test failed (absent when the failure reporter did not run). */
  failures: TestFailure[];
}

/** Test status: Playwright marks a test 'unexpected' when it failed, 'flaky' when a retry passed. */
export function readOutcome(
  report: unknown,
  failures: TestFailure[] = [],
  inProject: (project: string) => boolean = () => true,
): RunOutcome {
  const parsed = PlaywrightJsonReport.parse(report);
  const outcome: RunOutcome = {
    total: 0,
    passed: [],
    failed: [],
    skipped: [],
    globalErrors: [],
    failures: failures.filter((failure) => inProject(failure.project)),
  };
  const visit = (suite: SuiteNode) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests.filter((entry) => inProject(entry.projectName))) {
        outcome.total += 1;
        if (test.status === 'expected') outcome.passed.push(spec.title);
        else if (test.status === 'skipped') outcome.skipped.push(spec.title);
        else outcome.failed.push(spec.title);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of parsed.suites) visit(suite);
  outcome.globalErrors = parsed.errors.map(
    (error) => (error.message ?? 'unknown error').split('\n')[0] ?? '',
  );
  return outcome;
}
