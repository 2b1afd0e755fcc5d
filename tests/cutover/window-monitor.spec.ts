import { expect, test } from '../../src/gate-fixtures/cutover.ts';
import { INCONCLUSIVE_ANNOTATION } from '../../src/reporting/annotations.ts';

// Runbook T+0..T+30: "error_rate < 2% por 30 minutos continuos" and p95_ms <= 1200, judged like a
// canary analysis (docs/perf.md, "Cutover window monitor"), on the target's own traffic only (the
// suite's labelled v1 probes are left out; a quiet window is inconclusive and fails). One window per
// run (the cutoverWindow fixture); each test below reads that window. Opt-in:
// `SUITE_INCLUDE_CUTOVER=1 npx playwright test --project cutover`.

test.describe('cutover window', { tag: ['@cutover', '@runbook-T30'] }, () => {
  test('the cutover window stays within the runbook thresholds', async ({
    cutoverWindow,
    evidence,
  }, testInfo) => {
    const { result, settings, traffic } = cutoverWindow;
    await evidence('verdict', result.verdict);
    await evidence('window', {
      metrics_url: settings.metricsUrl,
      window_minutes: settings.windowMinutes,
      interval_seconds: settings.intervalSeconds,
      thresholds: settings.thresholds,
      samples_taken: result.samplesTaken,
      planned_samples: result.plannedSamples,
      stopped_early: result.stoppedEarly,
      counts: result.counts,
      reasons: result.reasons,
      out_file: settings.outFile,
      evidence_file: cutoverWindow.evidenceFile,
    });
    await evidence('intervals', cutoverWindow.intervals);
    await evidence('traffic', traffic);

    await test.step('the monitor polled the whole window (or stopped at its first failure)', () => {
      if (!result.stoppedEarly) expect(result.samplesTaken).toBe(result.plannedSamples);
      expect(cutoverWindow.lineCounts.verdict, 'one verdict line in CUTOVER_OUT_FILE').toBe(1);
    });
    await test.step(
      `every interval: error_rate_pct <= ${settings.thresholds.errorRatePct} on every endpoint (judged from ` +
        `${settings.thresholds.minErrors} errors whatever its volume), p95_ms <= ${settings.thresholds.p95Ms}, ` +
        `at least ${settings.thresholds.minRequests} requests of the target's traffic`,
      () => {
        if (result.verdict === 'inconclusive') {
          testInfo.annotations.push({
            type: INCONCLUSIVE_ANNOTATION,
            description: result.reasons.join('; '),
          });
        }
        const said =
          result.verdict === 'inconclusive'
            ? 'the cutover window is inconclusive (not a pass)'
            : `the cutover window is a ${result.verdict}`;
        expect(result.verdict, `${said}: ${result.reasons.join('; ')}`).toBe('pass');
      },
    );
  });

  test('v1 analytics answered the data during the window: fallbacks and empty answers count as errors', async ({
    cutoverWindow,
    evidence,
  }) => {
    const { v1Traffic, settings } = cutoverWindow;
    await evidence('v1-traffic', v1Traffic);
    expect(v1Traffic.notStarted, 'the v1 traffic could not start').toBeUndefined();
    expect(v1Traffic.responses, 'v1 answers during the window').toBeGreaterThan(0);
    const why = Object.entries(v1Traffic.degradedReasons)
      .map(([reason, count]) => `${count} x ${reason}`)
      .join('; ');
    expect(
      v1Traffic.errorRatePct,
      `${v1Traffic.request}: ${v1Traffic.non2xx} non-2xx, ${v1Traffic.errors} errors and ${v1Traffic.degraded} ` +
        `degraded 2xx in ${v1Traffic.responses} answers (${v1Traffic.errorRatePct}% > ${settings.thresholds.errorRatePct}%)` +
        (why ? `: ${why}` : ''),
    ).toBeLessThanOrEqual(settings.thresholds.errorRatePct);
  });

  test('no metrics counter reset happened during the window', async ({ cutoverWindow, evidence }) => {
    // A reset (legacy restart or ops/reset) is judged on the new baseline, but the traffic between the
    // last sample and the restart is unknown: the operator must hear of it.
    const resets = cutoverWindow.intervals
      .filter((interval) => interval.reset)
      .map((interval) => `interval ${interval.index} (${interval.status}): ${interval.reasons.join('; ')}`);
    await evidence('resets', resets);
    expect(resets, `metrics counter reset during the window: ${resets.join(' | ')}`).toEqual([]);
  });

  test('the rollback hook runs once exactly when the window fails', async ({ cutoverWindow, evidence }) => {
    const { result, settings } = cutoverWindow;
    const rollbackLines = cutoverWindow.lineCounts.rollback ?? 0;
    // The command's text is never recorded (it may hold credentials): only that it ran and how it ended.
    await evidence('rollback', {
      hook_configured: settings.rollbackHook,
      window_verdict: result.verdict,
      outcome: result.rollback,
      rollback_lines: rollbackLines,
    });
    if (result.verdict === 'fail' && settings.rollbackHook) {
      await test.step('the window failed: the hook ran once and succeeded', () => {
        expect(rollbackLines, 'rollback lines in CUTOVER_OUT_FILE').toBe(1);
        expect(result.rollback, 'the monitor result records the hook').not.toBeNull();
        expect(result.rollback?.error ?? null, 'the hook could not be started').toBeNull();
        expect(result.rollback?.timedOut, 'the hook timed out').toBe(false);
        expect(
          result.rollback?.exitCode,
          `the hook ended with ${result.rollback?.signal ?? 'an error'}`,
        ).toBe(0);
      });
    } else {
      await test.step(
        settings.rollbackHook
          ? 'the window did not fail: the hook must not run'
          : 'no hook configured: nothing ran',
        () => {
          expect(result.rollback).toBeNull();
          expect(rollbackLines, 'rollback lines in CUTOVER_OUT_FILE').toBe(0);
        },
      );
    }
  });
});
