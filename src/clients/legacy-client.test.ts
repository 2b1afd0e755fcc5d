import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNBOOK_FILTERS } from '../contract/filters.ts';
import { ContractError } from './expect-ok.ts';
import { fakeTransport } from './fake-transport.ts';
import { LegacyClient } from './legacy-client.ts';

interface GoldenCase {
  case: string;
  response: unknown;
}
const golden: GoldenCase[] = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
);
const recorded = (name: string): unknown => golden.find((item) => item.case === name)?.response;

describe('LegacyClient', () => {
  it('sends the runbook filters as repeated query parameters and parses the recorded answer', async () => {
    const { transport, sent } = fakeTransport([{ json: recorded('runbook_portfolio_summary') }]);
    const legacy = new LegacyClient('http://127.0.0.1:5000/', transport);
    const summary = await legacy.portfolioSummary(RUNBOOK_FILTERS);
    expect(summary.total).toBe(17);
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.url).toBe(
      'http://127.0.0.1:5000/analytics/portfolio/summary?un=MEDICINA+ESTETICA&anio=2026&gestion_month=01%2F2026' +
        '&contract_month=01%2F2026&via_cobro=COBRADOR&supervisor=FVBROKEREAS&supervisor=FVBROKEREASCDE',
    );
  });

  it('reads every analytics GET from its own path', async () => {
    const { transport, sent } = fakeTransport([
      { json: recorded('runbook_portfolio_trend') },
      { json: recorded('runbook_performance') },
      { json: recorded('runbook_moroso_trend') },
      { json: recorded('anuales_un_odontologia') },
    ]);
    const legacy = new LegacyClient('http://127.0.0.1:5000', transport);
    await legacy.portfolioTrend({ un: ['X'] });
    await legacy.performance({ un: ['X'] });
    await legacy.morosoTrend({ un: ['X'] });
    await legacy.anualesSummary({ un: ['X'] });
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual([
      '/analytics/portfolio/trend',
      '/analytics/performance/by-management-month',
      '/analytics/movement/moroso-trend',
      '/analytics/anuales/summary',
    ]);
  });

  it('posts the brokers body and parses the recorded summary', async () => {
    const { transport, sent } = fakeTransport([{ json: recorded('brokers_q4_2025') }]);
    const legacy = new LegacyClient('http://127.0.0.1:5000', transport);
    const body = { years: ['2025'], months: ['10/2025', '11/2025', '12/2025'] };
    const summary = await legacy.brokersSummary(body);
    expect(summary.rows[0]?.supervisor).toBe('CARLOS ACUÑA');
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:5000/api/brokers/summary',
      json: body,
    });
  });

  it('fails a check-files answer missing a dataset, naming path and field', async () => {
    const files = { ...(recorded('check_files') as Record<string, boolean>) };
    delete files.gestores;
    const { transport } = fakeTransport([{ json: files }]);
    const error = await new LegacyClient('http://127.0.0.1:5000', transport).checkFiles().catch((e) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toContain('GET /api/check-files -> HTTP 200');
    expect(error.message).toContain('at gestores: expected boolean, received nothing (missing)');
  });

  it('raw passes ready-made parameters as given (for the legacy error cases)', async () => {
    const { transport, sent } = fakeTransport([
      { status: 400, json: recorded('error_trend_month_not_zero_padded') },
    ]);
    const reply = await new LegacyClient('http://127.0.0.1:5000', transport).raw(
      'GET',
      '/analytics/portfolio/trend',
      {
        query: new URLSearchParams([['gestion_month', '1/2025']]),
      },
    );
    expect(reply.status).toBe(400);
    expect(sent[0]?.url).toBe('http://127.0.0.1:5000/analytics/portfolio/trend?gestion_month=1%2F2025');
  });
});
