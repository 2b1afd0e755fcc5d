// Every fault of the catalogue changes behaviour (one check each, against the clean server where
// the difference matters), KPI faults leave the legacy truth alone, and unknown names are refused.

import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildReferenceServer } from '../app.ts';
import {
  FAULT_NAMES,
  FAULTS,
  type FaultName,
  kpiVariantOf,
  parseFaults,
  UnknownFaultError,
} from '../faults.ts';
import { ALL, commissionOf, prizeOf } from '../kpis/brokers.ts';
import { base64url, get, login, post, type TestServer, testServer } from './test-support.ts';

const V1 = '/api/v1';
const ALL_PERMISSIONS = [
  'brokers:read',
  'brokers:write_config',
  'analytics:read',
  'analytics:export',
  'system:read',
];

async function adminToken(s: TestServer): Promise<string> {
  return (await login(s.api, 'admin')).access_token;
}

async function v1Json<T = Record<string, unknown>>(
  s: TestServer,
  path: string,
  body: unknown,
  role = 'admin',
): Promise<T> {
  const res = await post(s.api, `${V1}${path}`, body, (await login(s.api, role)).access_token);
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

interface BrokersBody {
  rows: { supervisor: string; montoCuota: number; commission: number }[];
}
const sumOf = (rows: BrokersBody['rows'], key: 'montoCuota' | 'commission') =>
  rows.reduce((a, r) => a + r[key], 0);

/** Asserts the planted behaviour on a server with only that fault. */
const CHECKS: Record<FaultName, (s: TestServer) => Promise<void>> = {
  'health-down': async (s) => {
    const res = await get(s.api, `${V1}/health`);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE', details: { ok: false } });
  },
  'check-files-missing': async (s) => {
    expect((await get(s.legacy, '/api/check-files')).json()).toMatchObject({
      cartera: true,
      cobranzas: false,
    });
  },
  'refresh-not-rotated': async (s) => {
    const { refresh_token } = await login(s.api, 'viewer');
    expect((await post(s.api, `${V1}/auth/refresh`, { refresh_token })).statusCode).toBe(200);
    expect((await post(s.api, `${V1}/auth/refresh`, { refresh_token })).statusCode).toBe(200);
  },
  'revoke-noop': async (s) => {
    const { refresh_token } = await login(s.api, 'viewer');
    expect((await post(s.api, `${V1}/auth/revoke`, { refresh_token })).json()).toEqual({ ok: true });
    expect((await post(s.api, `${V1}/auth/refresh`, { refresh_token })).statusCode).toBe(200);
  },
  'accepts-alg-none': async (s) => {
    const claims = {
      sub: 'admin',
      role: 'admin',
      permissions: ALL_PERMISSIONS,
      exp: s.clock.now / 1000 + 600,
    };
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    expect((await get(s.api, `${V1}/brokers/commissions`, token)).statusCode).toBe(200);
  },
  'accepts-expired': async (s) => {
    // The suite never knows the secret: an expired token signed with some other key.
    const token = await new SignJWT({ role: 'admin', permissions: ALL_PERMISSIONS })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('admin')
      .setExpirationTime(Math.floor(s.clock.now / 1000) - 3600)
      .sign(new Uint8Array(randomBytes(32)));
    expect((await get(s.api, `${V1}/brokers/commissions`, token)).statusCode).toBe(200);
  },
  'refresh-as-access': async (s) => {
    const { refresh_token } = await login(s.api, 'admin');
    expect((await get(s.api, `${V1}/brokers/commissions`, refresh_token)).statusCode).toBe(200);
  },
  'example-secrets-accepted': async (s) => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ role: 'admin', permissions: ALL_PERMISSIONS, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('admin')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('change_me_jwt_secret'));
    expect((await get(s.api, `${V1}/brokers/supervisors-scope`, forged)).statusCode).toBe(200);
  },
  'exp-ignored': async (s) => {
    const token = await adminToken(s);
    s.clock.now += 16 * 60_000;
    expect((await get(s.api, `${V1}/brokers/commissions`, token)).statusCode).toBe(200);
  },
  'verify-cache-by-signature': async (s) => {
    const viewer = (await login(s.api, 'viewer')).access_token;
    expect((await get(s.api, `${V1}/brokers/commissions`, viewer)).statusCode).toBe(200);
    const [header, payload, signature] = viewer.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const tampered = `${header}.${base64url({ ...claims, role: 'admin', permissions: ALL_PERMISSIONS })}.${signature}`;
    const scope = { supervisors: ['X'] };
    expect((await post(s.api, `${V1}/brokers/supervisors-scope`, scope, tampered)).statusCode).toBe(200);
  },
  'malformed-token-500': async (s) => {
    expect((await get(s.api, `${V1}/brokers/commissions`, 'not-a-jwt')).statusCode).toBe(500);
  },
  'no-lockout': async (s) => {
    for (let i = 0; i < 6; i++)
      await post(s.api, `${V1}/auth/login`, { username: 'lockout-probe', password: 'bad' });
    expect(
      (await post(s.api, `${V1}/auth/login`, { username: 'lockout-probe', password: 'lockout123' }))
        .statusCode,
    ).toBe(200);
  },
  'lockout-short': async (s) => {
    for (let i = 0; i < 5; i++)
      await post(s.api, `${V1}/auth/login`, { username: 'lockout-probe', password: 'bad' });
    const blocked = await post(s.api, `${V1}/auth/login`, {
      username: 'lockout-probe',
      password: 'lockout123',
    });
    expect(blocked.statusCode).toBe(403);
    const until = Date.parse(blocked.json<{ details: { blocked_until: string } }>().details.blocked_until);
    expect(until - s.clock.now).toBe(60_000);
  },
  'error-without-trace-id': async (s) => {
    const res = await get(s.api, `${V1}/brokers/commissions`, undefined, { 'x-trace-id': 'mine' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).not.toHaveProperty('trace_id');
    expect(res.headers['x-trace-id']).toBeUndefined();
  },
  'viewer-can-write-config': async (s) => {
    const viewer = (await login(s.api, 'viewer')).access_token;
    expect(
      (await post(s.api, `${V1}/brokers/supervisors-scope`, { supervisors: ['X'] }, viewer)).statusCode,
    ).toBe(200);
    expect(s.state.v1Config.supervisors).toEqual(['X']);
  },
  'analyst-can-export': async (s) => {
    const analyst = (await login(s.api, 'analyst')).access_token;
    expect(
      (await post(s.api, `${V1}/analytics/export/csv`, { endpoint: 'mora', filters: {} }, analyst))
        .statusCode,
    ).toBe(200);
  },
  'scope-not-normalized': async (s) => {
    const admin = await adminToken(s);
    await post(s.api, `${V1}/brokers/supervisors-scope`, { supervisors: [' b ', 'a', 'a'] }, admin);
    expect((await get(s.api, `${V1}/brokers/supervisors-scope`, admin)).json()).toEqual({
      supervisors: [' b ', 'a', 'a'],
    });
  },
  'rules-reordered': async (s) => {
    const admin = await adminToken(s);
    const rules = [
      { supervisors: ['A'], uns: [], vias: [], months: [], factor: 1 },
      { supervisors: ['B'], uns: [], vias: [], months: [], factor: 2 },
    ];
    await post(s.api, `${V1}/brokers/commissions`, { rules }, admin);
    expect((await get(s.api, `${V1}/brokers/commissions`, admin)).json()).toEqual({
      rules: [rules[1], rules[0]],
    });
  },
  'writes-limited-per-client': async (s) => {
    // 30 anonymous writes (each answered 401) spend the client's budget: the admin's next write is refused.
    for (let i = 0; i < 30; i += 1) await post(s.api, `${V1}/brokers/commissions`, { rules: [] });
    const res = await post(s.api, `${V1}/brokers/commissions`, { rules: [] }, await adminToken(s));
    expect(res.statusCode).toBe(429);
  },
  'revoke-twice-ok': async (s) => {
    const { refresh_token } = await login(s.api, 'viewer');
    expect((await post(s.api, `${V1}/auth/revoke`, { refresh_token })).json()).toEqual({ ok: true });
    expect((await post(s.api, `${V1}/auth/revoke`, { refresh_token })).json()).toEqual({ ok: true });
    expect((await post(s.api, `${V1}/auth/refresh`, { refresh_token })).statusCode).toBe(401);
  },
  'portfolio-without-bygestion': async (s) => {
    const v1 = await v1Json(s, '/analytics/portfolio/summary', { anio: ['2025'] });
    expect(Object.keys(v1).sort()).toEqual(
      ['cobrador', 'debito', 'meta', 'moroso', 'total', 'totalDebt', 'totalPaid', 'vigente'].sort(),
    );
  },
  'commission-factor-ignored': async (s) => {
    const v1 = await v1Json<BrokersBody>(s, '/analytics/brokers/summary', { anio: ['2025'] });
    expect(v1.rows.length).toBeGreaterThan(0);
    expect(sumOf(v1.rows, 'commission')).toBe(0);
    const legacy = (await post(s.legacy, '/api/brokers/summary', { years: ['2025'] })).json<BrokersBody>();
    expect(sumOf(legacy.rows, 'commission')).toBeGreaterThan(0);
  },
  // The v1 KPI code computes with the variant of the server's faults.
  'commission-last-rule-wins': async (s) => {
    const rule = { supervisors: [ALL], uns: [ALL], vias: [ALL], months: [], factor: 1 };
    const contract = { supervisor: 'S', un: 'U', via: 'V', month: '01/2025', montoCuota: 100 };
    expect(commissionOf([rule, { ...rule, factor: 2 }], contract, kpiVariantOf(s.state.faults))).toBe(200);
  },
  'prize-scales-ignored': async (s) => {
    const rule = { supervisors: [ALL], uns: [], months: [], meta: 100, scales: [{ minPct: 90, prize: 500 }] };
    // 10 sales of a meta of 100 reach no scale: the truth is 0.
    expect(prizeOf([rule], 'S', '01/2025', new Map([['U', 10]]), kpiVariantOf(s.state.faults))).toBe(500);
  },
  'prefs-shared-between-users': async (s) => {
    const saved = { filters: { supervisors: ['A'], uns: [], vias: [], years: [], months: [] } };
    await post(s.api, `${V1}/brokers/preferences`, saved, (await login(s.api, 'viewer')).access_token);
    expect(
      (await get(s.api, `${V1}/brokers/preferences`, (await login(s.api, 'analyst')).access_token)).json(),
    ).toEqual(saved);
  },
  'prefs-lost-between-sessions': async (s) => {
    const saved = { filters: { supervisors: ['A'], uns: [], vias: [], years: [], months: [] } };
    const first = (await login(s.api, 'viewer')).access_token;
    await post(s.api, `${V1}/brokers/preferences`, saved, first);
    expect((await get(s.api, `${V1}/brokers/preferences`, first)).json()).toEqual(saved);
    const fresh = (await login(s.api, 'viewer')).access_token;
    expect(
      (await get(s.api, `${V1}/brokers/preferences`, fresh)).json<{ filters: { supervisors: string[] } }>()
        .filters.supervisors,
    ).toEqual([]);
  },
  'config-migration-drift': async (s) => {
    const legacy = (await get(s.legacy, '/api/prizes')).json<{ rules: unknown[] }>().rules;
    const v1 = (await get(s.api, `${V1}/brokers/prizes`, await adminToken(s))).json<{ rules: unknown[] }>()
      .rules;
    expect(v1).toEqual(legacy.slice(0, -1));
  },
  'slow-analytics': async (s) => {
    for (let i = 0; i < 20; i++) await post(s.api, `${V1}/analytics/mora/summary`, {});
    expect(s.delays).toEqual([1500, 1500]);
  },
  'slow-tail-4pct': async (s) => {
    for (let i = 0; i < 50; i++) await post(s.api, `${V1}/analytics/mora/summary`, {});
    expect(s.delays).toEqual([1500, 1500]);
  },
  'analytics-5xx-3pct': async (s) => {
    const admin = await adminToken(s);
    const failed: number[] = [];
    for (let i = 1; i <= 66; i++) {
      const res = await post(
        s.api,
        `${V1}/analytics/rendimiento/summary`,
        { gestion_month: ['12/2025'] },
        admin,
      );
      if (res.statusCode !== 200) {
        expect(res.json()).toMatchObject({ error_code: 'INTERNAL_ERROR' });
        failed.push(i);
      }
    }
    expect(failed).toEqual([33, 66]);
  },
  'metrics-error-burst': async (s) => {
    await get(s.legacy, '/analytics/ops/metrics');
    await get(s.legacy, '/analytics/ops/metrics');
    const third = (await get(s.legacy, '/analytics/ops/metrics')).json<{
      metrics: { by_endpoint: Record<string, unknown> };
    }>();
    expect(third.metrics.by_endpoint['/analytics/portfolio/summary']).toMatchObject({
      requests: 100,
      errors: 6,
      error_rate_pct: 6,
    });
  },
  'legacy-anuales-500': async (s) => {
    expect((await get(s.legacy, '/analytics/anuales/summary?anio=2026')).statusCode).toBe(500);
    expect((await get(s.legacy, '/analytics/portfolio/summary?anio=2026')).statusCode).toBe(200);
    const metrics = (await get(s.legacy, '/analytics/ops/metrics')).json<{
      metrics: { by_endpoint: Record<string, { requests: number; errors: number }> };
    }>();
    expect(metrics.metrics.by_endpoint['/analytics/anuales/summary']).toMatchObject({
      requests: 1,
      errors: 1,
    });
  },
  'metrics-frozen': async (s) => {
    const first = (await get(s.legacy, '/analytics/ops/metrics')).json();
    await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA');
    s.clock.now += 5000;
    expect((await get(s.legacy, '/analytics/ops/metrics')).json()).toEqual(first);
    await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA');
    expect((await get(s.legacy, '/analytics/ops/metrics')).json()).toEqual(first);
  },
  'metrics-reset': async (s) => {
    await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA');
    const first = (await get(s.legacy, '/analytics/ops/metrics')).json<{
      metrics: { started_at: number; by_endpoint: object };
    }>();
    await get(s.legacy, '/analytics/ops/metrics');
    s.clock.now += 10_000;
    const third = (await get(s.legacy, '/analytics/ops/metrics')).json<{
      metrics: { started_at: number; by_endpoint: object };
    }>();
    expect(Object.keys(first.metrics.by_endpoint)).toEqual(['/analytics/portfolio/summary']);
    expect(third.metrics.by_endpoint).toEqual({});
    expect(third.metrics.started_at).toBe(first.metrics.started_at + 10);
  },
  'legacy-serves-raw-files': async (s) => {
    const csv = await get(s.legacy, '/cartera.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toContain('id_contrato');
    expect((await get(s.legacy, '/data/commissions_rules.json')).json()).toHaveProperty('rules');
    expect((await get(s.legacy, '/.env')).body).toContain('SECRET_KEY=');
    const listing = await get(s.legacy, '/');
    expect(listing.statusCode).toBe(200);
    expect(listing.body).toContain('cobranzas_prepagas.csv');
    expect((await get(s.legacy, '/../package.json')).statusCode).toBe(404);
  },
  'legacy-serves-working-directory': async (s) => {
    const database = await get(s.legacy, '/data/app_v1.db');
    expect(database.statusCode).toBe(200);
    expect(database.rawPayload.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect((await get(s.legacy, '/.cache/analytics_index.pkl.gz')).rawPayload[0]).toBe(0x1f);
    expect((await get(s.legacy, '/ops/')).body).toContain('nightly_snapshot.py');
    expect((await get(s.legacy, '/backend/app/core/config.py')).body).toContain('class Settings');
    // Only what a working directory adds: the dataset and .env are not served by this fault.
    expect((await get(s.legacy, '/cartera.csv')).statusCode).toBe(404);
    expect((await get(s.legacy, '/.env')).statusCode).toBe(404);
  },
  'vigente-off-by-one': async (s) => {
    const v1 = await v1Json<{ vigente: number; moroso: number }>(s, '/analytics/portfolio/summary', {
      un: ['ODONTOLOGIA'],
    });
    // golden summary_un_odontologia: vigente 1992, moroso 212 (total 2204).
    expect(v1.vigente).toBeLessThan(1992);
    expect(v1.vigente + v1.moroso).toBe(2204);
  },
  'via-pago-ignored': async (s) => {
    const v1 = await v1Json<{ totalPaid: number }>(s, '/analytics/rendimiento/summary', {
      via_pago: ['COBRADOR'],
      gestion_month: ['11/2025'],
    });
    // golden performance_via_pago_cobrador_11_2025: totalPaid 51326000; all channels: 90461000.
    expect(v1.totalPaid).toBe(90461000);
  },
  'mora-pct-previous-base': async (s) => {
    const v1 = await v1Json<{ moroso_transition_pct: number[] }>(s, '/analytics/mora/summary', {
      anio: ['2026'],
    });
    // golden anio_2026_moroso_trend: [1.296, 1.087, 1.931]; the first month has no previous base.
    expect(v1.moroso_transition_pct).not.toEqual([1.296, 1.087, 1.931]);
    expect(v1.moroso_transition_pct[0]).toBe(0);
  },
  'mora3m-off-by-one': async (s) => {
    type Mora3mBody = { rows: { mora3m: number }[] };
    const v1 = await v1Json<Mora3mBody>(s, '/analytics/brokers/summary', { anio: ['2025'] });
    const legacy = (await post(s.legacy, '/api/brokers/summary', { years: ['2025'] })).json<Mora3mBody>();
    const higher = v1.rows.filter((row, index) => row.mora3m === (legacy.rows[index]?.mora3m ?? 0) + 1);
    expect(higher.length).toBeGreaterThan(0);
    expect(v1.rows.length).toBe(legacy.rows.length);
  },
  'transitions-minus-one': async (s) => {
    const v1 = await v1Json<{ moroso_transition_count: number[] }>(s, '/analytics/mora/summary', {
      anio: ['2026'],
    });
    const legacy = (await get(s.legacy, '/analytics/movement/moroso-trend?anio=2026')).json<{
      moroso_transition_count: number[];
    }>();
    expect(v1.moroso_transition_count).toEqual(
      legacy.moroso_transition_count.map((count) => Math.max(0, count - 1)),
    );
    expect(legacy.moroso_transition_count.some((count) => count > 0)).toBe(true);
  },
  'v1-intermittent-5xx': async (s) => {
    const admin = await adminToken(s);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(s.api, `${V1}/analytics/mora/summary`, {}, admin)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 500]);
  },
  'brokers-montocuota-from-debt': async (s) => {
    const v1 = await v1Json<BrokersBody>(s, '/analytics/brokers/summary', { anio: ['2026'] });
    const legacy = (await post(s.legacy, '/api/brokers/summary', { years: ['2026'] })).json<BrokersBody>();
    expect(sumOf(v1.rows, 'montoCuota')).toBeGreaterThan(sumOf(legacy.rows, 'montoCuota'));
  },
  'brokers-scope-ignored': async (s) => {
    // golden brokers_supervisor_not_enabled: LILIANA OZUNA is outside the scope -> no rows.
    const v1 = await v1Json<BrokersBody>(s, '/analytics/brokers/summary', { supervisor: ['LILIANA OZUNA'] });
    expect(v1.rows.length).toBeGreaterThan(0);
  },
  'invalid-month-accepted': async (s) => {
    const admin = await adminToken(s);
    expect(
      (await post(s.api, `${V1}/analytics/mora/summary`, { gestion_month: ['13/2025'] }, admin)).statusCode,
    ).toBe(200);
    expect(
      (await post(s.api, `${V1}/analytics/portfolio/summary`, { contract_month: ['1/2025'] }, admin))
        .statusCode,
    ).toBe(200);
  },
  'bad-month-500': async (s) => {
    const token = await adminToken(s);
    for (const body of [{ gestion_month: ['13/2025'] }, { contract_month: ['00/2025'] }, { anio: ['25'] }]) {
      const res = await post(s.api, `${V1}/analytics/portfolio/summary`, body, token);
      expect(res.statusCode, JSON.stringify(body)).toBe(500);
    }
    expect(
      (await post(s.api, `${V1}/analytics/portfolio/summary`, { gestion_month: ['1/2025'] }, token))
        .statusCode,
    ).toBe(200);
  },
  'config-not-validated': async (s) => {
    const token = await adminToken(s);
    const scope = await post(s.api, `${V1}/brokers/supervisors-scope`, {}, token);
    expect(scope.statusCode).toBe(200);
    expect(scope.json()).toEqual({ supervisors: [] });
    const rule = { supervisors: ['X'], uns: ['Y'], vias: ['COBRADOR'], months: ['01/2026'] };
    const stored = await post(s.api, `${V1}/brokers/commissions`, { rules: [rule] }, token);
    expect(stored.json()).toEqual({ rules: [rule] });
  },
  'v1-forwards-to-legacy': async (s) => {
    const token = await adminToken(s);
    const filters = { un: ['ODONTOLOGIA'] };
    const v1 = await post(s.api, `${V1}/analytics/rendimiento/summary`, filters, token);
    const legacy = await get(s.legacy, '/analytics/performance/by-management-month?un=ODONTOLOGIA');
    expect(v1.json()).toEqual(legacy.json());
    const unfiltered = await post(s.api, `${V1}/analytics/portfolio/summary`, {}, token);
    expect(unfiltered.statusCode).toBe(502);
    expect(unfiltered.json()).toHaveProperty('error_code', 'ANALYTICS_BACKEND_ERROR');
  },
  'v1-brokers-empty': async (s) => {
    const v1 = await v1Json<{ rows: unknown[] }>(s, '/analytics/brokers/summary', {});
    expect(v1.rows).toEqual([]);
    const legacy = await post(s.legacy, '/api/brokers/summary', {});
    expect(legacy.json<{ rows: unknown[] }>().rows.length).toBeGreaterThan(0);
  },
  'mora-fallback-200': async (s) => {
    const token = await adminToken(s);
    const sources: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(s.api, `${V1}/analytics/mora/summary`, { anio: ['2025'] }, token);
      expect(res.statusCode).toBe(200);
      sources.push(res.json<{ meta: { source: string } }>().meta.source);
    }
    expect(sources).toEqual(['api-v1-fallback', 'api-v1', 'api-v1', 'api-v1', 'api-v1']);
  },
  'parity-drift-2pct': async (s) => {
    const v1 = await v1Json<{ totalDebt: number }>(s, '/analytics/portfolio/summary', {
      un: ['ODONTOLOGIA'],
    });
    expect(v1.totalDebt).toBeCloseTo(702610000 * 1.02, 3);
  },
  'parity-drift-half-pct': async (s) => {
    const v1 = await v1Json<{ totalDebt: number }>(s, '/analytics/portfolio/summary', {
      un: ['ODONTOLOGIA'],
    });
    expect(v1.totalDebt).toBeCloseTo(702610000 * 1.005, 3);
  },
  'fake-pdf': async (s) => {
    const res = await post(
      s.api,
      `${V1}/analytics/export/pdf`,
      { endpoint: 'portfolio', filters: { un: ['ODONTOLOGIA'] } },
      await adminToken(s),
    );
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body.startsWith('%PDF-')).toBe(false);
    expect(res.body).toContain('Deuda total: Gs. 702.610.000');
  },
  'csv-drops-last-row': async (s) => {
    const res = await post(
      s.api,
      `${V1}/analytics/export/csv`,
      { endpoint: 'portfolio', filters: { gestion_month: ['11/2025', '12/2025'] } },
      await adminToken(s),
    );
    expect((parse(res.body) as string[][]).map((r) => r[0])).toEqual(['month', '11/2025']);
  },
  'pdf-wrong-totals': async (s) => {
    const res = await post(
      s.api,
      `${V1}/analytics/export/pdf`,
      { endpoint: 'portfolio', filters: { un: ['ODONTOLOGIA'] } },
      await adminToken(s),
    );
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(
      await getDocumentProxy(new Uint8Array(res.rawPayload), { verbosity: 0 }),
      { mergePages: true },
    );
    expect(text).toContain('Deuda total: Gs. 772.871.000');
    expect(text).not.toContain('Gs. 702.610.000');
  },
  'legacy-returns-nothing-comparable': async (s) => {
    const summary = await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA');
    expect(summary.statusCode).toBe(200);
    expect(Object.keys(summary.json())).toEqual(['meta']);
    expect(Object.keys((await post(s.legacy, '/api/brokers/summary', {})).json())).toEqual(['meta']);
    // Errors are still errors.
    expect((await get(s.legacy, '/analytics/portfolio/summary')).statusCode).toBe(400);
  },
};

