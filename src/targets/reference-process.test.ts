import { describe, expect, it } from 'vitest';
import { startReferenceProcess } from './reference-process.ts';

describe('reference server as a child process', () => {
  it('starts on free loopback ports, answers health, and stops', async () => {
    const server = await startReferenceProcess({
      dataset: 'fixtures/datasets/golden',
      faults: '',
      latency: '',
    });
    try {
      expect(server.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const health = await fetch(`${server.apiBase}/health`, { signal: AbortSignal.timeout(5_000) });
      expect(await health.json()).toEqual({ ok: true, service: 'cobranzas-api-v1' });
    } finally {
      await server.stop();
    }
    await expect(fetch(`${server.apiBase}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });

  it('an unknown fault stops the start with the server own message', async () => {
    await expect(
      startReferenceProcess({ dataset: 'fixtures/datasets/golden', faults: 'no-such-fault', latency: '' }),
    ).rejects.toThrow(/exited with 2 before READY: .*no-such-fault/s);
  });
});
