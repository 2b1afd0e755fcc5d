// API v1 behaviour over app.inject: the permission matrix, the error contract on every kind of
// failure, brokers config normalization and validation, preferences, analytics filters and meta,
// and the reference-only state endpoints.

import { beforeAll, describe, expect, it } from 'vitest';
import { get, login, post, type TestServer, testServer } from './test-support.ts';

type Caller = 'anonymous' | 'viewer' | 'analyst' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'viewer', 'analyst', 'admin'];

interface MatrixRow {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  permission: string | null;
}

const FILTERS = { un: ['ODONTOLOGIA'], gestion_month: ['12/2025'] };
const MATRIX: MatrixRow[] = [
  { method: 'GET', path: '/health', permission: null },
  { method: 'GET', path: '/brokers/supervisors-scope', permission: 'brokers:read' },
  {
    method: 'POST',
    path: '/brokers/supervisors-scope',
    body: { supervisors: ['FVBROKEREAS'] },
    permission: 'brokers:write_config',
  },
  { method: 'GET', path: '/brokers/commissions', permission: 'brokers:read' },
  { method: 'POST', path: '/brokers/commissions', body: { rules: [] }, permission: 'brokers:write_config' },
  { method: 'GET', path: '/brokers/prizes', permission: 'brokers:read' },
  { method: 'POST', path: '/brokers/prizes', body: { rules: [] }, permission: 'brokers:write_config' },
  { method: 'GET', path: '/brokers/preferences', permission: 'brokers:read' },
  { method: 'POST', path: '/brokers/preferences', body: { filters: {} }, permission: 'brokers:read' },
  { method: 'POST', path: '/analytics/portfolio/summary', body: FILTERS, permission: 'analytics:read' },
  { method: 'POST', path: '/analytics/rendimiento/summary', body: FILTERS, permission: 'analytics:read' },
  { method: 'POST', path: '/analytics/mora/summary', body: FILTERS, permission: 'analytics:read' },
  { method: 'POST', path: '/analytics/brokers/summary', body: FILTERS, permission: 'analytics:read' },
  {
    method: 'POST',
    path: '/analytics/export/csv',
    body: { endpoint: 'mora', filters: FILTERS },
    permission: 'analytics:export',
  },
  {
    method: 'POST',
    path: '/analytics/export/pdf',
    body: { endpoint: 'mora', filters: FILTERS },
    permission: 'analytics:export',
  },
  {
    method: 'POST',
    path: '/analytics/export',
    body: { endpoint: 'mora', format: 'csv', filters: FILTERS },
    permission: 'analytics:export',
  },
];

// The contract's role table, written out by hand.
const GRANTS: Record<Exclude<Caller, 'anonymous'>, string[]> = {
  admin: ['brokers:read', 'brokers:write_config', 'analytics:read', 'analytics:export', 'system:read'],
  analyst: ['brokers:read', 'analytics:read', 'system:read'],
  viewer: ['brokers:read', 'analytics:read'],
};

function expected(row: MatrixRow, caller: Caller): number {
  if (row.permission === null) return 200;
  if (caller === 'anonymous') return 401;
  return GRANTS[caller].includes(row.permission) ? 200 : 403;
}

let server: TestServer;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  server = testServer();
  for (const role of ['viewer', 'analyst', 'admin'] as const)
    tokens[role] = (await login(server.api, role)).access_token;
});

describe('permission matrix', () => {
  const cases = MATRIX.flatMap((row) =>
    CALLERS.map((caller) => [`${row.method} ${row.path} as ${caller}`, row, caller] as const),
  );
  it.each(cases)('%s', async (_name, row, caller) => {
    const token = tokens[caller];
    const url = `/api/v1${row.path}`;
    const res =
      row.method === 'GET' ? await get(server.api, url, token) : await post(server.api, url, row.body, token);
    expect(res.statusCode).toBe(expected(row, caller));
    if (res.statusCode === 403)
      expect(res.json()).toMatchObject({ error_code: 'FORBIDDEN', details: { required: row.permission } });
    if (res.statusCode === 401) expect(res.json()).toMatchObject({ error_code: 'UNAUTHORIZED' });
  });
});

