import { describe, expect, it } from 'vitest';
import { RUNBOOK_FILTERS } from '../contract/filters.ts';
import { ContractError } from './expect-ok.ts';
import { fakeTransport } from './fake-transport.ts';
import { V1Client } from './v1-client.ts';

const BASE = 'http://127.0.0.1:8000/api/v1/';
const ACCESS = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWFjY2Vzcw';
const REFRESH = 'eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJyZWZyZXNoIn0.c2lnbmF0dXJlLXJlZnJlc2g';

const pair = {
  access_token: ACCESS,
  refresh_token: REFRESH,
  token_type: 'bearer',
  role: 'admin',
  permissions: ['brokers:read', 'brokers:write_config', 'analytics:read', 'analytics:export', 'system:read'],
};

describe('V1Client', () => {
  it('logs in with a JSON body, no Authorization, a prefixed trace id', async () => {
    const { transport, sent } = fakeTransport([{ json: pair }]);
    const client = new V1Client(BASE, transport, { traceIdPrefix: 'e2e-unit' });
    expect(await client.login('admin', 'admin123')).toEqual(pair);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:8000/api/v1/auth/login',
      json: { username: 'admin', password: 'admin123' },
      timeoutMs: 15_000,
    });
    expect(sent[0]?.headers?.['x-trace-id']).toBe('e2e-unit-1');
    expect(sent[0]?.headers?.authorization).toBeUndefined();
  });

  it('withToken sends the bearer token and keeps trace ids unique across derived clients', async () => {
    const { transport, sent } = fakeTransport([
      { json: { supervisors: [] } },
      { json: { ok: true, service: 'cobranzas-api-v1' } },
      { json: { supervisors: [] } },
    ]);
    const anonymous = new V1Client(BASE, transport, { traceIdPrefix: 'p' });
    const admin = anonymous.withToken(ACCESS);
    await admin.getScope();
    await anonymous.health();
    await anonymous.withToken(ACCESS).getScope();
    expect(sent.map((request) => request.headers?.['x-trace-id'])).toEqual(['p-1', 'p-2', 'p-3']);
    expect(sent.map((request) => request.headers?.authorization)).toEqual([
      `Bearer ${ACCESS}`,
      undefined,
      `Bearer ${ACCESS}`,
    ]);
    expect(sent[0]).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:8000/api/v1/brokers/supervisors-scope',
    });
  });

  it('posts the compacted filters to the summary route', async () => {
    const { transport, sent } = fakeTransport([{ status: 500, json: { error_code: 'INTERNAL_ERROR' } }]);
    const client = new V1Client(BASE, transport).withToken(ACCESS);
    await expect(client.moraSummary({ ...RUNBOOK_FILTERS, tramo: [] })).rejects.toBeInstanceOf(ContractError);
    expect(sent[0]?.url).toBe('http://127.0.0.1:8000/api/v1/analytics/mora/summary');
    expect(sent[0]?.json).toEqual({
      anio: ['2026'],
      gestion_month: ['01/2026'],
      contract_month: ['01/2026'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
      un: ['MEDICINA ESTETICA'],
      via_cobro: ['COBRADOR'],
    });
  });

  it('refuses to send invalid filters through a typed method', async () => {
    const { transport, sent } = fakeTransport();
    await expect(
      new V1Client(BASE, transport).portfolioSummary({ gestion_month: ['1/2026'] }),
    ).rejects.toThrow(/MM\/YYYY/);
    expect(sent).toHaveLength(0);
  });

  it('fails a login answer that breaks the contract, without showing the token', async () => {
    const { transport } = fakeTransport([{ json: { ...pair, token_type: 'Bearer' } }]);
    const error = await new V1Client(BASE, transport, { traceIdPrefix: 't' })
      .login('admin', 'x')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toContain('POST /api/v1/auth/login -> HTTP 200 (trace_id none, sent t-1)');
    expect(error.message).toContain('at token_type');
    expect(error.message).not.toContain(ACCESS);
  });

  it('sends the preferences envelope and the config bodies as given', async () => {
    const filters = { supervisors: ['A'], uns: [], vias: [], years: [], months: [] };
    const rules = {
      rules: [{ supervisors: ['__ALL__'], uns: ['__ALL__'], vias: ['__ALL__'], months: [], factor: 1 }],
    };
    const { transport, sent } = fakeTransport([{ json: { filters } }, { json: rules }]);
    const client = new V1Client(BASE, transport).withToken(ACCESS);
    expect(await client.setPreferences(filters)).toEqual({ filters });
    expect(await client.setCommissions(rules)).toEqual(rules);
    expect(sent.map((request) => [request.method, request.url, request.json])).toEqual([
      ['POST', 'http://127.0.0.1:8000/api/v1/brokers/preferences', { filters }],
      ['POST', 'http://127.0.0.1:8000/api/v1/brokers/commissions', rules],
    ]);
  });

  it('exports: checks the content type and returns the bytes', async () => {
    const { transport, sent } = fakeTransport([
      { body: 'month,count\n', headers: { 'content-type': 'text/csv; charset=utf-8' } },
      { body: '%PDF-1.7', headers: { 'content-type': 'text/html' } },
    ]);
    const client = new V1Client(BASE, transport).withToken(ACCESS);
    const csv = await client.exportCsv('brokers', { anio: ['2026'] });
    expect(new TextDecoder().decode(csv.bytes)).toBe('month,count\n');
    expect(sent[0]?.json).toEqual({ endpoint: 'brokers', filters: { anio: ['2026'] } });
    await expect(client.exportAlias('mora', 'pdf')).rejects.toThrow(
      /expected content-type application\/pdf, got text\/html/,
    );
    expect(sent[1]?.json).toEqual({ endpoint: 'mora', format: 'pdf', filters: {} });
    expect(sent[1]?.url).toBe('http://127.0.0.1:8000/api/v1/analytics/export');
  });

  it('raw: token null drops Authorization, an explicit x-trace-id wins, raw bodies pass through', async () => {
    const { transport, sent } = fakeTransport();
    const client = new V1Client(BASE, transport, { traceIdPrefix: 'r' }).withToken(ACCESS);
    await client.raw('POST', '/brokers/prizes', {
      token: null,
      body: '{not json',
      headers: { 'X-Trace-Id': 'mine' },
    });
    await client.raw('GET', '/brokers/prizes', { token: 'garbage' });
    expect(sent[0]?.headers?.authorization).toBeUndefined();
    expect(sent[0]?.headers?.['x-trace-id']).toBe('mine');
    expect(sent[0]?.body).toBe('{not json');
    expect(sent[1]?.headers?.authorization).toBe('Bearer garbage');
  });
});
