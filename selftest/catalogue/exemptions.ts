// Tests no catalogue entry names, each with the reason no planted fault shows it failing. A unit test
// (selftest/catalogue.test.ts) keeps this list and the catalogue covering every test of the suite,
// and refuses an exemption for a test a catalogue entry already names.

export const TEST_EXEMPTIONS: Record<string, string> = {
  'the evidence and report folders hold none of the tokens issued to this worker nor any password':
    "checks the suite's own artifacts, not the target; the run's real artifacts are scanned after it by src/reporting/secrets-reporter.ts, whose unit test fails a run on a leaked token; src/evidence/scan-run.test.ts shows the scan finding planted tokens",
  'login works for the admin account':
    'a target whose login fails breaks every gate at set-up (a broken run, never a detection); the login contract is caught by the auth gate',
  'login works for the analyst account':
    'a target whose login fails breaks every gate at set-up (a broken run, never a detection); the login contract is caught by the auth gate',
  'login works for the viewer account':
    'a target whose login fails breaks every gate at set-up (a broken run, never a detection); the login contract is caught by the auth gate',
  'login answers 429 RATE_LIMITED no later than the configured limit + 1 attempts':
    'the reference server has no switch to lift its login limit; src/clients/rate-pacing.test.ts covers the limit arithmetic',
  'login as admin answers the contract shape with the admin role and permissions':
    "a wrong login shape breaks every gate's login at set-up first; the zod schema is unit-tested in src/contract/v1.test.ts",
  'login as analyst answers the contract shape with the analyst role and permissions':
    "a wrong login shape breaks every gate's login at set-up first; the zod schema is unit-tested in src/contract/v1.test.ts",
  'login as viewer answers the contract shape with the viewer role and permissions':
    "a wrong login shape breaks every gate's login at set-up first; the zod schema is unit-tested in src/contract/v1.test.ts",
  "permission matrix: admin gets exactly what the contract's role table allows on every v1 read and export endpoint":
    'no reference fault takes a permission from admin yet; the matrix judge is unit-tested in src/contract/permissions.test.ts',
  'generated invalid login, refresh and revoke bodies are refused with 4xx, never 5xx':
    'no reference fault answers a malformed auth body with 5xx yet; the generator is unit-tested in src/contract/bad-input.test.ts',
  'invalid prize rules are refused with 422 INVALID_PAYLOAD and change nothing':
    'no reference fault accepts an invalid brokers payload yet',
  'invalid preferences are refused with 422 INVALID_PAYLOAD and change nothing':
    'no reference fault accepts invalid preferences yet',
  'generated invalid preference bodies are refused with 422 and change nothing':
    'no reference fault accepts invalid preferences yet',
  'the sessions the setup project stored are removed at the end of the run':
    "the suite's own housekeeping (deletes the tokens the setup project stored on the suite's side); no target behaviour can keep that file",
  'the run leaves the configuration and every preference as it found them':
    "checks the suite's own restore of what it wrote, not the target; src/brokers/restore.test.ts shows it failing, and config-not-validated must keep it green (mustPass)",
  'log in once per role and save the configuration and preferences as found':
    'the run set-up: it records problems for the tests that need what is missing instead of failing (a failed set-up would skip every gate)',
  'a filtered summary is a subset of the unfiltered one': 'no reference fault breaks filtering by subset yet',
  'a filter on a value that does not exist gives an empty but valid summary':
    'no reference fault answers an empty filter with an error or data yet',
  'the parity case set covers every endpoint and filter, against the legacy of the same dataset':
    "checks the suite's own parity case set and recordings, not the target; src/parity/cases.test.ts shows it failing",
  'portfolio summary: vigente + moroso and cobrador + debito equal total, byGestion adds up to the totals':
    'no reference fault breaks the portfolio sums yet',
  'rendimiento summary: every breakdown adds up to totalDebt and totalPaid, cp <= c, the paid matrix adds up to totalPaid':
    'no reference fault breaks the rendimiento sums yet',
  'brokers summary: rows sorted by month, supervisor, UN and via, totalContracts = sum of counts':
    'no reference fault breaks the brokers summary order or count yet',
  'the measured p95 lands within 5% of an injected 10% tail':
    "checks the suite's own load generator against its own reference server, never the run's target; src/perf/accuracy.test.ts shows it failing",
  'a 4% tail does not move the p95 over budget':
    "checks the suite's own load generator against its own reference server, never the run's target; src/perf/accuracy.test.ts shows it failing",
  'portfolio summary p95 is within budget, with no failed requests':
    'the same judge as the mora and rendimiento perf tests, which slow-analytics and analytics-5xx-3pct fail',
  'brokers summary p95 is within budget, with no failed requests':
    'the same judge as the mora and rendimiento perf tests, which slow-analytics and analytics-5xx-3pct fail',
  'login p95 is within budget, with no failed requests':
    'the same judge as the mora and rendimiento perf tests, which slow-analytics and analytics-5xx-3pct fail',
  'the rollback hook runs once exactly when the window fails':
    "checks the suite's own rollback hook, run by metrics-error-burst; it fails only if the suite's monitor mishandles the hook",
};

/** Tests a clean run of the default projects may skip against the bundled reference server: none. */
export const CLEAN_RUN_EXCLUSIONS: string[] = [];
