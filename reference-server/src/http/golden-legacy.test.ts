// Every recorded case of fixtures/golden/golden/legacy_expected.json, replayed over HTTP
// (app.inject) against the legacy app built on fixtures/datasets/golden: same status, same
// error_code, the same JSON paths, strings equal and every number within the parity tolerance
// |a - b| <= 1 + 0.01 * max(1, |a|, |b|). meta.signature is volatile and excluded.
// The ops_metrics case depends on what the recording session had requested before it (and on
// timings), so only its shape is checked: meta.source and, per endpoint, the recorded counters'
// keys plus the volatile ones the recording dropped. brokers_body_not_json sends its recorded raw
// body (`{not json`). Then the v1 endpoints are checked against the legacy ones for several filter
// sets (the contract's parity mapping), meta excluded on both sides.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_EXPECTED_FILE, get, login, post, type TestServer, testServer } from './test-support.ts';

interface GoldenCase {
  case: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string[]>;
  body?: unknown;
  body_raw?: string;
  status: number;
  response: unknown;
  dropped_volatile?: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CASES: GoldenCase[] = JSON.parse(readFileSync(GOLDEN_EXPECTED_FILE, 'utf8'));

function flatten(
  value: unknown,
  exclude: (path: string) => boolean,
  path = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  if (exclude(path)) return out;
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]');
    value.forEach((item, i) => {
      flatten(item, exclude, path === '' ? String(i) : `${path}.${i}`, out);
    });
  } else if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.set(path, '{}');
    for (const key of keys) flatten(value[key], exclude, path === '' ? key : `${path}.${key}`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

function withinTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1.0 + 0.01 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Readable mismatches between two payloads, path by path. */
function differences(expected: unknown, actual: unknown, exclude: (path: string) => boolean): string[] {
  const want = flatten(expected, exclude);
  const got = flatten(actual, exclude);
  const problems: string[] = [];
  for (const [path, value] of want) {
    if (!got.has(path)) {
      problems.push(`missing ${path} (expected ${JSON.stringify(value)})`);
      continue;
    }
    const ours = got.get(path);
    if (typeof value === 'number' && typeof ours === 'number') {
      if (!withinTolerance(value, ours)) problems.push(`${path}: expected ${value}, got ${ours}`);
    } else if (value !== ours) {
      problems.push(`${path}: expected ${JSON.stringify(value)}, got ${JSON.stringify(ours)}`);
    }
  }
  for (const [path, value] of got)
    if (!want.has(path)) problems.push(`extra ${path} (got ${JSON.stringify(value)})`);
  return problems;
}

function queryString(query: Record<string, string[]> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(query ?? {})) for (const v of values) params.append(key, v);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

let server: TestServer;
beforeAll(() => {
  server = testServer();
});

async function replay(c: GoldenCase) {
  if (c.method === 'GET') return get(server.legacy, `${c.path}${queryString(c.query)}`);
  const raw = c.body_raw ?? JSON.stringify(c.body ?? {});
  return server.legacy.inject({
    method: 'POST',
    url: c.path,
    headers: { 'content-type': 'application/json' },
    payload: raw,
  });
}

describe('golden: every recorded legacy case over HTTP', () => {
  it('covers the whole recording', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.case)).size).toBe(CASES.length);
  });

  const exact = CASES.filter((c) => c.case !== 'ops_metrics');
  it.each(exact.map((c) => [c.case, c] as const))('%s', async (_name, c) => {
    const res = await replay(c);
    expect(res.statusCode).toBe(c.status);
    const body: unknown = res.json();
    if (isRecord(c.response) && 'error_code' in c.response) {
      expect(isRecord(body) && body.error_code).toBe(c.response.error_code);
    }
    expect(differences(c.response, body, (path) => path === 'meta.signature')).toEqual([]);
  });

  it('ops_metrics (shape only: its counts depend on the session that recorded it)', async () => {
    const c = CASES.find((x) => x.case === 'ops_metrics');
    if (
      !c ||
      !isRecord(c.response) ||
      !isRecord(c.response.metrics) ||
      !isRecord(c.response.metrics.by_endpoint)
    ) {
      throw new Error('ops_metrics case missing or malformed');
    }
    // Traffic first, so the endpoints the recording lists exist here too.
    for (const path of Object.keys(c.response.metrics.by_endpoint))
      await get(server.legacy, `${path}?un=ODONTOLOGIA`);
    const res = await replay(c);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      meta: unknown;
      metrics: { started_at: unknown; by_endpoint: Record<string, Record<string, unknown>> };
    }>();
    expect(body.meta).toEqual(c.response.meta);
    expect(typeof body.metrics.started_at).toBe('number');
    const recordedKeys = Object.keys(Object.values(c.response.metrics.by_endpoint)[0] as object);
    const volatileKeys = (c.dropped_volatile ?? [])
      .filter((p) => p.startsWith('metrics.by_endpoint.'))
      .map((p) => p.split('.').pop());
    const expectedKeys = [...new Set([...recordedKeys, ...volatileKeys])].sort();
    for (const path of Object.keys(c.response.metrics.by_endpoint)) {
      const entry = body.metrics.by_endpoint[path];
      expect(entry, path).toBeDefined();
      expect(Object.keys(entry ?? {}).sort()).toEqual(expectedKeys);
      for (const value of Object.values(entry ?? {})) expect(typeof value).toBe('number');
    }
  });
});

