/**
 * Where the legacy side of a parity comparison comes from: a recording, a live legacy dashboard
 * (each call sent as recorded cases send it, retried for 5xx and network errors only; every retry
 * returned for the evidence), or a recording with extra cases answered live.
 */

import type { LegacyClient } from '../clients/legacy-client.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryRecord, withRetry } from '../clients/retry.ts';
import type { HttpReply } from '../clients/transport.ts';
import type { ParityCase } from './case-set.ts';
import { type LegacyAnswer, type LegacyCall, legacyCallsFor } from './legacy-mapping.ts';
import type { Recording } from './recording.ts';

export interface LegacyFetch {
  readonly answers: LegacyAnswer[];
  /** A second answer per call (Diffy noise), when asked for and available. */
  readonly repeats: LegacyAnswer[];
  readonly retries: RetryRecord[];
}

/** Where the legacy side of the comparison comes from. */
export interface ParitySource {
  readonly kind: 'live' | 'recorded';
  /** The dataset the legacy answers are of ('unknown' when a live legacy does not say). */
  readonly dataset: string;
  /** The legacy base URL or the recording file. */
  readonly location: string;
  readonly cases: readonly ParityCase[];
  legacy(parityCase: ParityCase, options: { repeat: boolean }): Promise<LegacyFetch>;
}

/** Recorded legacy answers: no network, the repeat is the recording's second copy if any. */
export function recordedSource(recording: Recording): ParitySource {
  const byName = new Map(recording.cases.map((recorded) => [recorded.name, recorded]));
  return {
    kind: 'recorded',
    dataset: recording.dataset,
    location: recording.source,
    cases: recording.cases,
    async legacy(parityCase, { repeat }) {
      const recorded = byName.get(parityCase.name);
      if (!recorded) throw new Error(`case ${parityCase.name} is not in ${recording.source}`);
      return { answers: [...recorded.answers], repeats: repeat ? [...recorded.repeats] : [], retries: [] };
    },
  };
}

function bodyOf(reply: HttpReply): unknown {
  try {
    return JSON.parse(reply.text());
  } catch {
    return reply.text();
  }
}

function queryOf(call: LegacyCall): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(call.query ?? {}))
    for (const value of values) params.append(key, value);
  return params;
}

/**
 * A parity run's retries: PARITY_RETRIES retries after the first try (live legacy and v1 calls, 5xx
 * and network errors only), with the default backoff and deadline.
 */
export function parityRetryPolicy(retries: number): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, attempts: retries + 1 };
}

export interface LiveSourceOptions {
  readonly legacy: LegacyClient;
  readonly cases: readonly ParityCase[];
  readonly retry?: RetryPolicy;
  /** The dataset the operator says the live legacy serves (reported, not verifiable). */
  readonly dataset?: string;
}

/**
 * One legacy call sent as recorded cases send it (GET: repeated query parameters; POST: the JSON
 * body), retried on 5xx and network errors only; the body parsed as JSON, else kept as text.
 */
export async function sendLegacyCall(
  legacy: LegacyClient,
  call: LegacyCall,
  policy: RetryPolicy,
): Promise<{ status: number; body: unknown; retries: RetryRecord[] }> {
  const outcome = await withRetry(
    () =>
      legacy.raw(call.method, call.path, {
        ...(call.method === 'GET' ? { query: queryOf(call) } : { json: call.body ?? {} }),
      }),
    policy,
  );
  return { status: outcome.result.status, body: bodyOf(outcome.result), retries: outcome.retries };
}

/** A live legacy dashboard: each call sent as recorded cases send it, retried on 5xx only. */
export function liveSource(options: LiveSourceOptions): ParitySource {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const send = async (call: LegacyCall, retries: RetryRecord[]): Promise<LegacyAnswer> => {
    const sent = await sendLegacyCall(options.legacy, call, policy);
    retries.push(...sent.retries);
    return { call, status: sent.status, body: sent.body };
  };
  return {
    kind: 'live',
    dataset: options.dataset ?? 'unknown',
    location: options.legacy.baseUrl,
    cases: options.cases,
    async legacy(parityCase, { repeat }) {
      const retries: RetryRecord[] = [];
      const calls = legacyCallsFor(parityCase);
      const answers: LegacyAnswer[] = [];
      for (const call of calls) answers.push(await send(call, retries));
      const repeats: LegacyAnswer[] = [];
      if (repeat) for (const call of calls) repeats.push(await send(call, retries));
      return { answers, repeats, retries };
    },
  };
}

/**
 * A source with extra cases answered by a live legacy (drawn cases are always compared live, even
 * when the other cases are compared with recordings).
 */
export function withLiveCases(base: ParitySource, live: ParitySource): ParitySource {
  if (live.cases.length === 0) return base;
  return {
    ...base,
    location:
      base.location === live.location
        ? base.location
        : `${base.location} (drawn cases: live ${live.location})`,
    cases: [...base.cases, ...live.cases],
    legacy: (parityCase, options) =>
      (live.cases.includes(parityCase) ? live : base).legacy(parityCase, options),
  };
}
