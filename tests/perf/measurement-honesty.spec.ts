import type { SuiteConfig } from '../../src/config.ts';
import { V1_PATHS } from '../../src/contract/endpoints.ts';
import { needsReferenceTarget } from '../../src/exclusions.ts';
import { excludeWhen, expect, type OwnReferenceServer, test } from '../../src/gate-fixtures/perf.ts';
import { runAccuracyCheck } from '../../src/perf/accuracy.ts';
import { measureGeneratorCeiling } from '../../src/perf/ceiling.ts';
import { HEALTH_PATH } from '../../src/perf/endpoints.ts';
import { budgetFor, GENERATOR_SATURATION_RATIO } from '../../src/perf/judge.ts';
import { TARGET_INDEPENDENT_TAG } from '../../src/perf/target-independent.ts';

// Measurement honesty: the p95 the suite reports agrees with ground truth. Each test starts
// a reference server of its own with a known latency injection (never the run's target, never its
// faults), loads the delayed endpoint, and compares with the injected distribution (docs/perf.md).

const DELAYED = `/api/v1${V1_PATHS.moraSummary}`;
const TEN_PERCENT = `${DELAYED}=1500,p=0.1`;
const FOUR_PERCENT = `${DELAYED}=1500,p=0.04`;
/** Enough connections that the 20 delayed requests overlap and the run stays a few seconds long. */
const LOAD = { samples: 200, connections: 20, durationSeconds: 20 } as const;
/** 8 delayed requests overlap on fewer connections; less queueing keeps the undelayed p95 honest. */
const TAIL_LOAD = { ...LOAD, connections: 10 } as const;

type Load = typeof LOAD | typeof TAIL_LOAD;
type Accuracy = Awaited<ReturnType<typeof runAccuracyCheck>>;

/** One step: `load` against the delayed endpoint of our own server, compared with its injection. */
function loadDelayedEndpoint(server: OwnReferenceServer, config: SuiteConfig, load: Load): Promise<Accuracy> {
  return test.step(`load mora summary: ${load.samples} requests on ${load.connections} connections`, () =>
    runAccuracyCheck({
      apiBase: server.apiBase,
      latencySpec: server.latency,
      username: config.E2E_ADMIN_USER,
      password: config.E2E_ADMIN_PASSWORD,
      ...load,
    }));
}

/** The injection as the evidence states it. */
function injected(accuracy: Accuracy): string {
  return `${accuracy.injection.fraction * 100}% of POST ${accuracy.injection.endpoint} +${accuracy.injection.delayMs} ms`;
}

/** Every request answered and counted; no delayed response lost (the tail is really there). */
function expectNothingLost(accuracy: Accuracy, load: Load): void {
  expect(accuracy.non2xx + accuracy.errors, 'failed requests while measuring').toBe(0);
  expect(accuracy.samples).toBe(load.samples);
  expect(accuracy.delayedObserved, 'delayed responses lost (observed vs injected)').toBeGreaterThanOrEqual(
    accuracy.delayedExpected,
  );
}

