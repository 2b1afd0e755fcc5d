// Load one endpoint with autocannon and keep every response time. autocannon's own latency
// histogram is in whole milliseconds and has no p95, so each response's fractional time is taken
// from the instance's 'response' event and the percentiles are computed nearest-rank elsewhere
// (src/stats/percentiles.ts).
//
// The run ends when maxRequests requests have been answered (each connection stops after its share,
// so nothing is cut off mid-flight) or at the durationSeconds cap, whichever comes first. A cap
// can cut slow requests off mid-flight, which would bias the percentiles low; the requests still
// in flight at the stop, and how long each had been waiting, are therefore returned so the judge
// can bound the p95 instead of trusting a truncated sample.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface EndpointLoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request bodies, rotated across all connections to vary filters and defeat result caches. */
  bodies?: readonly string[];
  connections: number;
  /** Cap on the measured phase. */
  durationSeconds: number;
  /** Request target: the run stops once this many requests were sent and answered. */
  maxRequests: number;
  /** Overall request rate cap (production safety); unlimited when absent. */
  maxRps?: number;
  /** Requests sent (and discarded) before measuring, on the first body. */
  warmupRequests: number;
  /** Per-request timeout, at least 1 s (autocannon's granularity); a slower request is an error. */
  timeoutSeconds: number;
  /** Stop the run at the first 429: the target refuses the load, more requests only hammer it. */
  stopOnRateLimit?: boolean;
  /** Ends the run early (e.g. background traffic whose window is over); in-flight ages are kept. */
  signal?: AbortSignal;
  /**
   * Called with every 2xx body and the request body it answers (autocannon then keeps each body
   * until this returns): how degraded answers are found (src/perf/degraded.ts).
   */
  onBody?: (body: string, requestBody: string | undefined) => void;
  /** Called as each request goes out (a live count of the load's own traffic). */
  onSent?: () => void;
}

type LoadStop = 'request-target' | 'duration-cap' | 'rate-limited' | 'aborted';

export interface EndpointLoadResult {
  /** Response times (ms, fractional) of the 2xx responses, in arrival order. */
  samples: number[];
  responses: number;
  /** Responses by status code. */
  statusCounts: Record<string, number>;
  non2xx: number;
  /** 429 responses (included in non2xx). */
  rateLimited: number;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  sent: number;
  /** How long (ms) each request still unanswered at the stop had been waiting. */
  inFlightAgesMs: number[];
  elapsedSeconds: number;
  /** Answered requests per second, first request to last response. */
  achievedRps: number;
  stoppedBy: LoadStop;
  connections: number;
}

/** Builds a request object for autocannon: the options' defaults with a rotating body. */
function rotatingRequest(options: EndpointLoadOptions, bodies: readonly string[]): autocannon.Request {
  let next = 0;
  const onBody = options.onBody;
  // One request at a time per connection: its context holds the body its next answer is for.
  const sentBodies = new WeakMap<object, string | undefined>();
  return {
    method: options.method,
    setupRequest: (request, context) => {
      const body = bodies[next % bodies.length];
      next += 1;
      if (onBody && typeof context === 'object' && context !== null) sentBodies.set(context, body);
      return body === undefined ? request : { ...request, body };
    },
    ...(onBody
      ? {
          onResponse: (status: number, body: string, context: object) => {
            if (status >= 200 && status < 300) onBody(body, sentBodies.get(context));
          },
        }
      : {}),
  };
}

/** What a load phase counts while it runs. */
interface PhaseTally {
  readonly samples: number[];
  readonly statusCounts: Record<string, number>;
  responses: number;
  non2xx: number;
  rateLimited: number;
  sent: number;
  lastResponseAt: number;
  stoppedOnRateLimit: boolean;
  aborted: boolean;
  /** Per connection, the send times of its unanswered requests. */
  readonly pending: number[][];
  // destroy() is autocannon's own per-connection stop (lib/httpClient.js), absent from its types.
  readonly connectionsToStop: { destroy?: () => void }[];
}

/** autocannon's options for one phase, with each connection's sent and answered requests tracked. */
function autocannonOptions(
  options: EndpointLoadOptions,
  bodies: readonly string[],
  connections: number,
  tally: PhaseTally,
): autocannon.Options {
  return {
    url: options.url,
    method: options.method,
    headers: options.headers ?? {},
    connections,
    duration: options.durationSeconds,
    maxOverallRequests: options.maxRequests,
    timeout: options.timeoutSeconds,
    // Faster ticks end the run sooner after the last response; the histogram is not used.
    sampleInt: 50,
    ...(options.maxRps === undefined ? {} : { overallRate: options.maxRps }),
    ...(bodies.length > 0 || options.onBody ? { requests: [rotatingRequest(options, bodies)] } : {}),
    setupClient: (client) => {
      // Track each connection's unanswered requests to know what a duration cap cut off.
      const queue: number[] = [];
      tally.pending.push(queue);
      tally.connectionsToStop.push(client as unknown as { destroy?: () => void });
      const emitter: NodeJS.EventEmitter = client;
      emitter.on('request', () => {
        tally.sent += 1;
        options.onSent?.();
        queue.push(performance.now());
      });
      emitter.on('response', () => queue.shift());
      // A timed-out or broken request is abandoned (autocannon reconnects and sends a new one).
      emitter.on('timeout', () => queue.shift());
      emitter.on('connError', () => queue.shift());
    },
  };
}

