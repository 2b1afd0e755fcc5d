import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BrokersPreferences,
  BrokersSummary,
  ExportAliasRequest,
  ExportRequest,
  Health,
  LoginRequest,
  MoraSummary,
  PortfolioSummary,
  RefreshRequest,
  RendimientoSummary,
  RevokeResult,
  SupervisorsScope,
  TokenPair,
} from './v1.ts';

interface GoldenCase {
  case: string;
  response: Record<string, unknown>;
}
const golden: GoldenCase[] = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
);
function recorded(name: string): Record<string, unknown> {
  const found = golden.find((item) => item.case === name);
  if (!found) throw new Error(`golden case ${name} is missing`);
  return structuredClone(found.response);
}

function firstIssuePath(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) return '(accepted)';
  return parsed.error.issues[0]?.path.join('.') ?? '';
}

// Shaped like a JWT; the content is irrelevant to the schema.
const ACCESS = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
const REFRESH = 'eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJyZWZyZXNoIn0.b3RoZXI';

describe('v1 health and auth', () => {
  it('health is {ok: true, service: "cobranzas-api-v1"}; a further field is additive', () => {
    expect(Health.safeParse({ ok: true, service: 'cobranzas-api-v1' }).success).toBe(true);
    expect(firstIssuePath(Health, { ok: false, service: 'cobranzas-api-v1' })).toBe('ok');
    expect(firstIssuePath(Health, { ok: true, service: 'other' })).toBe('service');
    // The contract: fields beyond the documented ones are additive (accepted, left out of the value).
    expect(Health.parse({ ok: true, service: 'cobranzas-api-v1', version: '1' })).toEqual({
      ok: true,
      service: 'cobranzas-api-v1',
    });
  });

  const pair = {
    access_token: ACCESS,
    refresh_token: REFRESH,
    token_type: 'bearer',
    role: 'analyst',
    permissions: ['brokers:read', 'analytics:read', 'system:read'],
  };

  it('token pair: role, permissions and bearer type are checked', () => {
    expect(TokenPair.safeParse(pair).success).toBe(true);
    expect(firstIssuePath(TokenPair, { ...pair, token_type: 'Bearer' })).toBe('token_type');
    expect(firstIssuePath(TokenPair, { ...pair, role: 'root' })).toBe('role');
    expect(firstIssuePath(TokenPair, { ...pair, permissions: ['brokers:admin'] })).toBe('permissions.0');
    expect(firstIssuePath(TokenPair, { ...pair, access_token: 'opaque-session-id' })).toBe('access_token');
    const { refresh_token: _dropped, ...withoutRefresh } = pair;
    expect(firstIssuePath(TokenPair, withoutRefresh)).toBe('refresh_token');
  });

  it('login and refresh request bounds follow the contract (1..128, 10..1024)', () => {
    expect(LoginRequest.safeParse({ username: 'a', password: 'x'.repeat(128) }).success).toBe(true);
    expect(firstIssuePath(LoginRequest, { username: '', password: 'x' })).toBe('username');
    expect(firstIssuePath(LoginRequest, { username: 'a', password: 'x'.repeat(129) })).toBe('password');
    expect(RefreshRequest.safeParse({ refresh_token: 'x'.repeat(10) }).success).toBe(true);
    expect(firstIssuePath(RefreshRequest, { refresh_token: 'x'.repeat(9) })).toBe('refresh_token');
    expect(firstIssuePath(RefreshRequest, { refresh_token: 'x'.repeat(1025) })).toBe('refresh_token');
  });

  it('revoke answers {ok: boolean}; a further field is additive', () => {
    expect(RevokeResult.safeParse({ ok: false }).success).toBe(true);
    expect(firstIssuePath(RevokeResult, { ok: 'true' })).toBe('ok');
    expect(RevokeResult.parse({ ok: true, revoked: 1 })).toEqual({ ok: true });
    expect(firstIssuePath(RevokeResult, {})).toBe('ok');
  });
});

describe('v1 brokers config and preferences', () => {
  it('scope is {supervisors: string[]}', () => {
    expect(SupervisorsScope.safeParse(recorded('legacy_brokers_supervisors')).success).toBe(true);
    expect(firstIssuePath(SupervisorsScope, { supervisors: 'FVBROKEREAS' })).toBe('supervisors');
  });

  it('preferences carry all five lists; a further field is additive', () => {
    const saved = {
      filters: { supervisors: ['A'], uns: [], vias: [], years: ['2026'], months: ['01/2026'] },
    };
    expect(BrokersPreferences.safeParse(saved).success).toBe(true);
    const { months: _months, ...fourLists } = saved.filters;
    expect(firstIssuePath(BrokersPreferences, { filters: fourLists })).toBe('filters.months');
    expect(firstIssuePath(BrokersPreferences, saved.filters)).toBe('filters');
    expect(BrokersPreferences.parse({ filters: { ...saved.filters, tramos: [] } })).toEqual(saved);
  });
});