describe('error contract', () => {
  function expectContract(
    res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T },
    status: number,
    code: string,
  ): void {
    expect(res.statusCode).toBe(status);
    const body = res.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['error_code', 'message', 'details', 'trace_id']);
    expect(body.error_code).toBe(code);
    expect(typeof body.trace_id).toBe('string');
    expect(res.headers['x-trace-id']).toBe(body.trace_id);
  }

  it('holds for 401, 403, 404, 422 (bad JSON and bad filters), 400 and unknown routes', async () => {
    expectContract(await get(server.api, '/api/v1/brokers/commissions'), 401, 'UNAUTHORIZED');
    expectContract(
      await post(server.api, '/api/v1/brokers/commissions', { rules: [] }, tokens.viewer),
      403,
      'FORBIDDEN',
    );
    expectContract(await get(server.api, '/api/v1/no/such/route'), 404, 'NOT_FOUND');
    expectContract(await get(server.api, '/elsewhere'), 404, 'NOT_FOUND');
    expectContract(
      await get(server.api, '/api/v1/analytics/portfolio/summary', tokens.admin),
      404,
      'NOT_FOUND',
    );
    expectContract(
      await post(server.api, '/api/v1/analytics/mora/summary', '{"un": [', tokens.admin),
      422,
      'INVALID_PAYLOAD',
    );
    expectContract(
      await post(server.api, '/api/v1/analytics/mora/summary', { gestion_month: ['13/2025'] }, tokens.admin),
      422,
      'INVALID_PAYLOAD',
    );
    expectContract(
      await post(server.api, '/api/v1/analytics/export/csv', { endpoint: 'nope' }, tokens.admin),
      400,
      'INVALID_EXPORT_ENDPOINT',
    );
    const odd = await server.api.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=admin',
    });
    expectContract(odd, 422, 'INVALID_PAYLOAD');
  });

  it("echoes the request's own x-trace-id, and generates one otherwise", async () => {
    const res = await get(server.api, '/api/v1/brokers/prizes', undefined, {
      'x-trace-id': 'suite-trace-42',
    });
    expect(res.headers['x-trace-id']).toBe('suite-trace-42');
    expect(res.json()).toMatchObject({ trace_id: 'suite-trace-42' });
    const ok = await get(server.api, '/api/v1/health', undefined, { 'x-trace-id': 'abc' });
    expect(ok.headers['x-trace-id']).toBe('abc');
    const a = await get(server.api, '/api/v1/nope');
    const b = await get(server.api, '/api/v1/nope');
    expect(a.json<{ trace_id: string }>().trace_id).not.toBe(b.json<{ trace_id: string }>().trace_id);
  });

  it('an oversized body is refused with the contract body', async () => {
    const big = { username: 'a', password: 'b', pad: 'x'.repeat(1_100_000) };
    expectContract(await post(server.api, '/api/v1/auth/login', big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unexpected exception is 500 INTERNAL_ERROR with the contract body (no internals leaked)', async () => {
    const s = testServer();
    s.api.get('/api/v1/__boom', async () => {
      throw new Error('secret internals');
    });
    s.legacy.get('/__boom', async () => {
      throw new Error('secret internals');
    });
    const res = await get(s.api, '/api/v1/__boom', undefined, { 'x-trace-id': 't-500' });
    expectContract(res, 500, 'INTERNAL_ERROR');
    expect(res.body).not.toContain('secret internals');
    const legacy = await get(s.legacy, '/__boom');
    expect(legacy.statusCode).toBe(500);
    expect(legacy.json()).toEqual({
      error_code: 'INTERNAL_ERROR',
      code: 'INTERNAL_ERROR',
      message: 'Error interno',
      details: null,
    });
  });

  it('health answers ok', async () => {
    expect((await get(server.api, '/api/v1/health')).json()).toEqual({
      ok: true,
      service: 'cobranzas-api-v1',
    });
  });
});

