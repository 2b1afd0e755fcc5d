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

/** Run one load phase; see the module comment for when it stops. */
async function runPhase(
  options: EndpointLoadOptions,
  bodies: readonly string[],
): Promise<EndpointLoadResult> {
  const connections = Math.max(1, Math.min(options.connections, options.maxRequests));
  const samples: number[] = [];
  const statusCounts: Record<string, number> = {};
  let responses = 0;
  let non2xx = 0;
  let rateLimited = 0;
  let sent = 0;
  let lastResponseAt = 0;
  let stoppedOnRateLimit = false;
  let aborted = false;
  const pending: number[][] = [];
  // destroy() is autocannon's own per-connection stop (lib/httpClient.js), absent from its types.
  const connectionsToStop: { destroy?: () => void }[] = [];
  const startedAt = performance.now();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
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
          pending.push(queue);
          connectionsToStop.push(client as unknown as { destroy?: () => void });
          const emitter: NodeJS.EventEmitter = client;
          emitter.on('request', () => {
            sent += 1;
            options.onSent?.();
            queue.push(performance.now());
          });
          emitter.on('response', () => queue.shift());
          // A timed-out or broken request is abandoned (autocannon reconnects and sends a new one).
          emitter.on('timeout', () => queue.shift());
          emitter.on('connError', () => queue.shift());
        },
      },
      (error: unknown, finished: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(finished);
      },
    );
    const abort = () => {
      aborted = true;
      instance.stop();
    };
    // Aborted during the warm-up: stop at once (a request or two per connection may still go out).
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    instance.on('done', () => options.signal?.removeEventListener('abort', abort));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses += 1;
      lastResponseAt = performance.now();
      statusCounts[String(statusCode)] = (statusCounts[String(statusCode)] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        samples.push(responseTime);
        return;
      }
      non2xx += 1;
      if (statusCode === 429) {
        rateLimited += 1;
        if (options.stopOnRateLimit !== false && !stoppedOnRateLimit) {
          stoppedOnRateLimit = true;
          // instance.stop() only takes effect at the next tick; closing each connection now keeps
          // the refused load to the requests already on the wire.
          for (const connection of connectionsToStop) connection.destroy?.();
          instance.stop();
        }
      }
    });
  });

  const stoppedAt = performance.now();
  const inFlightAgesMs = pending.flatMap((queue) => queue.map((sentAt) => stoppedAt - sentAt));
  const activeSeconds = ((lastResponseAt || stoppedAt) - startedAt) / 1000;
  const answered = responses + result.errors;
  let stoppedBy: LoadStop = answered >= options.maxRequests ? 'request-target' : 'duration-cap';
  if (stoppedOnRateLimit) stoppedBy = 'rate-limited';
  else if (aborted && stoppedBy !== 'request-target') stoppedBy = 'aborted';
  return {
    samples,
    responses,
    statusCounts,
    non2xx,
    rateLimited,
    errors: result.errors,
    timeouts: result.timeouts,
    sent,
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