describe('v1 agrees with the legacy endpoints (contract parity mapping)', () => {
  const FILTER_SETS: Record<string, string[]>[] = [
    { un: ['ODONTOLOGIA'] },
    { gestion_month: ['01/2026', '02/2026', '03/2026'] },
    { supervisor: ['MARIA GONZALEZ', 'JUAN BENITEZ'], via_cobro: ['DEBITO'], categoria: ['VIGENTE'] },
    { via_pago: ['COBRADOR'], gestion_month: ['11/2025'], tramo: ['0', '1'] },
    {
      anio: ['2026'],
      gestion_month: ['01/2026'],
      contract_month: ['01/2026'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
      un: ['MEDICINA ESTETICA'],
      via_cobro: ['COBRADOR'],
    },
    { anio: ['2025'], un: ['ODONTOLOGIA', 'OFTALMOLOGIA'], via_cobro: ['COBRADOR'] },
  ];
  const noMeta = (path: string) => path === 'meta' || path.startsWith('meta.');
  let token: string;
  beforeAll(async () => {
    token = (await login(server.api, 'viewer')).access_token;
  });

  async function v1(path: string, filters: Record<string, string[]>): Promise<unknown> {
    const res = await post(server.api, `/api/v1${path}`, filters, token);
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  async function legacy(path: string, filters: Record<string, string[]>): Promise<unknown> {
    const res = await get(server.legacy, `${path}${queryString(filters)}`);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it.each(FILTER_SETS.map((f) => [JSON.stringify(f), f] as const))('%s', async (_name, filters) => {
    const portfolio = await v1('/analytics/portfolio/summary', filters);
    const summary = await legacy('/analytics/portfolio/summary', filters);
    const trend = await legacy('/analytics/portfolio/trend', filters);
    const legacyPortfolio =
      isRecord(summary) && isRecord(trend) ? { ...summary, byGestion: trend.byGestion } : {};
    expect(differences(legacyPortfolio, portfolio, noMeta)).toEqual([]);

    expect(
      differences(
        await legacy('/analytics/performance/by-management-month', filters),
        await v1('/analytics/rendimiento/summary', filters),
        noMeta,
      ),
    ).toEqual([]);
    expect(
      differences(
        await legacy('/analytics/movement/moroso-trend', filters),
        await v1('/analytics/mora/summary', filters),
        noMeta,
      ),
    ).toEqual([]);

    const brokersBody = {
      supervisors: filters.supervisor ?? [],
      uns: filters.un ?? [],
      vias: filters.via_cobro ?? [],
      years: filters.anio ?? [],
      months: filters.contract_month ?? [],
    };
    const legacyBrokers = (await post(server.legacy, '/api/brokers/summary', brokersBody)).json();
    expect(differences(legacyBrokers, await v1('/analytics/brokers/summary', filters), noMeta)).toEqual([]);
  });
});
