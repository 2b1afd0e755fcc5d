// The engine against an in-process server whose latencies are known: every response is recorded,
// bodies rotate, failures are counted, and a run cut by its cap reports what it cut off.
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../stats/percentiles.ts';
import { runEndpointLoad } from './load.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const BASE = { connections: 4, durationSeconds: 10, warmupRequests: 0, timeoutSeconds: 5 } as const;

describe('runEndpointLoad', () => {
  it('records every response time and rotates the bodies across connections', async () => {
    server = await startTestServer({ delays: { '/slow': { every: 10, delayMs: 60 } } });
    const bodies = ['{"v":"a"}', '{"v":"b"}', '{"v":"c"}', '{"v":"d"}'];
    const result = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/slow`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      bodies,
      maxRequests: 200,
    });
    expect(result.stoppedBy).toBe('request-target');
    expect(result.samples).toHaveLength(200);
    expect(result.sent).toBe(200);
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.inFlightAgesMs).toEqual([]);
    // 20 of 200 were delayed by 60 ms (timers may fire a millisecond early), so at least 20 samples
    // show it; on a loaded machine an undelayed response may be slow too, hence "at least": nearest-
    // rank p95 (rank 190) is one of the slow ones, the median is not.
    expect(result.samples.filter((ms) => ms >= 55).length).toBeGreaterThanOrEqual(20);
    expect(summarize(result.samples).p95).toBeGreaterThanOrEqual(55);
    expect(summarize(result.samples).p50).toBeLessThan(55);
    // Fractional milliseconds, not autocannon's whole numbers.
    expect(result.samples.some((ms) => !Number.isInteger(ms))).toBe(true);
    for (const body of bodies) expect(server.bodies.filter((seen) => seen === body)).toHaveLength(50);
  });

  it('a warm-up is sent first and not measured', async () => {
    server = await startTestServer();
    const result = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/fast`,
      method: 'GET',
      maxRequests: 40,
      warmupRequests: 12,
    });
    expect(result.samples).toHaveLength(40);
    expect(server.countsByPath.get('/fast')).toBe(52);
  });

  it('hands each measured 2xx answer to onBody once, and no warm-up answer', async () => {
    server = await startTestServer({ statusByBodyText: { boom: 503 } });
    const judged: (string | undefined)[] = [];
    const result = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/judged`,
      method: 'POST',
      bodies: ['{"ok":1}', '{"boom":1}'],
      maxRequests: 40,
      warmupRequests: 10,
      onBody: (_body, requestBody) => judged.push(requestBody),
    });
    expect(server.countsByPath.get('/judged')).toBe(50);
    expect(result.samples).toHaveLength(20);
    // One call per measured 2xx answer (the 503s are counted apart), none for the 10 warm-up answers.
    expect(judged).toHaveLength(result.samples.length);
    expect(judged.every((body) => body === '{"ok":1}')).toBe(true);
  });

  it('counts non-2xx responses apart from the samples, and stops at the first 429', async () => {
    server = await startTestServer({ statusByBodyText: { boom: 503, limit: 429 } });
    const errors = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/x`,
      method: 'POST',
      bodies: ['{"ok":1}', '{"boom":1}'],
      maxRequests: 100,
    });
    expect(errors.non2xx).toBe(50);
    expect(errors.statusCounts).toEqual({ '200': 50, '503': 50 });
    expect(errors.samples).toHaveLength(50);

    const limited = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/y`,
      method: 'POST',
      bodies: ['{"ok":1}', '{"limit":1}'],
      maxRequests: 1000,
    });
    expect(limited.stoppedBy).toBe('rate-limited');
    expect(limited.rateLimited).toBeGreaterThanOrEqual(1);
    // Connections are closed at the first 429: only what was already on the wire is answered.
    expect(limited.responses).toBeLessThanOrEqual(BASE.connections + 1);
  });

  it('a request that never answers is a timeout error', async () => {
    server = await startTestServer({ silentPaths: ['/never'] });
    const result = await runEndpointLoad({
      ...BASE,
      connections: 2,
      url: `${server.url}/never`,
      method: 'GET',
      maxRequests: 2,
      durationSeconds: 3,
      timeoutSeconds: 1,
    });
    expect(result.samples).toHaveLength(0);
    // Each connection's one request timed out; the connection then had sent its share.
    expect(result.timeouts).toBe(2);
    expect(result.errors).toBe(2);
    expect(result.stoppedBy).toBe('request-target');
  });

  it('refuses a timeout below the one-second granularity of autocannon', async () => {
    await expect(
      runEndpointLoad({
        ...BASE,
        url: 'http://127.0.0.1:9/',
        method: 'GET',
        maxRequests: 1,
        timeoutSeconds: 0.5,
      }),
    ).rejects.toThrow(/timeoutSeconds/);
  });

  it('a duration cap reports the requests it cut off and how long they had waited', async () => {
    server = await startTestServer({ delays: { '/stuck': { every: 1, delayMs: 3000 } } });
    const result = await runEndpointLoad({
      ...BASE,
      connections: 3,
      url: `${server.url}/stuck`,
      method: 'GET',
      maxRequests: 100,
      durationSeconds: 0.5,
    });
    expect(result.stoppedBy).toBe('duration-cap');
    expect(result.samples).toHaveLength(0);
    expect(result.inFlightAgesMs).toHaveLength(3);
    for (const age of result.inFlightAgesMs) expect(age).toBeGreaterThanOrEqual(450);
  });

  it('an abort signal ends a long rate-capped run early, and an aborted signal sends nothing', async () => {
    server = await startTestServer();
    const controller = new AbortController();
    const run = runEndpointLoad({
      ...BASE,
      url: `${server.url}/background`,
      method: 'GET',
      connections: 1,
      durationSeconds: 30,
      maxRequests: 1_000_000,
      maxRps: 20,
      signal: controller.signal,
    });
    // Abort once traffic is flowing: a bounded poll of the server's own count, not a sleep.
    await expect
      .poll(() => server?.countsByPath.get('/background') ?? 0, { timeout: 5000, interval: 50 })
      .toBeGreaterThanOrEqual(5);
    const abortedAt = Date.now();
    controller.abort();
    const result = await run;
    expect(result.stoppedBy).toBe('aborted');
    expect(Date.now() - abortedAt).toBeLessThan(2000);
    expect(result.samples.length).toBeGreaterThanOrEqual(5);
    // 20 req/s for well under 30 s: the run did not go on to its duration cap.
    expect(result.samples.length).toBeLessThan(200);

    const before = server.countsByPath.get('/background') ?? 0;
    const nothing = await runEndpointLoad({
      ...BASE,
      url: `${server.url}/background`,
      method: 'GET',
      maxRequests: 100,
      warmupRequests: 10,
      signal: AbortSignal.abort(),
    });
    expect(nothing.stoppedBy).toBe('aborted');
    expect(server.countsByPath.get('/background') ?? 0).toBe(before);
  });
});