test.describe('measurement honesty', { tag: ['@perf', '@runbook-T30', TARGET_INDEPENDENT_TAG] }, () => {
  // Server start (~2 s), the generator ceiling (~3 s) and a load whose delayed requests overlap.
  test.describe.configure({ timeout: 40_000 });

  excludeWhen(needsReferenceTarget);

  test('the measured p95 lands within 5% of an injected 10% tail', async ({
    ownReferenceServer,
    suiteConfig,
    evidence,
  }) => {
    const server =
      await test.step('start a reference server of our own: 10% of mora summaries +1500 ms', () =>
        ownReferenceServer(TEN_PERCENT));

    const ceiling =
      await test.step(`measure the load generator's ceiling on this machine (${HEALTH_PATH})`, () =>
        measureGeneratorCeiling({
          url: `${server.apiBase}${HEALTH_PATH}`,
          connections: LOAD.connections,
          durationSeconds: 2,
        }));
    expect(
      ceiling.rps,
      'the generator ceiling could not be measured: nothing answered /health',
    ).not.toBeNull();

    const accuracy = await loadDelayedEndpoint(server, suiteConfig, LOAD);
    // Key figures first (the evidence summary shows the first few), details after.
    await evidence(
      'true_vs_measured_p95_ms',
      `${accuracy.trueP95Ms.toFixed(1)} vs ${accuracy.measuredP95Ms.toFixed(1)} (${accuracy.relativeErrorPct.toFixed(2)}% off)`,
    );
    await evidence('generator_ceiling_rps', ceiling.rps === null ? null : Math.round(ceiling.rps));
    await evidence('generator_ceiling', { ...ceiling, saturationRatio: GENERATOR_SATURATION_RATIO });
    await evidence('accuracy', {
      injected: injected(accuracy),
      true_p95_ms: accuracy.trueP95Ms,
      measured_p95_ms: accuracy.measuredP95Ms,
      relative_error_pct: accuracy.relativeErrorPct,
      tolerance_pct: accuracy.tolerancePct,
      samples: accuracy.samples,
      delayed_observed: accuracy.delayedObserved,
      delayed_expected: accuracy.delayedExpected,
      base_source: accuracy.baseSource,
      measured: accuracy.measured,
      non2xx: accuracy.non2xx,
      errors: accuracy.errors,
      stopped_by: accuracy.stoppedBy,
    });

    // ">=": a machine busy enough to hold an undelayed response for 1.5 s adds one; losing one is the defect.
    await test.step('every request answered, none of the delayed ones lost', () => {
      expectNothingLost(accuracy, LOAD);
    });
    await test.step('measured p95 within 5% of the injected distribution', () => {
      expect(
        accuracy.withinTolerance,
        `measured p95 ${accuracy.measuredP95Ms.toFixed(1)} ms vs true ${accuracy.trueP95Ms.toFixed(1)} ms: ` +
          `${accuracy.relativeErrorPct.toFixed(2)}% off (tolerance ${accuracy.tolerancePct}%)`,
      ).toBe(true);
    });
  });

  test('a 4% tail does not move the p95 over budget', async ({
    ownReferenceServer,
    suiteConfig,
    evidence,
  }) => {
    const server = await test.step('start a reference server of our own: 4% of mora summaries +1500 ms', () =>
      ownReferenceServer(FOUR_PERCENT));
    const accuracy = await loadDelayedEndpoint(server, suiteConfig, TAIL_LOAD);
    const budgetMs = budgetFor(
      'mora',
      suiteConfig.PERF_ANALYTICS_P95_BUDGET_MS,
      suiteConfig.PERF_P95_BUDGETS,
    );
    await evidence('measured_p95_ms', accuracy.measuredP95Ms);
    await evidence('tail', {
      injected: injected(accuracy),
      budget_ms: budgetMs,
      true_p95_ms: accuracy.trueP95Ms,
      measured: accuracy.measured,
      samples: accuracy.samples,
      delayed_observed: accuracy.delayedObserved,
      delayed_expected: accuracy.delayedExpected,
      non2xx: accuracy.non2xx,
      errors: accuracy.errors,
    });

    await test.step('the tail was really there: every delayed response measured', () => {
      expectNothingLost(accuracy, TAIL_LOAD);
      // A tail was injected at all (with none expected, "nothing lost" above proves nothing).
      expect(accuracy.delayedExpected).toBeGreaterThan(0);
    });
    await test.step(`p95 stays within the ${budgetMs} ms budget`, () => {
      expect(
        accuracy.measuredP95Ms,
        `a ${accuracy.injection.fraction * 100}% tail moved the p95 to ${accuracy.measuredP95Ms.toFixed(1)} ms`,
      ).toBeLessThanOrEqual(budgetMs);
    });
  });
});
