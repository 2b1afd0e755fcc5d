// Every Playwright test of the suite (all projects, the opt-in cutover one included), listed by
// Playwright itself so the catalogue's coverage is checked against the real test titles.
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { PlaywrightJsonReport } from '../src/runner/outcome.ts';

/** The projects of a run without a project filter (setup and teardown come as their dependencies). */
export const DEFAULT_PROJECTS = [
  'permissions',
  'smoke',
  'auth',
  'brokers',
  'preferences',
  'analytics',
  'perf',
  'auth-limits',
];
/** Those and the opt-in cutover project. */
const SUITE_PROJECTS = [...DEFAULT_PROJECTS, 'cutover'];

export interface SuiteTest {
  project: string;
  file: string;
  title: string;
  /** As written in the tests, e.g. '@perf'. */
  tags: string[];
}

const ListedSpec = z.object({
  title: z.string(),
  file: z.string(),
  tags: z.array(z.string()),
  tests: z.array(z.object({ projectName: z.string() }).loose()),
});

export function listSuiteTests(): SuiteTest[] {
  const listed = spawnSync(
    process.execPath,
    [
      'node_modules/@playwright/test/cli.js',
      'test',
      '--list',
      '--reporter=json',
      ...SUITE_PROJECTS.flatMap((project) => ['--project', project]),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, TARGET: 'reference', SUITE_INCLUDE_CUTOVER: '1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (listed.status !== 0) throw new Error(`playwright --list failed: ${listed.stderr}`);
  const report = PlaywrightJsonReport.parse(JSON.parse(listed.stdout));
  const tests: SuiteTest[] = [];
  const visit = (suite: { specs?: unknown[]; suites?: unknown[] }) => {
    for (const raw of suite.specs ?? []) {
      const spec = ListedSpec.parse(raw);
      for (const test of spec.tests)
        tests.push({
          project: test.projectName,
          file: spec.file,
          title: spec.title,
          // The JSON report drops the '@' the tests are tagged with.
          tags: spec.tags.map((tag) => `@${tag}`),
        });
    }
    for (const child of suite.suites ?? []) visit(child as typeof suite);
  };
  for (const suite of report.suites) visit(suite);
  return tests;
}