describe('fault catalogue', () => {
  it('has a description and a check for every fault', () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...FAULT_NAMES].sort());
    for (const name of FAULT_NAMES) expect(FAULTS[name].description.length).toBeGreaterThan(10);
  });

  it('refuses unknown names, naming them and the known ones', () => {
    expect(() => parseFaults(['health-down,nope', 'other'])).toThrow(UnknownFaultError);
    try {
      parseFaults('nope');
    } catch (error) {
      expect(String(error)).toContain('nope');
      expect(String(error)).toContain('health-down');
    }
    expect(() => testServer({ faults: ['no-such-fault'] })).toThrow(/no-such-fault/);
    expect([...parseFaults([' health-down , ', 'fake-pdf', 'health-down'])]).toEqual([
      'health-down',
      'fake-pdf',
    ]);
  });

  it('maps the KPI faults onto KpiVariant flags', () => {
    expect(kpiVariantOf(new Set())).toEqual({});
    expect(kpiVariantOf(new Set(['vigente-off-by-one', 'commission-factor-ignored']))).toEqual({
      vigenteMaxTramo: 2,
      commissionReadsRate: true,
    });
  });

  it.each(FAULT_NAMES.map((name) => [name]))('%s changes behaviour', async (name) => {
    await CHECKS[name](testServer({ faults: [name] }));
  });

  it.each(FAULT_NAMES.map((name) => [name]))('the clean server does not show %s', async (name) => {
    await expect(CHECKS[name](testServer())).rejects.toThrow();
  });

  it('KPI faults leave the legacy endpoints on the truth', async () => {
    const faulty = testServer({
      faults: [
        'vigente-off-by-one',
        'via-pago-ignored',
        'mora-pct-previous-base',
        'brokers-montocuota-from-debt',
        'brokers-scope-ignored',
        'commission-factor-ignored',
      ],
    });
    const clean = testServer();
    for (const url of [
      '/analytics/portfolio/summary?un=ODONTOLOGIA',
      '/analytics/performance/by-management-month?via_pago=COBRADOR&gestion_month=11/2025',
      '/analytics/movement/moroso-trend?anio=2026',
    ]) {
      expect((await get(faulty.legacy, url)).json()).toEqual((await get(clean.legacy, url)).json());
    }
    const body = { years: ['2026'], supervisors: ['LILIANA OZUNA', 'FVBROKEREAS'] };
    expect((await post(faulty.legacy, '/api/brokers/summary', body)).json()).toEqual(
      (await post(clean.legacy, '/api/brokers/summary', body)).json(),
    );
  });

  it('buildReferenceServer accepts a Set of faults', () => {
    const s = buildReferenceServer({
      datasetDir: testServer().state.datasetDir,
      dataset: testServer().state.dataset,
      faults: new Set(['fake-pdf']),
    });
    expect([...s.state.faults]).toEqual(['fake-pdf']);
  });
});