describe('brokers config', () => {
  it('starts as the legacy config (as if migrated) and is separate from the legacy store', async () => {
    const s = testServer();
    const admin = (await login(s.api, 'admin')).access_token;
    const legacy = (await get(s.legacy, '/api/commissions')).json();
    expect((await get(s.api, '/api/v1/brokers/commissions', admin)).json()).toEqual(legacy);
    expect((await get(s.api, '/api/v1/brokers/prizes', admin)).json()).toEqual(
      (await get(s.legacy, '/api/prizes')).json(),
    );
    // The legacy list (FVBROKEREAS, FVBROKEREASCDE, MARIA GONZALEZ, JUAN BENITEZ, CARLOS ACUÑA) as v1 stores it.
    expect((await get(s.api, '/api/v1/brokers/supervisors-scope', admin)).json()).toEqual({
      supervisors: ['CARLOS ACUÑA', 'FVBROKEREAS', 'FVBROKEREASCDE', 'JUAN BENITEZ', 'MARIA GONZALEZ'],
    });
    await post(s.api, '/api/v1/brokers/commissions', { rules: [] }, admin);
    expect((await get(s.legacy, '/api/commissions')).json()).toEqual(legacy);
  });

  it('normalizes the supervisors scope: trimmed, upper-cased, de-duplicated, sorted', async () => {
    const s = testServer();
    const admin = (await login(s.api, 'admin')).access_token;
    const res = await post(
      s.api,
      '/api/v1/brokers/supervisors-scope',
      { supervisors: [' zeta ', 'Alfa', 'ALFA', 'beta', '  '] },
      admin,
    );
    expect(res.json()).toEqual({ supervisors: ['ALFA', 'BETA', 'ZETA'] });
    expect((await get(s.api, '/api/v1/brokers/supervisors-scope', admin)).json()).toEqual({
      supervisors: ['ALFA', 'BETA', 'ZETA'],
    });
  });

  it('stores rules exactly, in order, and refuses bad shapes with 422', async () => {
    const s = testServer();
    const admin = (await login(s.api, 'admin')).access_token;
    const rules = [
      { supervisors: ['B'], uns: ['__ALL__'], vias: ['DEBITO'], months: ['02/2026'], factor: 0.5 },
      { supervisors: ['A'], uns: ['X'], vias: [], months: [], factor: 3 },
    ];
    await post(s.api, '/api/v1/brokers/commissions', { rules }, admin);
    expect((await get(s.api, '/api/v1/brokers/commissions', admin)).json()).toEqual({ rules });
    const prizes = [
      { supervisors: ['A'], uns: [], months: ['__ALL__'], meta: 3, scales: [{ minPct: 90, prize: 1000 }] },
    ];
    await post(s.api, '/api/v1/brokers/prizes', { rules: prizes }, admin);
    expect((await get(s.api, '/api/v1/brokers/prizes', admin)).json()).toEqual({ rules: prizes });

    const bad = [
      { rules: 'nope' },
      { rules: [{ supervisors: ['A'], uns: [], vias: [], months: [] }] },
      { rules: [{ supervisors: 'A', uns: [], vias: [], months: [], factor: 1 }] },
      { rules: [{ supervisors: [], uns: [], vias: [], months: ['2026-01'], factor: 1 }] },
      { rules: [{ supervisors: [], uns: [], vias: [], months: [], factor: -1 }] },
    ];
    for (const body of bad) {
      const res = await post(s.api, '/api/v1/brokers/commissions', body, admin);
      expect(res.statusCode).toBe(422);
      expect(res.json<{ details: { errors: unknown[] } }>().details.errors.length).toBeGreaterThan(0);
    }
    const badPrize = await post(
      s.api,
      '/api/v1/brokers/prizes',
      { rules: [{ supervisors: [], uns: [], months: [], meta: 1, scales: [{ minPct: 'x', prize: 1 }] }] },
      admin,
    );
    expect(badPrize.statusCode).toBe(422);
    expect((await get(s.api, '/api/v1/brokers/commissions', admin)).json()).toEqual({ rules });
  });
});

describe('preferences', () => {
  it('start empty, round-trip per user, survive a fresh login, and stay isolated', async () => {
    const s = testServer();
    const viewer = (await login(s.api, 'viewer')).access_token;
    const analyst = (await login(s.api, 'analyst')).access_token;
    const empty = { filters: { supervisors: [], uns: [], vias: [], years: [], months: [] } };
    expect((await get(s.api, '/api/v1/brokers/preferences', viewer)).json()).toEqual(empty);
    const saved = {
      filters: {
        supervisors: ['FVBROKEREAS'],
        uns: ['ODONTOLOGIA'],
        vias: [],
        years: ['2025'],
        months: ['12/2025'],
      },
    };
    expect((await post(s.api, '/api/v1/brokers/preferences', saved, viewer)).json()).toEqual(saved);
    const again = (await login(s.api, 'viewer')).access_token;
    expect((await get(s.api, '/api/v1/brokers/preferences', again)).json()).toEqual(saved);
    expect((await get(s.api, '/api/v1/brokers/preferences', analyst)).json()).toEqual(empty);
    expect(
      (await post(s.api, '/api/v1/brokers/preferences', { filters: { uns: 'X' } }, viewer)).statusCode,
    ).toBe(422);
    expect((await post(s.api, '/api/v1/brokers/preferences', {}, viewer)).statusCode).toBe(422);
  });
});

