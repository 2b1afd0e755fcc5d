import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import {
  type ComposeDriver,
  type ComposePlan,
  ComposeStartError,
  ComposeUnavailableError,
  composePlan,
  describeFailedStart,
  startComposeTarget,
} from './compose.ts';
import { COMPOSE_READY_LINE, composeReadyLine, playwrightRetryCommand } from './compose-web-server.ts';
import { TARGET_ENV } from './target.ts';

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
        const ports: Record<string, number> = { 'api-v1-1': 32768, 'dashboard-1': 32769 };
        return {
          getContainer: (name) => ({ getHost: () => 'localhost', getMappedPort: () => ports[name] ?? 0 }),
          down: async () => {
            calls.push('down');
          },
        };
      },
    };
    const logged: string[] = [];
    const started = await startComposeTarget(config, {
      driver,
      retryCommand: 'npm run test:compose',
      log: (line) => logged.push(line),
    });
    expect(seenPlan).toEqual({
      directory: '/srv/cobranzas',
      file: 'docker-compose.yml',
      profile: 'prod',
      startupTimeoutMs: 300_000,
      waits: [
        { service: 'api-v1', container: 'api-v1-1', path: '/api/v1/health', port: 8000 },
        { service: 'dashboard', container: 'dashboard-1', path: '/api/check-files', port: 5000 },
      ],
      retryCommand: 'npm run test:compose',
    });
    expect(logged).toEqual([
      expect.stringMatching(
        /^compose stack up, both services healthy in \d+\.\d s: api-v1 http:\/\/localhost:32768\/api\/v1, dashboard http:\/\/localhost:32769$/,
      ),
    ]);
    expect(started.target).toEqual({
      mode: 'compose',
      apiBase: 'http://localhost:32768/api/v1',
      legacyBase: 'http://localhost:32769',
    });
    await started.tearDown();
    expect(calls).toEqual(['check', 'up', 'down']);
    expect(logged[1]).toMatch(/^compose stack down in \d+\.\d s$/);
  });

  it("the service names follow the system's compose file unless overridden", () => {
    const renamed = parseConfig({
      TARGET: 'compose',
      COMPOSE_API_SERVICE: 'api',
      COMPOSE_LEGACY_SERVICE: 'legacy',
    });
    expect(composePlan(renamed).waits.map((wait) => wait.container)).toEqual(['api-1', 'legacy-1']);
    expect(parseConfig({ TARGET: 'compose' }).COMPOSE_FILE).toBe('reference-server/docker-compose.yml');
  });

  it('the retry command repeats the Playwright arguments of this run', () => {
    const argv = ['/usr/bin/node', '/x/node_modules/.bin/playwright', 'test', '--project', 'smoke'];
    expect(playwrightRetryCommand(config, argv)).toBe(
      'TARGET=compose COMPOSE_FILE=/srv/cobranzas/docker-compose.yml COMPOSE_PROFILE=prod npx playwright test --project smoke',
    );
  });

  it('a service that does not come up is named with its last log lines and the commands to run next', () => {
    const plan = composePlan(config, 'npm run test:compose -- --project smoke');
    const message = describeFailedStart(
      plan,
      plan.waits[1],
      'URL /api/check-files not accessible after 300000ms',
      ['reference-server: --dataset fixtures/datasets/golden: not a folder'],
    );
    expect(message.split('\n')).toEqual([
      'compose service "dashboard" did not come up: GET /api/check-files on its port 5000 did not answer 2xx within 300 s (URL /api/check-files not accessible after 300000ms)',
      'last 1 log lines of dashboard:',
      '  | reference-server: --dataset fixtures/datasets/golden: not a folder',
      'to watch it start: docker compose -f /srv/cobranzas/docker-compose.yml --profile prod up dashboard',
      'to retry: npm run test:compose -- --project smoke',
    ]);
  });

  it('a stack that fails to come up at all is reported with the file and the retry command', async () => {
    const driver: ComposeDriver = {
      checkEngine: async () => {},
      up: async () => {
        throw new Error('service "api-v1" refers to undefined volume data');
      },
    };
    const attempt = startComposeTarget(config, { driver, retryCommand: 'npm run test:compose' });
    await expect(attempt).rejects.toThrow(ComposeStartError);
    await expect(attempt).rejects.toThrow(
      /\/srv\/cobranzas\/docker-compose.yml \(profile prod\) did not come up: service "api-v1" refers to undefined volume data\nto retry: npm run test:compose$/,
    );
  });

  it('tears the stack down when its URLs cannot be read', async () => {
    const calls: string[] = [];
    const driver: ComposeDriver = {
      checkEngine: async () => {},
      up: async () => ({
        getContainer: () => {
          throw new Error('no container api-v1-1');
        },
        down: async () => {
          calls.push('down');
        },
      }),
    };
    await expect(startComposeTarget(config, { driver })).rejects.toThrow(/no container api-v1-1/);
    expect(calls).toEqual(['down']);
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
    await expect(startComposeTarget(config, { driver, engineCheckTimeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms/,
    );
  });
});

describe("the compose stack as the run's webServer", () => {
  it('hands both URLs over in the names the workers read (Playwright upper-cases the groups)', () => {
    const line = composeReadyLine({
      apiBase: 'http://127.0.0.1:32768/api/v1',
      legacyBase: 'http://127.0.0.1:32769',
    });
    const groups = COMPOSE_READY_LINE.exec(`[WebServer] ${line}`)?.groups ?? {};
    expect(
      Object.fromEntries(Object.entries(groups).map(([name, value]) => [name.toUpperCase(), value])),
    ).toEqual({
      [TARGET_ENV.composeApiBase]: 'http://127.0.0.1:32768/api/v1',
      [TARGET_ENV.composeLegacyBase]: 'http://127.0.0.1:32769',
    });
  });
});
