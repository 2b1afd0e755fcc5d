// Bounded retry for server errors (5xx) and requests that got no answer, never for 4xx or a body
// that breaks the contract. For parity, perf and the cutover monitor only: functional tests must see
// the first answer. Every retry is recorded so the evidence shows it.
import { setTimeout as delay } from 'node:timers/promises';
import { ContractError } from './expect-ok.ts';
import { TransportError } from './transport.ts';

export interface RetryPolicy {
  /** Total tries including the first (>= 1). */
  attempts: number;
  /** Wait before the first retry; multiplied by backoffFactor after each one. */
  backoffMs: number;
  backoffFactor?: number;
  maxBackoffMs?: number;
  /** No retry starts (or is waited for) past this many ms after the first try started. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 3,
  backoffMs: 250,
  backoffFactor: 2,
  maxBackoffMs: 2000,
  deadlineMs: 10_000,
};

export interface RetryRecord {
  /** The try that failed (1-based). */
  attempt: number;
  /** 'HTTP 503' or 'network ECONNRESET' / 'network TIMEOUT'. */
  reason: string;
  status?: number;
  code?: string;
  traceId?: string;
  /** Wait before the next try. */
  waitMs: number;
  /** Since the first try started. */
  atMs: number;
}

export interface RetryResult<T> {
  result: T;
  /** Tries made, including the successful one. */
  attempts: number;
  retries: RetryRecord[];
}

/** Thrown when the last try still threw a retryable error; carries the retries for the evidence. */
export class RetryExhaustedError extends Error {
  override name = 'RetryExhaustedError';
  constructor(
    message: string,
    readonly retries: RetryRecord[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RetryClock = { now: () => performance.now(), sleep: (ms) => delay(ms) };

/** Why an outcome deserves another try. */
export type RetryFailure = { reason: string; status?: number; code?: string; traceId?: string };

/** An attempt's outcome: the value it returned or the error it threw. */
export type AttemptOutcome<T> = { value: T } | { error: unknown };

/** Why an outcome deserves a retry, or undefined. Replies are recognised by a numeric `status`. */
function retryableFailure(outcome: AttemptOutcome<unknown>): RetryFailure | undefined {
  if ('value' in outcome) {
    const value = outcome.value as { status?: unknown; headers?: Record<string, string> } | null;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof value.status === 'number' &&
      value.status >= 500
    ) {
      const traceId = value.headers?.['x-trace-id'];
      return { reason: `HTTP ${value.status}`, status: value.status, ...(traceId ? { traceId } : {}) };
    }
    return undefined;
  }
  const error = outcome.error;
  if (error instanceof TransportError) return { reason: `network ${error.code}`, code: error.code };
  if (error instanceof ContractError && error.facts.status >= 500) {
    return { reason: `HTTP ${error.facts.status}`, status: error.facts.status, traceId: error.facts.traceId };
  }
  return undefined;
}

/**
 * Runs `operation` until it succeeds, fails in a way not worth retrying (returned / thrown as is),
 * or the bound is reached (attempts or deadline). A 5xx reply on the last try is returned (the
 * caller's parseReply reports it); a thrown retryable error on the last try becomes RetryExhaustedError.
 * `classify` decides what is worth another try (by default: 5xx and no answer).
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  clock: RetryClock = realClock,
  classify: (outcome: AttemptOutcome<T>) => RetryFailure | undefined = retryableFailure,
): Promise<RetryResult<T>> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  const factor = policy.backoffFactor ?? 2;
  const started = clock.now();
  const retries: RetryRecord[] = [];
  let wait = policy.backoffMs;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let outcome: AttemptOutcome<T>;
    try {
      outcome = { value: await operation(attempt) };
    } catch (error) {
      outcome = { error };
    }
    const failure = classify(outcome);
    const elapsed = clock.now() - started;
    const waitMs = Math.min(wait, policy.maxBackoffMs ?? Number.POSITIVE_INFINITY);
    const mayRetry = failure !== undefined && attempt < attempts && elapsed + waitMs < policy.deadlineMs;
    if (!mayRetry) {
      if ('value' in outcome) return { result: outcome.value, attempts: attempt, retries };
      if (failure === undefined) throw outcome.error;
      const why = attempt >= attempts ? `${attempts} attempt(s)` : `the ${policy.deadlineMs} ms deadline`;
      const last = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      throw new RetryExhaustedError(`gave up after ${why}: ${last}`, retries, { cause: outcome.error });
    }
    retries.push({ attempt, ...failure, waitMs, atMs: elapsed });
    await clock.sleep(waitMs);
    wait *= factor;
  }
  // The last attempt always returns or throws above.
  throw new Error('withRetry: attempt bound passed');
}
