// Legacy dashboard app: config GET/POST (bare list and object forms), its error shape, 404s,
// check-files and query parsing.

import { describe, expect, it } from 'vitest';
import { queryLists } from './legacy-app.ts';
import { get, post, testServer } from './test-support.ts';

describe('legacy app', () => {
  it('round-trips the legacy config in both JSON forms', async () => {
    const s = testServer();
    const rule = { supervisors: ['A'], uns: ['__ALL__'], vias: ['COBRADOR'], months: [], factor: 2 };
    expect((await post(s.legacy, '/api/commissions', [rule])).json()).toEqual({ ok: true, rules: [rule] });
    expect((await get(s.legacy, '/api/commissions')).json()).toEqual({ rules: [rule] });
    const prize = { supervisors: ['A'], uns: [], months: [], meta: 2, scales: [{ minPct: 50, prize: 10 }] };
    await post(s.legacy, '/api/prizes', { rules: [prize] });
    expect((await get(s.legacy, '/api/prizes')).json()).toEqual({ rules: [prize] });
    await post(s.legacy, '/api/brokers-supervisors', { supervisors: ['x ', 'Y'] });
    expect((await get(s.legacy, '/api/brokers-supervisors')).json()).toEqual({ supervisors: ['x ', 'Y'] });
  });

  it('answers errors as {error_code, code, message, details}', async () => {
    const s = testServer();
    const bad = await post(s.legacy, '/api/commissions', '{nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error_code: 'INVALID_JSON',
      code: 'INVALID_JSON',
      message: 'JSON invalido',
      details: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
    });
    expect((await post(s.legacy, '/api/prizes', { rules: 'x' })).json()).toMatchObject({
      code: 'INVALID_CONFIG',
    });
    for (const url of ['/cartera.csv', '/data/commissions_rules.json', '/.env', '/', '/api/v1/health']) {
      const res = await get(s.legacy, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toEqual({
        error_code: 'NOT_FOUND',
        code: 'NOT_FOUND',
        message: 'Recurso no encontrado',
        details: null,
      });
    }
    expect((await post(s.legacy, '/analytics/portfolio/summary?un=X', {})).statusCode).toBe(404);
  });

  it('check-files reports the dataset files and the absent analytics cache', async () => {
    const s = testServer();
    expect((await get(s.legacy, '/api/check-files')).json()).toEqual({
      cartera: true,
      cobranzas: true,
      gestores: true,
      contratos: true,
      analytics: false,
      analytics_meta: false,
    });
  });

  it('reads repeated and encoded query parameters as lists', () => {
    expect(queryLists('/x?un=A&un=B%20C&gestion_month=01%2F2026&empty=')).toEqual({
      un: ['A', 'B C'],
      gestion_month: ['01/2026'],
      empty: [''],
    });
    expect(queryLists('/x')).toEqual({});
  });

  it('filters repeated or comma-joined give the same answer', async () => {
    const s = testServer();
    const a = (await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA&un=OFTALMOLOGIA')).json<{
      total: number;
    }>();
    const b = (await get(s.legacy, '/analytics/portfolio/summary?un=ODONTOLOGIA,OFTALMOLOGIA')).json<{
      total: number;
    }>();
    expect(a.total).toBe(b.total);
    expect(a.total).toBeGreaterThan(2204);
  });
});
