import { defineConfig, type Project } from '@playwright/test';
import { loadConfig, withoutSecrets } from './src/config.ts';
import type { SuiteOptions } from './src/fixtures.ts';
import { newRunId } from './src/run/setup-record.ts';
import { faultBatchOf, faultBatchProjects } from './src/runner/fault-batch.ts';
import { composeWebServer, playwrightRetryCommand } from './src/targets/compose-web-server.ts';
import { referenceWebServer } from './src/targets/reference.ts';
import { TARGET_ENV } from './src/targets/target.ts';

// Parsed once, before any test: a bad variable stops the run here with its name and accepted forms.
const config = loadConfig();

// The cutover window monitor is long and opt-in (SUITE_INCLUDE_CUTOVER=1): the configuration, not
// the command line, chooses the projects, so the runner and its workers see the same list.
const includeCutover = config.SUITE_INCLUDE_CUTOVER;

// The self-test's fault runs, several in one run (src/runner/fault-batch.ts): each on a server of its own.
const faultBatch = faultBatchOf(process.env);

// One id per run, handed to the workers: names the sessions the setup project stores and the state
// snapshot it saves (src/run/setup-record.ts).
process.env[TARGET_ENV.runId] ??= newRunId();

// Run order (one worker runs projects in this order), set by the target's rate budgets (contract: 10
// logins and 30 writes per 60 s per client, refused and anonymous writes counted): no gate writes more
// than one window holds, and each write-heavy gate meets a window the ones before it have emptied.
// brokers (the config writes, about 30) first; perf, which neither logs in nor writes, lets them and
// the setup's logins leave their windows before auth (the logins and token writes); analytics (its
// exports; against a real system the longest gate) and smoke (no write) let auth's writes leave before
// the preference writes (their own project, split from brokers so that neither is more than a window)
// and the permission matrix (about 20 writes, no login).
// A read-only run (production) sends no config or preference write, so brokers and preferences
// hardly run and auth would start seconds after the setup: its logins would fill the setup's login
// window and wait most of a minute. There, auth goes last, once the setup's logins have left their
// window, and analytics first, so that its exports open the write window early. Measured with the
// contract's limits: the reference server 127 s -> 72 s; the customer's system, whose slower
// analytics sends its last exports half a minute in, 92 s -> 89 to 96 s (within a run's spread).
const GATE_ORDER = ['brokers', 'perf', 'auth', 'analytics', 'smoke', 'preferences', 'permissions'] as const;
type Gate = (typeof GATE_ORDER)[number];
// Derived, not listed again, so a gate added above can never be left out of production runs.
const MOVED_WHEN_READ_ONLY: readonly Gate[] = ['brokers', 'analytics', 'auth'];
const READ_ONLY_GATE_ORDER: readonly Gate[] = [
  'brokers',
  'analytics',
  ...GATE_ORDER.filter((gate) => !MOVED_WHEN_READ_ONLY.includes(gate)),
  'auth',
];
const gates = config.writesAllowed ? GATE_ORDER : READ_ONLY_GATE_ORDER;
/** The projects whose tests live in another gate's folder: the matrix is part of the auth gate, the
 * preferences of the brokers gate. */
const GATE_DIRS: Partial<Record<Gate, string>> = {
  permissions: 'auth',
  preferences: 'brokers',
};
const PERMISSION_MATRIX_SPEC = '**/permission-matrix.spec.ts';
const PREFERENCES_SPEC = '**/preferences.spec.ts';
// The lockout and the login-limit burst fill the target's login window: they run last, in a project
// of their own after every gate (one worker runs projects in this order), so no test waits for the
// window they filled; the per-target pacing history tells the next run's logins when it is free.
const AUTH_LIMIT_TESTS = /@destructive/;
// Every gate depends on the setup project (one login per role, the state snapshot); its teardown
// project runs after them all and checks the target is left as found.
const runSetup = ['setup'];

const suiteProjects: Project<SuiteOptions>[] = [
  { name: 'setup', testDir: 'tests/setup', testMatch: '**/*.setup.ts', teardown: 'teardown' },
  { name: 'teardown', testDir: 'tests/setup', testMatch: '**/*.teardown.ts' },
  ...gates.map((gate) => ({
    name: gate,
    testDir: `tests/${GATE_DIRS[gate] ?? gate}`,
    dependencies: runSetup,
    ...(gate === 'permissions' ? { testMatch: PERMISSION_MATRIX_SPEC } : {}),
    ...(gate === 'preferences' ? { testMatch: PREFERENCES_SPEC } : {}),
    ...(gate === 'auth'
      ? { grepInvert: AUTH_LIMIT_TESTS, testIgnore: ['**/*.test.ts', PERMISSION_MATRIX_SPEC] }
      : {}),
    ...(gate === 'brokers' ? { testIgnore: ['**/*.test.ts', PREFERENCES_SPEC] } : {}),
  })),
  { name: 'auth-limits', testDir: 'tests/auth', grep: AUTH_LIMIT_TESTS, dependencies: runSetup },
  ...(includeCutover
    ? [{ name: 'cutover', testDir: 'tests/cutover', timeout: 0, dependencies: runSetup }]
    : []),
];

export default defineConfig<SuiteOptions>({
  testDir: 'tests',
  testMatch: '**/*.spec.ts',
  // vitest owns *.test.ts files beside the code.
  testIgnore: ['**/*.test.ts'],
  // A flaky pass hides a defect: functional tests never retry.
  retries: 0,
  // Gates share the target's state (brokers config, preferences, rate-limit budgets) as on the real
  // system; one worker keeps a run deterministic and perf figures undisturbed.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  outputDir: 'results/test-output',
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'results/html' }],
    ['junit', { outputFile: 'results/junit.xml' }],
    ['json', { outputFile: 'results/report.json' }],
    ['./src/reporting/run-header.ts'],
    ['./src/reporting/evidence-reporter.ts'],
    // Last: scans what the reporters above wrote and fails the run on a token or password in it.
    ['./src/reporting/secrets-reporter.ts'],
  ],
  // The fixtures' configuration comes from here (option fixtures), never from the environment in a
  // fixture: the settings without passwords, which the logins read from the environment themselves.
  use: { extraHTTPHeaders: { accept: 'application/json' }, suiteSettings: withoutSecrets(config) },
  // In the JSON report: `npm run figures` finds the run's pacing ledger by it.
  metadata: { runId: process.env[TARGET_ENV.runId] },
  // A reference server already running (the self-test's stability and read-only runs, the
  // rehearsal) is reused when its URLs are given; otherwise Playwright starts one. TARGET=compose:
  // the stack's owner is a webServer too, so it outlives every worker and is stopped after the run.
  ...(config.TARGET === 'reference' && !process.env[TARGET_ENV.apiBase] && !faultBatch
    ? { webServer: referenceWebServer(config, { userTraffic: includeCutover }) }
    : {}),
  ...(config.TARGET === 'compose'
    ? { webServer: composeWebServer(config, playwrightRetryCommand(config)) }
    : {}),
  projects: faultBatch
    ? faultBatchProjects(suiteProjects, faultBatch, withoutSecrets(config))
    : suiteProjects,
});
