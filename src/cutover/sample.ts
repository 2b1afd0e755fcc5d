// One sample of the ops metrics: a bounded number of attempts through the shared withRetry, each
// attempt with its own timeout. A 4xx will not change on retry; anything else that is not a
// contract-conforming 200 is tried again.
import { type AttemptOutcome, type RetryClock, type RetryFailure, withRetry } from '../clients/retry.ts';
import { OpsMetrics } from '../stats/ops-metrics.ts';
import type { MonitorOptions } from './options.ts';

export interface FetchAnswer {
  status: number;
  text(): Promise<string>;
}

export interface SampleDeps extends RetryClock {
  fetch(url: string, init: { signal: AbortSignal }): Promise<FetchAnswer>;
}

export type SampleOutcome =
  | { ok: true; payload: OpsMetrics; attempts: number }
  | { ok: false; error: string; attempts: number };

/** One attempt's reading: the metrics, or why not and whether another try may help. */
type Attempt = { ok: true; payload: OpsMetrics } | { ok: false; error: string; retry: boolean };

function describeError(error: unknown): string {
  if (error instanceof Error) {
    // undici and AbortSignal errors: match by name/code, not instanceof (Node's fetch has its own undici).
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (error.name === 'TimeoutError') return 'timeout';
    return cause?.code ? `${error.name}: ${cause.code}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

function readAnswer(status: number, text: string): Attempt {
  if (status !== 200) {
    return { ok: false, error: `HTTP ${status}`, retry: !(status >= 400 && status < 500) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'answer is not JSON', retry: true };
  }
  const parsed = OpsMetrics.safeParse(json);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  const at = issue?.path.join('.') || '(root)';
  return {
    ok: false,
    error: `answer does not match the ops-metrics contract at ${at}: ${issue?.message}`,
    retry: true,
  };
}

async function attemptOnce(options: MonitorOptions, deps: SampleDeps): Promise<Attempt> {
  try {
    const answer = await deps.fetch(options.metricsUrl, {
      signal: AbortSignal.timeout(options.fetchTimeoutMs),
    });
    return readAnswer(answer.status, await answer.text());
  } catch (error) {
    return { ok: false, error: describeError(error), retry: true };
  }
}

function retryWorthy(outcome: AttemptOutcome<Attempt>): RetryFailure | undefined {
  if (!('value' in outcome)) return { reason: describeError(outcome.error) };
  const attempt = outcome.value;
  return !attempt.ok && attempt.retry ? { reason: attempt.error } : undefined;
}

/** One sample: up to 1 + fetchRetries attempts. */
export async function takeSample(options: MonitorOptions, deps: SampleDeps): Promise<SampleOutcome> {
  const attempts = 1 + options.fetchRetries;
  // Back off between attempts, never for longer than a quarter of the interval in total.
  const pauseMs = Math.min(1000, (options.intervalSeconds * 1000) / (4 * attempts));
  const policy = { attempts, backoffMs: pauseMs, backoffFactor: 1, deadlineMs: Number.POSITIVE_INFINITY };
  const clock: RetryClock = { now: () => deps.now(), sleep: (ms) => deps.sleep(ms) };
  const outcome = await withRetry(() => attemptOnce(options, deps), policy, clock, retryWorthy);
  const last = outcome.result;
  return last.ok
    ? { ok: true, payload: last.payload, attempts: outcome.attempts }
    : { ok: false, error: last.error, attempts: outcome.attempts };
}