/** Counts one answer; the first 429 stops the load unless stopOnRateLimit is false. */
function countResponse(
  options: EndpointLoadOptions,
  tally: PhaseTally,
  instance: autocannon.Instance,
  statusCode: number,
  responseTime: number,
): void {
  tally.responses += 1;
  tally.lastResponseAt = performance.now();
  tally.statusCounts[String(statusCode)] = (tally.statusCounts[String(statusCode)] ?? 0) + 1;
  if (statusCode >= 200 && statusCode < 300) {
    tally.samples.push(responseTime);
    return;
  }
  tally.non2xx += 1;
  if (statusCode !== 429) return;
  tally.rateLimited += 1;
  if (options.stopOnRateLimit !== false && !tally.stoppedOnRateLimit) {
    tally.stoppedOnRateLimit = true;
    // instance.stop() only takes effect at the next tick; closing each connection now keeps
    // the refused load to the requests already on the wire.
    for (const connection of tally.connectionsToStop) connection.destroy?.();
    instance.stop();
  }
}

/** Runs autocannon to its end, stopping it when the options' signal aborts. */
function runAutocannon(
  options: EndpointLoadOptions,
  bodies: readonly string[],
  connections: number,
  tally: PhaseTally,
): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      autocannonOptions(options, bodies, connections, tally),
      (error: unknown, finished: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(finished);
      },
    );
    const abort = () => {
      tally.aborted = true;
      instance.stop();
    };
    // Aborted during the warm-up: stop at once (a request or two per connection may still go out).
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    instance.on('done', () => options.signal?.removeEventListener('abort', abort));
    instance.on('response', (_client, statusCode, _bytes, responseTime) =>
      countResponse(options, tally, instance, statusCode, responseTime),
    );
  });
}

/** Run one load phase; see the module comment for when it stops. */
async function runPhase(
  options: EndpointLoadOptions,
  bodies: readonly string[],
): Promise<EndpointLoadResult> {
  const connections = Math.max(1, Math.min(options.connections, options.maxRequests));
  const tally: PhaseTally = {
    samples: [],
    statusCounts: {},
    responses: 0,
    non2xx: 0,
    rateLimited: 0,
    sent: 0,
    lastResponseAt: 0,
    stoppedOnRateLimit: false,
    aborted: false,
    pending: [],
    connectionsToStop: [],
  };
  const startedAt = performance.now();
  const result = await runAutocannon(options, bodies, connections, tally);

  const stoppedAt = performance.now();
  const inFlightAgesMs = tally.pending.flatMap((queue) => queue.map((sentAt) => stoppedAt - sentAt));
  const activeSeconds = ((tally.lastResponseAt || stoppedAt) - startedAt) / 1000;
  const { responses } = tally;
  const answered = responses + result.errors;
  let stoppedBy: LoadStop = answered >= options.maxRequests ? 'request-target' : 'duration-cap';
  if (tally.stoppedOnRateLimit) stoppedBy = 'rate-limited';
  else if (tally.aborted && stoppedBy !== 'request-target') stoppedBy = 'aborted';
  return {
    samples: tally.samples,
    responses,
    statusCounts: tally.statusCounts,
    non2xx: tally.non2xx,
    rateLimited: tally.rateLimited,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: tally.sent,
    inFlightAgesMs,
    elapsedSeconds: activeSeconds,
    achievedRps: activeSeconds > 0 ? responses / activeSeconds : 0,
    stoppedBy,
    connections,
  };
}

/** The result of a run aborted before it began. */
function nothingSent(options: EndpointLoadOptions): EndpointLoadResult {
  return {
    samples: [],
    responses: 0,
    statusCounts: {},
    non2xx: 0,
    rateLimited: 0,
    errors: 0,
    timeouts: 0,
    sent: 0,
    inFlightAgesMs: [],
    elapsedSeconds: 0,
    achievedRps: 0,
    stoppedBy: 'aborted',
    connections: Math.max(1, Math.min(options.connections, options.maxRequests)),
  };
}

/**
 * Load one endpoint and record every response time. A warm-up of `warmupRequests` (first body only,
 * results discarded) runs first, so connection set-up and cold caches of the code path do not
 * count; the measured phase then rotates through all bodies.
 */
export async function runEndpointLoad(options: EndpointLoadOptions): Promise<EndpointLoadResult> {
  const bodies = options.bodies ?? [];
  if (!(options.maxRequests >= 1)) throw new RangeError('maxRequests must be at least 1');
  if (!(options.timeoutSeconds >= 1)) {
    throw new RangeError(
      `timeoutSeconds must be at least 1 (autocannon's granularity), got ${options.timeoutSeconds}`,
    );
  }
  if (options.signal?.aborted) return nothingSent(options);
  if (options.warmupRequests > 0) {
    const first = bodies[0];
    // Without onBody: a warm-up answer is not one of the measured answers, so it is never judged
    // (judged, the degraded count could exceed the requests measured: "220 degraded in 200").
    const { onBody: _measuredOnly, ...warmup } = options;
    await runPhase(
      { ...warmup, maxRequests: options.warmupRequests, stopOnRateLimit: true },
      first === undefined ? [] : [first],
    );
  }
  return runPhase(options, bodies);
}
