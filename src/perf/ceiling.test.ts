import { afterEach, describe, expect, it } from 'vitest';
import { measureGeneratorCeiling } from './ceiling.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('measureGeneratorCeiling', () => {
  it('measures req/s against a trivial endpoint for the given time', async () => {
    server = await startTestServer();
    const ceiling = await measureGeneratorCeiling({
      url: `${server.url}/health`,
      connections: 4,
      durationSeconds: 1,
    });
    expect(ceiling.rps).toBeGreaterThan(100);
    expect(ceiling.non2xx).toBe(0);
    expect(ceiling.limitedByRateCap).toBe(false);
    expect(ceiling.elapsedSeconds).toBeGreaterThan(0.8);
    expect(ceiling.elapsedSeconds).toBeLessThan(2);
  });

  it('a rate cap bounds the measured rate', async () => {
    server = await startTestServer();
    const ceiling = await measureGeneratorCeiling({
      url: `${server.url}/health`,
      connections: 4,
      durationSeconds: 1,
      maxRps: 40,
    });
    // autocannon spends its rate per one-second window, so a 1 s run sees up to two windows' worth.
    // Whether the cap was reached depends on how busy the machine is, so only the bound is asserted.
    expect(ceiling.rps).toBeLessThan(100);
  });

  it('an unreachable endpoint has no ceiling', async () => {
    const ceiling = await measureGeneratorCeiling({
      url: 'http://127.0.0.1:9/health',
      connections: 2,
      durationSeconds: 0.5,
      warmupRequests: 0,
    });
    expect(ceiling.rps).toBeNull();
    expect(ceiling.errors).toBeGreaterThan(0);
  });
});
