import type { CatalogueEntry } from './entry.ts';

// Short windows (30 s at 5 s intervals: 6 intervals) keep each run under a minute; the monitor's
// judging does not depend on the window length. Each run appends to its own CUTOVER_OUT_FILE.
const SHORT_WINDOW = { CUTOVER_WINDOW_MINUTES: '0.5', CUTOVER_INTERVAL_SECONDS: '5' };

/** The self-test's clean cutover run: the 1-minute window at 5-second intervals the issue asks CI for. */
export const CLEAN_CUTOVER_WINDOW = { CUTOVER_WINDOW_MINUTES: '1', CUTOVER_INTERVAL_SECONDS: '5' };

export const CUTOVER_FAULTS: CatalogueEntry[] = [
  {
    fault: 'mora-fallback-200',
    kind: 'fault',
    projects: ['perf', 'cutover'],
    mustFail: [
      'mora summary p95 is within budget, with no failed requests',
      'v1 analytics answered the data during the window: fallbacks and empty answers count as errors',
    ],
    env: { ...SHORT_WINDOW, CUTOVER_OUT_FILE: 'results/selftest/mora-fallback-200.jsonl' },
    symptom:
      'v1 mora answers 200 {"rows": [], "meta": {"source": "api-v1-fallback"}} now and then: perf mora and the cutover window count those 200s as errors',
    failsWith: /meta\.source "api-v1-fallback": a fallback, not the data/,
  },
  {
    fault: 'metrics-error-burst',
    kind: 'fault',
    projects: ['cutover'],
    mustFail: ['the cutover window stays within the runbook thresholds'],
    env: {
      ...SHORT_WINDOW,
      CUTOVER_OUT_FILE: 'results/selftest/metrics-error-burst.jsonl',
      // Harmless: proves the hook runs once on the failed window ('the rollback hook runs once
      // exactly when the window fails' checks it ran and exited 0).
      CUTOVER_ROLLBACK_CMD: 'node -e "process.exit(0)"',
    },
    symptom:
      'cutover monitor: one interval with 6 errors in 100+ portfolio summary requests (> 2%): window FAIL at that interval, rollback hook run once',
    failsWith: /window is a fail: .*\/analytics\/portfolio\/summary: error_rate_pct/,
  },
  {
    fault: 'legacy-anuales-500',
    kind: 'fault',
    projects: ['cutover'],
    mustFail: ['the cutover window stays within the runbook thresholds'],
    env: { ...SHORT_WINDOW, CUTOVER_OUT_FILE: 'results/selftest/legacy-anuales-500.jsonl' },
    symptom:
      'cutover monitor: a low-traffic endpoint (the yearly cohort report, about 5 requests an interval beside 40 on the portfolio summary) fails every request: the interval and the window FAIL, not pass on the busy endpoint',
    failsWith: /window is a fail: .*\/analytics\/anuales\/summary: error_rate_pct 100/,
  },
  {
    fault: 'metrics-frozen',
    kind: 'fault',
    projects: ['cutover'],
    mustFail: ['the cutover window stays within the runbook thresholds'],
    env: { ...SHORT_WINDOW, CUTOVER_OUT_FILE: 'results/selftest/metrics-frozen.jsonl' },
    symptom:
      'cutover monitor: the ops metrics counters never move: every interval and the window INCONCLUSIVE, not pass',
    failsWith: /window is inconclusive \(not a pass\)/,
  },
  {
    fault: 'metrics-reset',
    kind: 'fault',
    projects: ['cutover'],
    mustFail: ['no metrics counter reset happened during the window'],
    env: { ...SHORT_WINDOW, CUTOVER_OUT_FILE: 'results/selftest/metrics-reset.jsonl' },
    symptom:
      'cutover monitor: counters drop to zero with a new started_at mid-window: the reset is reported and the window still passes on the new baseline',
    failsWith: /metrics counter reset during the window/,
  },
];