describe('v1 analytics summaries (legacy payloads)', () => {
  const portfolio = {
    ...recorded('runbook_portfolio_summary'),
    byGestion: recorded('runbook_portfolio_trend').byGestion,
  };

  it('portfolio = the legacy summary + meta; byGestion, when a server adds it, is checked', () => {
    expect(PortfolioSummary.safeParse(portfolio).error?.issues ?? []).toEqual([]);
    // The contract's v1 portfolio is the legacy summary: 60e174c answers it without byGestion.
    const { byGestion: _byGestion, ...legacyOnly } = portfolio;
    expect(PortfolioSummary.safeParse(legacyOnly).success).toBe(true);
    expect(firstIssuePath(PortfolioSummary, { ...legacyOnly, totalPaid: undefined })).toBe('totalPaid');
    const badMonth = { ...portfolio, byGestion: { '2026-01': {} } };
    expect(firstIssuePath(PortfolioSummary, badMonth)).toBe('byGestion.2026-01');
    const negative = { ...portfolio, vigente: -1 };
    expect(firstIssuePath(PortfolioSummary, negative)).toBe('vigente');
  });

  it('rendimiento, mora and brokers accept the recorded runbook payloads', () => {
    expect(RendimientoSummary.safeParse(recorded('runbook_performance')).success).toBe(true);
    expect(MoraSummary.safeParse(recorded('runbook_moroso_trend')).success).toBe(true);
    expect(BrokersSummary.safeParse(recorded('brokers_2026_all')).success).toBe(true);
    expect(BrokersSummary.safeParse(recorded('runbook_brokers')).success).toBe(true);
  });

  it('brokers: {rows, ...}: meta optional, a further key additive, the legacy fields typed when present', () => {
    const withMeta = { ...recorded('runbook_brokers'), meta: { source: 'api', cutoff: null, filters: {} } };
    expect(BrokersSummary.safeParse(withMeta).success).toBe(true);
    // The customer's v1 answer: rows and fields of its own, none of the legacy's other fields.
    const customer = {
      rows: [],
      totalContracts: 0,
      bySupervisor: {},
      meta: { source: 'api-v1', cutoff: '', filters: {} },
    };
    expect(BrokersSummary.parse(customer)).toEqual({ rows: [], meta: customer.meta });
    // Its meta is additive: the customer's v1 sends only a source.
    expect(BrokersSummary.parse({ rows: [], meta: { source: 'api-v1' } })).toEqual({
      rows: [],
      meta: { source: 'api-v1' },
    });
    expect(
      firstIssuePath(BrokersSummary, { ...recorded('runbook_brokers'), summary: { totalContracts: 'x' } }),
    ).toBe('summary.totalContracts');
    expect(firstIssuePath(BrokersSummary, { prizeByMonthSup: {} })).toBe('rows');
  });

  it('rendimiento without totalContractsPaid, mora with a string count, brokers without rows fail', () => {
    const rendimiento = recorded('runbook_performance');
    delete rendimiento.totalContractsPaid;
    expect(firstIssuePath(RendimientoSummary, rendimiento)).toBe('totalContractsPaid');

    const mora = recorded('runbook_moroso_trend');
    mora.vigente_base_count = ['15'];
    expect(firstIssuePath(MoraSummary, mora)).toBe('vigente_base_count.0');

    const brokers = recorded('runbook_brokers');
    delete brokers.rows;
    expect(firstIssuePath(BrokersSummary, brokers)).toBe('rows');
  });
});

describe('v1 export requests', () => {
  it('endpoint must be one of the four summaries; the alias also needs a format', () => {
    expect(ExportRequest.safeParse({ endpoint: 'mora', filters: { anio: ['2026'] } }).success).toBe(true);
    expect(firstIssuePath(ExportRequest, { endpoint: 'anuales', filters: {} })).toBe('endpoint');
    expect(firstIssuePath(ExportAliasRequest, { endpoint: 'mora', filters: {} })).toBe('format');
    expect(firstIssuePath(ExportAliasRequest, { endpoint: 'mora', format: 'xlsx', filters: {} })).toBe(
      'format',
    );
  });
});