describe('analytics', () => {
  it('validates filters: lists of strings, MM/YYYY months, YYYY years; unknown keys ignored', async () => {
    const bad = [
      { un: 'ODONTOLOGIA' },
      { un: [1] },
      { gestion_month: ['1/2025'] },
      { contract_month: ['13/2025'] },
      { anio: ['25'] },
      ['un'],
    ];
    for (const body of bad) {
      const res = await post(server.api, '/api/v1/analytics/portfolio/summary', body, tokens.viewer);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
    const ok = await post(
      server.api,
      '/api/v1/analytics/portfolio/summary',
      { un: ['ODONTOLOGIA'], whatever: 1 },
      tokens.viewer,
    );
    expect(ok.statusCode).toBe(200);
    // Recorded legacy figures for un=ODONTOLOGIA (fixtures/golden: summary_un_odontologia).
    expect(ok.json()).toMatchObject({
      total: 2204,
      vigente: 1992,
      moroso: 212,
      totalDebt: 702610000,
      totalPaid: 322461000,
    });
  });

  it('every payload carries the v1 meta', async () => {
    for (const endpoint of ['portfolio', 'rendimiento', 'mora', 'brokers']) {
      const res = await post(
        server.api,
        `/api/v1/analytics/${endpoint}/summary`,
        { anio: ['2026'] },
        tokens.analyst,
      );
      expect(res.statusCode).toBe(200);
      const meta = res.json<{ meta: Record<string, unknown> }>().meta;
      expect(Object.keys(meta).sort()).toEqual(['cutoff', 'filters', 'generated_at', 'signature', 'source']);
      expect(meta.source).toBe('api-v1');
      expect(meta.filters).toMatchObject({ anio: ['2026'], un: [] });
      expect(meta.generated_at).toBe(new Date(server.clock.now).toISOString());
    }
  });

  it('portfolio carries byGestion whose months sum to the totals', async () => {
    const res = await post(server.api, '/api/v1/analytics/portfolio/summary', {}, tokens.viewer);
    const body = res.json<{
      total: number;
      totalDebt: number;
      byGestion: Record<string, { total: number; debt: number }>;
    }>();
    const months = Object.values(body.byGestion);
    expect(months.reduce((a, m) => a + m.total, 0)).toBe(body.total);
    expect(months.reduce((a, m) => a + m.debt, 0)).toBe(body.totalDebt);
  });
});

describe('reference-only endpoints', () => {
  it('state fingerprint changes with config and returns when restored; the request log lists non-GETs', async () => {
    const s = testServer();
    const admin = (await login(s.api, 'admin')).access_token;
    const before = (await get(s.api, '/__reference/state')).json<{ fingerprint: string }>();
    const original = (await get(s.api, '/api/v1/brokers/supervisors-scope', admin)).json();
    await post(s.api, '/api/v1/brokers/supervisors-scope', { supervisors: ['ONLY'] }, admin);
    const changed = (await get(s.api, '/__reference/state')).json<{ fingerprint: string }>();
    expect(changed.fingerprint).not.toBe(before.fingerprint);
    await post(s.api, '/api/v1/brokers/supervisors-scope', original, admin);
    await post(s.api, '/api/v1/brokers/preferences', { filters: { uns: ['X'] } }, admin);
    await post(s.api, '/api/v1/brokers/preferences', { filters: {} }, admin);
    expect((await get(s.api, '/__reference/state')).json<{ fingerprint: string }>().fingerprint).toBe(
      before.fingerprint,
    );

    await post(s.legacy, '/api/brokers/summary', {});
    await get(s.legacy, '/analytics/ops/reset');
    await get(s.legacy, '/analytics/ops/metrics');
    const log = (await get(s.api, '/__reference/requests')).json<{
      requests: { app: string; method: string; path: string }[];
    }>();
    expect(log.requests.map((r) => `${r.app} ${r.method} ${r.path}`)).toEqual([
      'api POST /api/v1/auth/login',
      'api POST /api/v1/brokers/supervisors-scope',
      'api POST /api/v1/brokers/supervisors-scope',
      'api POST /api/v1/brokers/preferences',
      'api POST /api/v1/brokers/preferences',
      'legacy POST /api/brokers/summary',
      'legacy GET /analytics/ops/reset',
    ]);
  });

  it('production-like mode behaves the same and says so', async () => {
    const s = testServer({ productionLike: true });
    await login(s.api, 'viewer');
    expect((await get(s.api, '/__reference/requests')).json()).toMatchObject({
      production_like: true,
      requests: [{ method: 'POST' }],
    });
  });
});
