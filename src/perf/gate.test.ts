// The perf gate end to end against an in-process fake API with known latencies.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { parseEvidenceRecord } from '../evidence/record.ts';
import { measureCeilingContext } from './ceiling.ts';
import { runPerfEndpoint } from './endpoint-run.ts';
import { runPerfGate } from './gate.ts';
import { NON_LOOPBACK_DEFAULT_MAX_RPS, perfGateOptionsFromConfig, perfSettings } from './gate-options.ts';
import { formatPerfTable, perfEvidenceRecord } from './report.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJuZXZlci1wcmludGVkIn0.c2lnbmF0dXJlLW5ldmVyLXByaW50ZWQ';
const PASSWORD = 'secret-pw-never-printed';

interface FakeApi {
  apiBase: string;
  bodies: Map<string, Set<string>>;
  unauthorized: number;
  close(): Promise<void>;
}

/** /api/v1 with login, health, and analytics answering after `delayMs` (+ `slow` every 10th). */
async function startFakeApi(options: {
  delayMs: number;
  slow?: { path: string; delayMs: number };
  loginStatus?: number;
}): Promise<FakeApi> {
  const bodies = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  const api: FakeApi = { apiBase: '', bodies, unauthorized: 0, close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '').replace('/api/v1', '');
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (path === '/health') return answer(200, { ok: true, service: 'cobranzas-api-v1' });
      if (path === '/auth/login') {
        const status = options.loginStatus ?? 200;
        const ok = status === 200 && JSON.parse(body).password === PASSWORD;
        return ok
          ? answer(200, {
              access_token: TOKEN,
              refresh_token: 'r',
              token_type: 'bearer',
              role: 'admin',
              permissions: [],
            })
          : answer(status === 200 ? 401 : status, { error_code: 'UNAUTHORIZED' });
      }
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        api.unauthorized += 1;
        return answer(401, { error_code: 'UNAUTHORIZED' });
      }
      const seen = bodies.get(path) ?? new Set<string>();
      seen.add(body);
      bodies.set(path, seen);
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const slow = options.slow?.path === path && count % 10 === 0 ? options.slow.delayMs : 0;
      setTimeout(() => answer(200, { total: count }), options.delayMs + slow);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  api.apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  api.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return api;
}

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function options(apiBase: string, environment: Record<string, string> = {}) {
  const config = parseConfig({
    E2E_ADMIN_PASSWORD: PASSWORD,
    PERF_SAMPLES: '60',
    PERF_CONNECTIONS: '4',
    PERF_DURATION_S: '10',
    PERF_WARMUP_REQUESTS: '4',
    ...environment,
  });
  return perfGateOptionsFromConfig(config, apiBase, { ceilingSeconds: 0.5, judgeBodies: false });
}

