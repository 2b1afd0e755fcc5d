// The cutover window monitor's settings, taken from the suite configuration.
import type { SuiteConfig } from '../config.ts';
import type { WindowThresholds } from '../stats/windows.ts';

export interface MonitorOptions {
  metricsUrl: string;
  windowMinutes: number;
  intervalSeconds: number;
  thresholds: WindowThresholds;
  /** Retries after a failed attempt, per sample. */
  fetchRetries: number;
  fetchTimeoutMs: number;
  outFile: string;
  rollbackCommand?: string | undefined;
  rollbackTimeoutMs: number;
}

export class MonitorConfigError extends Error {
  override name = 'MonitorConfigError';
}

/** window / interval + 1 samples: a baseline and one per interval. */
export function plannedSampleCount(windowMinutes: number, intervalSeconds: number): number {
  return Math.floor((windowMinutes * 60) / intervalSeconds + 1e-9) + 1;
}

export function monitorOptionsFromConfig(config: SuiteConfig): MonitorOptions {
  const options: MonitorOptions = {
    metricsUrl: config.cutoverMetricsUrl,
    windowMinutes: config.CUTOVER_WINDOW_MINUTES,
    intervalSeconds: config.CUTOVER_INTERVAL_SECONDS,
    thresholds: {
      errorRatePct: config.CUTOVER_ERROR_RATE_THRESHOLD,
      p95Ms: config.CUTOVER_P95_THRESHOLD,
      minRequests: config.CUTOVER_MIN_REQUESTS,
      minErrors: config.CUTOVER_MIN_ERRORS,
      failureLimit: config.CUTOVER_FAILURE_LIMIT,
      maxFetchFailures: config.CUTOVER_MAX_FETCH_FAILURES,
    },
    fetchRetries: config.CUTOVER_FETCH_RETRIES,
    fetchTimeoutMs: config.CUTOVER_FETCH_TIMEOUT_MS,
    outFile: config.CUTOVER_OUT_FILE,
    rollbackCommand: config.CUTOVER_ROLLBACK_CMD?.trim() || undefined,
    rollbackTimeoutMs: 120_000,
  };
  if (plannedSampleCount(options.windowMinutes, options.intervalSeconds) < 2) {
    throw new MonitorConfigError(
      `CUTOVER_WINDOW_MINUTES=${options.windowMinutes} is shorter than one CUTOVER_INTERVAL_SECONDS=` +
        `${options.intervalSeconds} interval: no interval could be judged. Accepted: a window of at least one interval.`,
    );
  }
  return options;
}

/** Hide credentials a URL may carry (user:password@, token-like query parameters). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = 'REDACTED';
      parsed.password = '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|pass|auth|sig/i.test(key)) parsed.searchParams.set(key, 'REDACTED');
    }
    return parsed.href;
  } catch {
    return '[unparseable URL]';
  }
}
