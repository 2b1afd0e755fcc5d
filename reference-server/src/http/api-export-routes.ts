// API v1 CSV and PDF exports of a summary (the layout in export-layout.ts), with the planted export
// defects.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiAccess } from './api-access.ts';
import type { AnalyticsInputs } from './api-analytics-routes.ts';
import { ApiError, type FieldError, invalidPayload } from './errors.ts';
import { CSV_CONTENT_TYPE, exportTable, PDF_CONTENT_TYPE, pdfLines, toCsv } from './export-layout.ts';
import { renderPdf } from './pdf.ts';
import type { ReferenceState } from './state.ts';
import {
  ANALYTICS_ENDPOINTS,
  type AnalyticsEndpoint,
  computeSummary,
  isAnalyticsEndpoint,
} from './v1-analytics.ts';
import { isRecord, parseJsonBody } from './validation.ts';

interface ExportRequest {
  readonly endpoint: AnalyticsEndpoint;
  readonly format: 'csv' | 'pdf';
  /** The body's filters, read by AnalyticsInputs.readFilters. */
  readonly filters: unknown;
}

/** The export body checked as the contract's validator does: 422 per field, then the endpoint name. */
function exportRequest(requestBody: unknown, fixedFormat: 'csv' | 'pdf' | null): ExportRequest {
  const body = parseJsonBody(requestBody);
  if (body !== undefined && !isRecord(body)) {
    throw invalidPayload([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  }
  const record = body ?? {};
  const errors: FieldError[] = [];
  if (typeof record.endpoint !== 'string') {
    errors.push({
      loc: ['body', 'endpoint'],
      msg: record.endpoint === undefined ? 'Field required' : 'Input should be a valid string',
      type: record.endpoint === undefined ? 'missing' : 'string_type',
    });
  }
  let format = fixedFormat;
  if (format === null) {
    if (record.format === 'csv' || record.format === 'pdf') format = record.format;
    else
      errors.push({ loc: ['body', 'format'], msg: "Input should be 'csv' or 'pdf'", type: 'literal_error' });
  }
  if (errors.length > 0 || format === null) throw invalidPayload(errors);
  const endpoint = record.endpoint;
  if (!isAnalyticsEndpoint(endpoint)) {
    throw new ApiError('INVALID_EXPORT_ENDPOINT', `Unknown export endpoint ${JSON.stringify(endpoint)}`, {
      allowed: [...ANALYTICS_ENDPOINTS],
    });
  }
  return { endpoint, format, filters: record.filters };
}

async function sendExport(
  state: ReferenceState,
  inputs: AnalyticsInputs,
  request: FastifyRequest,
  reply: FastifyReply,
  fixedFormat: 'csv' | 'pdf' | null,
): Promise<FastifyReply> {
  const { faults } = state;
  const { endpoint, format, filters: filtersBody } = exportRequest(request.body, fixedFormat);
  const filters = inputs.readFilters(filtersBody, ['body', 'filters']);
  const summary = computeSummary(inputs.summaryContext(), endpoint, filters);
  const table = exportTable(summary);
  if (format === 'csv') {
    const rows = faults.has('csv-drops-last-row') ? table.rows.slice(0, -1) : table.rows;
    return reply
      .type(CSV_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${endpoint}.csv"`)
      .send(toCsv(table.columns, rows));
  }
  if (faults.has('pdf-wrong-totals')) {
    const target = table.totals.find((t) => t.key === 'totalDebt') ?? table.totals[0];
    if (target) target.value *= 1.1;
  }
  const lines = pdfLines(table, filters, summary.payload.meta.generated_at);
  reply.type(PDF_CONTENT_TYPE).header('content-disposition', `attachment; filename="${endpoint}.pdf"`);
  // fake-pdf: the real system's defect, plain text labelled as a PDF.
  return reply.send(faults.has('fake-pdf') ? `${lines.join('\n')}\n` : await renderPdf(lines));
}

export function registerExportRoutes(
  v1: FastifyInstance,
  state: ReferenceState,
  access: ApiAccess,
  inputs: AnalyticsInputs,
): void {
  const exportAs = (format: 'csv' | 'pdf' | null) => async (request: FastifyRequest, reply: FastifyReply) => {
    await access.guard(request, 'analytics:export', true);
    return sendExport(state, inputs, request, reply, format);
  };
  v1.post('/analytics/export/csv', exportAs('csv'));
  v1.post('/analytics/export/pdf', exportAs('pdf'));
  v1.post('/analytics/export', exportAs(null));
}