describe('runPerfGate', () => {
  it('passes fast endpoints, fails the slow one on its budget, and never leaks the credentials', async () => {
    api = await startFakeApi({ delayMs: 5, slow: { path: '/analytics/mora/summary', delayMs: 300 } });
    const result = await runPerfGate(
      options(api.apiBase, { PERF_ENDPOINTS: 'portfolio,mora,login', PERF_P95_BUDGETS: 'mora=200' }),
    );
    const byName = Object.fromEntries(result.rows.map((row) => [row.endpoint, row]));
    expect(result.rows.map((row) => row.endpoint)).toEqual(['portfolio', 'mora', 'login']);
    expect(byName.portfolio).toMatchObject({ samples: 60, non2xx: 0, budget_ms: 1200, verdict: 'pass' });
    // 6 of 60 delayed 300 ms: nearest-rank p95 (rank 57) is one of them.
    expect(byName.mora).toMatchObject({ samples: 60, budget_ms: 200, verdict: 'fail' });
    expect(byName.mora?.p95_ms).toBeGreaterThanOrEqual(300);
    expect(byName.login?.verdict).toBe('pass');
    expect(result.verdict).toBe('fail');
    expect(result.reasons).toContain('not passing: mora fail');
    expect(result.generator?.rps).toBeGreaterThan(0);
    expect(api.unauthorized).toBe(0);
    // The analytics bodies vary: 60 distinct filter sets reached the server for each endpoint.
    expect(api.bodies.get('/analytics/portfolio/summary')?.size).toBe(60);
    const table = formatPerfTable(result.rows);
    expect(table).not.toContain(TOKEN);
    expect(table).not.toContain(PASSWORD);
    expect(result.samples.portfolio).toHaveLength(60);

    const target = { mode: 'external' as const, apiBase: api.apiBase, legacyBase: 'http://127.0.0.1:1' };
    const record = parseEvidenceRecord(perfEvidenceRecord(result, target, '0.1.0'));
    expect(record).toMatchObject({ gate: 'perf', verdict: 'fail', reasons: ['not passing: mora fail'] });
    expect(Object.keys(record.figures).slice(0, 3)).toEqual([
      'portfolio_p95_ms',
      'mora_p95_ms',
      'login_p95_ms',
    ]);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(record.figures).not.toHaveProperty('samples');
  });

  it('a failed login fails the gate with the status, before any load', async () => {
    api = await startFakeApi({ delayMs: 0, loginStatus: 503 });
    const result = await runPerfGate(options(api.apiBase));
    expect(result.verdict).toBe('fail');
    expect(result.rows).toEqual([]);
    expect(result.reasons[0]).toMatch(/could not log in .*HTTP 503/);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('one endpoint with a token taken elsewhere: the per-endpoint entry point of the Playwright spec', async () => {
    api = await startFakeApi({ delayMs: 2 });
    const gate = options(api.apiBase, { PERF_SAMPLES: '40' });
    const ceiling = await measureCeilingContext(gate);
    expect(ceiling.unknown).toBe(false);
    expect(ceiling.ceilingForJudge).toBe(ceiling.generator.rps);
    const { row, samples } = await runPerfEndpoint('portfolio', gate, TOKEN, ceiling);
    expect(row).toMatchObject({ endpoint: 'portfolio', samples: 40, non2xx: 0, verdict: 'pass' });
    expect(samples).toHaveLength(40);
    expect(api.unauthorized).toBe(0);
  });

  it('a saturation verdict against a stale, low ceiling re-measures it and judges with the fresh one', async () => {
    api = await startFakeApi({ delayMs: 0 });
    const gate = options(api.apiBase, { PERF_SAMPLES: '40' });
    const fresh = await measureCeilingContext(gate);
    const freshRps = fresh.generator.rps ?? 0;
    // A ceiling taken while the machine was busy: 1 req/s, below anything the endpoint achieves.
    const stale = { ...fresh, generator: { ...fresh.generator, rps: 1 }, ceilingForJudge: 1 };
    const { row, ceiling } = await runPerfEndpoint('portfolio', gate, TOKEN, stale);
    expect(row.generator_saturated).toBe(false);
    expect(row.verdict).toBe('pass');
    expect(
      row.reasons.some((reason) => /re-measured after a saturation verdict.*\(first 1 req\/s\)/.test(reason)),
    ).toBe(true);
    expect(ceiling.ceilingForJudge).toBeGreaterThan(1);
    // Same order as the first measurement: a real figure, not the stale one.
    expect(ceiling.ceilingForJudge).toBeGreaterThan(freshRps / 10);
  });

  it('an unknown generator ceiling keeps an otherwise passing endpoint inconclusive', async () => {
    api = await startFakeApi({ delayMs: 2 });
    const gate = options(api.apiBase, { PERF_SAMPLES: '20' });
    const unknown = {
      generator: {
        url: 'http://127.0.0.1:9/api/v1/health',
        connections: 4,
        rps: null,
        responses: 0,
        non2xx: 0,
        errors: 4,
        elapsedSeconds: 0,
        limitedByRateCap: false,
        saturationRatio: 0.8,
      },
      ceilingForJudge: undefined,
      unknown: true,
      reasons: ['generator ceiling unknown (no answer from /health): saturation cannot be excluded'],
    };
    const { row } = await runPerfEndpoint('mora', gate, TOKEN, unknown);
    expect(row.verdict).toBe('inconclusive');
    expect(row.reasons).toContain(
      'generator ceiling unknown (no answer from /health): saturation cannot be excluded',
    );
  });

  it('an unreachable target fails the gate naming the error', async () => {
    const result = await runPerfGate(options('http://127.0.0.1:9/api/v1', { PERF_ENDPOINTS: 'mora' }));
    expect(result.verdict).toBe('fail');
    expect(result.reasons[0]).toContain('could not log in');
  });
});

describe('perfGateOptionsFromConfig', () => {
  it('takes every figure from the configuration', () => {
    const config = parseConfig({
      PERF_ENDPOINTS: 'login, mora',
      PERF_P95_BUDGETS: 'mora=800',
      PERF_SAMPLES: '300',
      PERF_MAX_RPS: '50',
    });
    const gate = perfGateOptionsFromConfig(config, 'http://127.0.0.1:1/api/v1');
    expect(gate).toMatchObject({
      apiBase: 'http://127.0.0.1:1/api/v1',
      username: 'admin',
      endpoints: ['mora', 'login'],
      samples: 300,
      connections: 4,
      durationSeconds: 15,
      warmupRequests: 20,
      maxRps: 50,
      budgetMs: 1200,
      budgetOverrides: { mora: 800 },
      maxErrorRatePct: 0,
    });
  });

  it('leaves login out of the default list when the target login limit cannot take its load, and says why', () => {
    // 200 samples + 20 warm-up logins in one window against the contract's 10 per 60 s.
    const external = parseConfig({ TARGET: 'external' });
    const gate = perfGateOptionsFromConfig(external, external.API_V1_BASE);
    expect(gate.endpoints).toEqual(['portfolio', 'rendimiento', 'mora', 'brokers']);
    expect(gate.excludedEndpoints?.login).toBe(
      'login load needs 220 logins (PERF_SAMPLES + PERF_WARMUP_REQUESTS) and the target allows 10 per 60 s ' +
        '(E2E_LOGIN_RATE_LIMIT): list login in PERF_ENDPOINTS to load it anyway, after raising the limit for the test account',
    );
    // A limit that takes exactly the load keeps login.
    const raised = parseConfig({ TARGET: 'external', E2E_LOGIN_RATE_LIMIT: '220/60' });
    expect(perfGateOptionsFromConfig(raised, raised.API_V1_BASE).endpoints).toContain('login');
    expect(perfGateOptionsFromConfig(raised, raised.API_V1_BASE).excludedEndpoints).toBeUndefined();
    // An operator who lists login gets it whatever the limit.
    const chosen = parseConfig({ TARGET: 'external', PERF_ENDPOINTS: 'mora,login' });
    expect(perfGateOptionsFromConfig(chosen, chosen.API_V1_BASE).endpoints).toEqual(['mora', 'login']);
    // The reference server is started with a limit that takes the load (600 per 60 s).
    expect(perfGateOptionsFromConfig(parseConfig({}), 'http://127.0.0.1:1/api/v1').endpoints).toContain(
      'login',
    );
  });

  it('caps the rate at 20 req/s against a target off this machine unless PERF_MAX_RPS says otherwise', () => {
    expect(NON_LOOPBACK_DEFAULT_MAX_RPS).toBe(20);
    const remote = parseConfig({
      TARGET: 'external',
      API_V1_BASE: 'https://api.cobranzas.example.com/api/v1',
      LEGACY_BASE: 'https://dash.cobranzas.example.com',
    });
    const capped = perfGateOptionsFromConfig(remote, remote.API_V1_BASE);
    expect(capped).toMatchObject({ maxRps: 20, maxRpsSource: 'non-loopback default', durationSeconds: 15 });
    expect(perfSettings(capped)).toMatchObject({ maxRps: 20, maxRpsSource: 'non-loopback default' });

    const explicit = parseConfig({ TARGET: 'external', API_V1_BASE: remote.API_V1_BASE, PERF_MAX_RPS: '5' });
    expect(perfGateOptionsFromConfig(explicit, explicit.API_V1_BASE)).toMatchObject({
      maxRps: 5,
      maxRpsSource: 'PERF_MAX_RPS',
    });

    // The resolved target decides too: a loopback configuration pointed at a remote API is capped.
    const local = parseConfig({});
    expect(perfGateOptionsFromConfig(local, 'http://127.0.0.1:8000/api/v1').maxRps).toBeUndefined();
    expect(perfSettings(perfGateOptionsFromConfig(local, 'http://127.0.0.1:8000/api/v1'))).toMatchObject({
      maxRps: null,
      maxRpsSource: null,
    });
    expect(perfGateOptionsFromConfig(local, 'http://10.0.0.5:8000/api/v1').maxRps).toBe(20);
  });

  it('defaults to the four analytics summaries and login; refuses unknown names', () => {
    expect(parseConfig({}).PERF_ENDPOINTS).toEqual(['portfolio', 'rendimiento', 'mora', 'brokers', 'login']);
    expect(() => parseConfig({ PERF_ENDPOINTS: 'mora,anuales' })).toThrow(
      /PERF_ENDPOINTS="mora,anuales".*unknown anuales/,
    );
  });
});
