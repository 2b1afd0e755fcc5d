// The cutover window gate's evidence record (EVIDENCE_DIR/cutover-window.json).
import type { EvidenceRecord } from '../evidence/record.ts';
import type { ResolvedTarget } from '../targets/target.ts';
import type { MonitorResult } from './monitor.ts';
import type { MonitorOptions } from './options.ts';

export function cutoverEvidenceRecord(
  result: MonitorResult,
  options: MonitorOptions,
  target: ResolvedTarget,
  version: string,
): EvidenceRecord {
  const { thresholds } = options;
  return {
    gate: 'cutover-window',
    suiteVersion: version,
    target: {
      mode: target.mode,
      apiBase: target.apiBase,
      legacyBase: target.legacyBase,
      ...(target.dataset ? { dataset: target.dataset } : {}),
    },
    checked: [
      `every ${options.intervalSeconds} s for ${options.windowMinutes} min: per endpoint and interval, ` +
        `error_rate_pct <= ${thresholds.errorRatePct} and p95_ms <= ${thresholds.p95Ms}`,
      `intervals with fewer than ${thresholds.minRequests} requests, or no moving counter, are inconclusive`,
      `${thresholds.failureLimit} consecutive failed interval(s) fail the window; ` +
        `more than ${thresholds.maxFetchFailures} failed fetches make it inconclusive`,
    ],
    figures: {
      intervals: result.counts.intervals,
      pass: result.counts.pass,
      fail: result.counts.fail,
      inconclusive: result.counts.inconclusive,
      reset: result.counts.reset,
      fetch_failures: result.counts.fetchFailures,
      samples_taken: result.samplesTaken,
      planned_samples: result.plannedSamples,
      stopped_early: result.stoppedEarly,
      metrics_url: result.metricsUrl,
      out_file: result.outFile,
      rollback: result.rollback,
      thresholds,
    },
    verdict: result.verdict,
    reasons: result.reasons,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}
