// CSV and PDF exports against the export layout (export-layout.ts): CSV header, rows and plain
// numbers equal to the JSON summary; the PDF is a real PDF whose text holds the filters and totals.

import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, filterLines, formatCount, formatPyg, toCsv } from './export-layout.ts';
import { login, post, type TestServer, testServer } from './test-support.ts';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = testServer();
  admin = (await login(server.api, 'admin')).access_token;
});

async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { pages: totalPages, text };
}

describe('formatting helpers', () => {
  it('formats PYG and counts with dot thousands, rounding half away from zero', () => {
    expect(formatPyg(1234567)).toBe('Gs. 1.234.567');
    expect(formatPyg(999)).toBe('Gs. 999');
    expect(formatPyg(1999.5)).toBe('Gs. 2.000');
    expect(formatPyg(-1999.5)).toBe('-Gs. 2.000');
    expect(formatPyg(-0.4)).toBe('Gs. 0');
    expect(formatCount(2204)).toBe('2.204');
    expect(formatCount(12)).toBe('12');
  });

  it('quotes CSV text only when needed and writes numbers plain', () => {
    expect(csvCell('CARLOS ACUÑA')).toBe('CARLOS ACUÑA');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(1234567.5)).toBe('1234567.5');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\n1,x\n');
  });

  it('lists the set filters in contract order, or says none', () => {
    const none = {
      un: [],
      anio: [],
      gestion_month: [],
      contract_month: [],
      via_cobro: [],
      via_pago: [],
      categoria: [],
      supervisor: [],
      tramo: [],
    };
    expect(filterLines(none)).toEqual(['Filtros: ninguno']);
    expect(filterLines({ ...none, supervisor: ['B'], un: ['X', 'Y'] })).toEqual([
      'Filtros:',
      'un: X, Y',
      'supervisor: B',
    ]);
  });
});

describe('CSV export', () => {
  it('portfolio: one row per byGestion month with the documented columns and plain numbers', async () => {
    const filters = { gestion_month: ['11/2025', '12/2025'] };
    const res = await post(
      server.api,
      '/api/v1/analytics/export/csv',
      { endpoint: 'portfolio', filters },
      admin,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records: string[][] = parse(res.body, { delimiter: ',' });
    // Recorded legacy figures for 12/2025 (golden summary_gestion_month_12_2025): 488 rows, debt 187377000.
    expect(records).toEqual([
      ['month', 'total', 'vigente', 'moroso', 'cobrador', 'debito', 'debt', 'paid', 'paidContracts'],
      ['11/2025', '480', '441', '39', '251', '229', '180857000', '90461000', '383'],
      ['12/2025', '488', '449', '39', '259', '229', '187377000', '89698000', '402'],
    ]);
  });

  it('rendimiento, mora and brokers rows equal the JSON summary', async () => {
    const filters = { anio: ['2026'] };
    const json = async (endpoint: string) =>
      (await post(server.api, `/api/v1/analytics/${endpoint}/summary`, filters, admin)).json();
    const csv = async (endpoint: string): Promise<string[][]> =>
      parse(
        (await post(server.api, '/api/v1/analytics/export', { endpoint, format: 'csv', filters }, admin))
          .body,
      );

    const mora = await json('mora');
    const moraCsv = await csv('mora');
    expect(moraCsv[0]).toEqual([
      'month',
      'moroso_transition_count',
      'vigente_base_count',
      'moroso_transition_pct',
      'avg_cuota',
    ]);
    // golden anio_2026_moroso_trend: labels 01-03/2026, counts 6,5,9, bases 463,460,466.
    expect(moraCsv.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['01/2026', '6', '463', '1.296'],
      ['02/2026', '5', '460', '1.087'],
      ['03/2026', '9', '466', '1.931'],
    ]);
    expect(moraCsv.slice(1).map((r) => Number(r[4]))).toEqual(mora.avg_cuota);

    const rend = await json('rendimiento');
    const rendCsv = await csv('rendimiento');
    expect(rendCsv[0]).toEqual(['month', 'debt', 'paid', 'contracts', 'contractsPaid']);
    expect(rendCsv.length - 1).toBe(Object.keys(rend.trendStats).length);
    expect(rendCsv.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(rend.totalDebt);

    const brokers = await json('brokers');
    const brokersCsv = await csv('brokers');
    expect(brokersCsv[0]).toEqual([
      'month',
      'supervisor',
      'un',
      'via',
      'count',
      'montoCuota',
      'commission',
      'mora3m',
      'prize',
    ]);
    expect(brokersCsv.length - 1).toBe(brokers.rows.length);
    expect(brokersCsv.slice(1).reduce((a, r) => a + Number(r[4]), 0)).toBe(brokers.summary.totalContracts);
  });

  it('unknown endpoint is 400 INVALID_EXPORT_ENDPOINT with the allowed list; bad format 422', async () => {
    const res = await post(server.api, '/api/v1/analytics/export/csv', { endpoint: 'anuales' }, admin);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error_code: 'INVALID_EXPORT_ENDPOINT',
      details: { allowed: ['portfolio', 'rendimiento', 'mora', 'brokers'] },
    });
    expect(
      (await post(server.api, '/api/v1/analytics/export', { endpoint: 'mora', format: 'xls' }, admin))
        .statusCode,
    ).toBe(422);
    expect((await post(server.api, '/api/v1/analytics/export/csv', {}, admin)).statusCode).toBe(422);
    expect(
      (
        await post(
          server.api,
          '/api/v1/analytics/export/csv',
          { endpoint: 'mora', filters: { gestion_month: ['2025-01'] } },
          admin,
        )
      ).statusCode,
    ).toBe(422);
  });
});

describe('PDF export', () => {
  it('is a real PDF whose text shows the title, filters and PYG totals', async () => {
    const filters = { un: ['ODONTOLOGIA'] };
    const res = await post(
      server.api,
      '/api/v1/analytics/export/pdf',
      { endpoint: 'portfolio', filters },
      admin,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain('Resumen de cartera');
    expect(text).toContain('un: ODONTOLOGIA');
    // golden summary_un_odontologia: total 2204, totalDebt 702610000, totalPaid 322461000.
    expect(text).toContain('Total contratos: 2.204');
    expect(text).toContain('Deuda total: Gs. 702.610.000');
    expect(text).toContain('Pagado total: Gs. 322.461.000');
  });

  it('says "Filtros: ninguno" without filters; brokers totals', async () => {
    const res = await post(
      server.api,
      '/api/v1/analytics/export',
      { endpoint: 'brokers', format: 'pdf', filters: {} },
      admin,
    );
    const brokers = (await post(server.api, '/api/v1/analytics/brokers/summary', {}, admin)).json<{
      rows: { montoCuota: number; commission: number }[];
      summary: { totalContracts: number };
    }>();
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('Filtros: ninguno');
    expect(text).toContain(`Total contratos: ${formatCount(brokers.summary.totalContracts)}`);
    expect(text).toContain(`Monto cuota: ${formatPyg(brokers.rows.reduce((a, r) => a + r.montoCuota, 0))}`);
    expect(text).toContain(`Comision: ${formatPyg(brokers.rows.reduce((a, r) => a + r.commission, 0))}`);
  });
});
