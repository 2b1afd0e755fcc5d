import type { FileReply } from '../../src/clients/expect-ok.ts';
import type { V1Client } from '../../src/clients/v1-client.ts';
import type { ExportEndpoint, ExportFormat } from '../../src/contract/endpoints.ts';
import type { AnalyticsFiltersInput } from '../../src/contract/filters.ts';
import { parseCsvExport } from '../../src/exports/csv.ts';
import {
  CSV_EXPORT,
  csvRowDifferences,
  csvTotalDifferences,
  type ExpectedExport,
  expectedContentDisposition,
  expectedExport,
  expectedPdfLines,
  locateLines,
  PDF_GENERATED_PREFIX,
} from '../../src/exports/layout.ts';
import { validatePdf } from '../../src/exports/pdf.ts';
import {
  type AnalyticsBaselines,
  expect,
  exportFilters,
  fetchSummary,
  test,
} from '../../src/gate-fixtures/analytics.ts';
import { type AnySummary, isEmptySummary, summarySize, type Tolerance } from '../../src/parity/invariants.ts';

// Runbook "Verificacion funcional minima" 4: /analytics/export/csv and /analytics/export/pdf. The
// layout (src/exports/layout.ts) is the system's own export document; every cell and total is
// predicted from the JSON summary of the same endpoint for the same filters.

async function expectedFor(
  client: V1Client,
  endpoint: ExportEndpoint,
  filters: AnalyticsFiltersInput,
): Promise<{ summary: AnySummary; expected: ExpectedExport }> {
  const summary = await fetchSummary(client, endpoint, filters);
  expect(
    isEmptySummary(summary),
    `the ${endpoint} summary for the export filters is empty: nothing to check`,
  ).toBe(false);
  return { summary, expected: expectedExport(summary) };
}

function checkCsv(file: FileReply, expected: ExpectedExport, tolerance: Tolerance): number {
  const csv = parseCsvExport(file.bytes, {
    contentType: file.contentType,
    requiredColumns: expected.layout.columns,
  });
  expect(csv.header, 'CSV header').toEqual(expected.layout.columns);
  const bom = file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf;
  expect(bom, 'CSV starts with a BOM; the layout says UTF-8 without BOM').toBe(CSV_EXPORT.bom);
  expect(csvRowDifferences(expected, csv), 'CSV rows vs the JSON summary').toEqual([]);
  expect(csvTotalDifferences(expected, csv, tolerance), 'CSV column sums vs the JSON totals').toEqual([]);
  return csv.rows.length;
}

async function checkPdf(
  file: FileReply,
  expected: ExpectedExport,
  filters: AnalyticsFiltersInput,
): Promise<number> {
  // Throws "not a PDF: header ..." for text sent as application/pdf.
  const pdf = await validatePdf(file.bytes, { contentType: file.contentType });
  expect(pdf.pages, 'PDF pages').toBeGreaterThanOrEqual(1);
  const lines = expectedPdfLines(expected, filters);
  const positions = locateLines(pdf.text, lines);
  const missing = lines.filter((_, index) => (positions[index] ?? -1) < 0);
  expect(
    missing,
    `PDF text lacks these lines (or has them out of order); its text:\n${pdf.text.slice(0, 1500)}`,
  ).toEqual([]);
  expect(
    pdf.text.split('\n').some((line) => line.trim().startsWith(PDF_GENERATED_PREFIX)),
    'PDF has no "Generado:" line',
  ).toBe(true);
  return pdf.pages;
}

interface ExportJob {
  filters: AnalyticsFiltersInput;
  summary: AnySummary;
  expected: ExpectedExport;
}

/**
 * Each summary exported in `format` with its export filters, one step per endpoint: a
 * content-disposition other than the layout's is noted here, the file checked by `check`, which
 * returns its evidence figures.
 */
async function checkEachExport(
  client: V1Client,
  baselines: AnalyticsBaselines,
  format: ExportFormat,
  check: (file: FileReply, job: ExportJob) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  await baselines.eachEndpoint(async (endpoint, _unfiltered, values) => {
    const filters = exportFilters(values)[endpoint];
    const { summary, expected } = await expectedFor(client, endpoint, filters);
    const file =
      format === 'csv'
        ? await client.exportCsv(endpoint, filters)
        : await client.exportPdf(endpoint, filters);
    // The contract names only the content types: another file name is a finding, not a failure.
    const disposition = file.reply.headers['content-disposition'];
    const layoutDisposition = expectedContentDisposition(endpoint, format);
    if (disposition !== layoutDisposition) {
      test.info().annotations.push({
        type: 'finding',
        description: `${endpoint} ${format.toUpperCase()} content-disposition ${JSON.stringify(disposition ?? null)}, the export layout's is ${JSON.stringify(layoutDisposition)} (the contract names only the content type)`,
      });
    }
    figures[endpoint] = await check(file, { filters, summary, expected });
  });
  return figures;
}

test.describe('analytics exports', { tag: ['@analytics', '@exports', '@runbook-verificacion'] }, () => {
  test('CSV export of each summary parses and its rows and totals equal the JSON summary', async ({
    asAdmin,
    baselines,
    tolerance,
    evidence,
  }) => {
    const figures = await checkEachExport(asAdmin, baselines, 'csv', async (file, job) => {
      const rows = checkCsv(file, job.expected, tolerance);
      if (job.expected.rows === null) {
        test.info().annotations.push({
          type: 'rows checked through their sums only',
          description: `${job.expected.endpoint}: the JSON summary carries no rows to predict them from (v1 portfolio without byGestion, which the contract does not list)`,
        });
      }
      return { filters: job.filters, rows, summary: summarySize(job.summary), bytes: file.bytes.length };
    });
    await evidence('csv-exports', figures);
  });

  test('PDF export of each summary is a real PDF showing the applied filters and the totals in PYG', async ({
    asAdmin,
    baselines,
    evidence,
  }) => {
    const figures = await checkEachExport(asAdmin, baselines, 'pdf', async (file, job) => {
      const pages = await checkPdf(file, job.expected, job.filters);
      return {
        filters: job.filters,
        pages,
        bytes: file.bytes.length,
        lines: expectedPdfLines(job.expected, job.filters),
      };
    });
    await evidence('pdf-exports', figures);
  });

  test('the legacy alias /analytics/export serves the same CSV and a real PDF', async ({
    asAdmin,
    baselines,
    tolerance,
  }) => {
    const endpoint = 'mora';
    const filters = exportFilters(baselines.need(endpoint))[endpoint];
    const { expected } = await expectedFor(asAdmin, endpoint, filters);
    await test.step('format csv', async () => {
      checkCsv(await asAdmin.exportAlias(endpoint, 'csv', filters), expected, tolerance);
    });
    await test.step('format pdf', async () => {
      await checkPdf(await asAdmin.exportAlias(endpoint, 'pdf', filters), expected, filters);
    });
  });
});
