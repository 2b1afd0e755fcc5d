import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import {
  type ComposeDriver,
  type ComposePlan,
  ComposeUnavailableError,
  startComposeTarget,
} from './compose.ts';

const config = parseConfig({ TARGET: 'compose', COMPOSE_FILE: '/srv/cobranzas/docker-compose.yml' });

describe('compose target', () => {
  it('brings up the prod profile, waits on both health endpoints, maps URLs and tears down', async () => {
    const calls: string[] = [];
    let seenPlan: ComposePlan | undefined;
    const driver: ComposeDriver = {
      checkEngine: async () => {
        calls.push('check');
      },
      up: async (plan) => {
        seenPlan = plan;
        calls.push('up');
        const ports: Record<string, number> = { 'api-1': 32768, 'dashboard-1': 32769 };
        return {
          getContainer: (name) => ({ getHost: () => 'localhost', getMappedPort: () => ports[name] ?? 0 }),
          down: async () => {
            calls.push('down');
          },
        };
      },
    };
    const started = await startComposeTarget(config, driver);
    expect(seenPlan).toEqual({
      directory: '/srv/cobranzas',
      file: 'docker-compose.yml',
      profile: 'prod',
      startupTimeoutMs: 300_000,
      waits: [
        { container: 'api-1', path: '/api/v1/health', port: 8000 },
        { container: 'dashboard-1', path: '/api/check-files', port: 5000 },
      ],
    });
    expect(started.target).toEqual({
      mode: 'compose',
      apiBase: 'http://localhost:32768/api/v1',
      legacyBase: 'http://localhost:32769',
    });
    await started.tearDown();
    expect(calls).toEqual(['check', 'up', 'down']);
  });

  it('without a container engine it fails in seconds naming the other modes (real testcontainers)', async () => {
    const started = Date.now();
    const attempt = startComposeTarget(config);
    await expect(attempt).rejects.toThrow(ComposeUnavailableError);
    await expect(attempt).rejects.toThrow(/TARGET=reference .*TARGET=external/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('an engine check that hangs is cut off by the timeout', async () => {
    const driver: ComposeDriver = {
      checkEngine: () => new Promise(() => {}),
      up: async () => {
        throw new Error('must not be reached');
      },
    };
    await expect(startComposeTarget(config, driver, 50)).rejects.toThrow(/timed out after 50 ms/);
  });
});
