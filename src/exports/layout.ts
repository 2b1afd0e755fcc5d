/**
 * What the v1 CSV and PDF exports must contain: the suite's one copy of the export layout. The
 * contract only says "text/csv / application/pdf of that summary's rows"; the system's own
 * document of the layout (mirrored by reference-server/src/http/export-layout.ts) says:
 *
 * - Both exports are made from the v1 JSON summary of the same endpoint for the same filters, so
 *   every cell and total is predicted here from that JSON.
 * - CSV: `text/csv; charset=utf-8`, UTF-8 without BOM, `,` delimiter, a header row (present even
 *   with no data), no totals row; numbers written plain (JSON grammar), text quoted only when needed;
 *   `Content-Disposition: attachment; filename="<endpoint>.csv"`.
 * - PDF: a real PDF (`filename="<endpoint>.pdf"`) whose text has, each on its own line and in this
 *   order: `Cobranzas BI - <title>`, `Generado: <ISO timestamp>`, the filter lines (`Filtros: ninguno`,
 *   or `Filtros:` and one `<key>: <v1>, <v2>` per non-empty filter in the contract's key order, values
 *   trimmed, de-duplicated and sorted), `Totales:` and one `<label>: <value>` per total (money as PYG
 *   `Gs. 1.234.567`, counts as `1.234`), then `Detalle:` and the rows.
 */
import type { ExportEndpoint } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, FILTER_KEYS, MONTH_YEAR_PATTERN } from '../contract/filters.ts';
import { withinTolerance } from '../contract/tolerances.ts';
import type { BrokersSummary, MoraSummary, PortfolioSummary, RendimientoSummary } from '../contract/v1.ts';
import { type CsvExport, parseCsvNumber } from './csv.ts';
import { ExportFormatError } from './export-error.ts';
import { formatPyg } from './pdf.ts';

type Cell = string | number;

export interface ExportLayout {
  /** The PDF title after `Cobranzas BI - `. */
  readonly title: string;
  /** CSV header and PDF detail header, in order. */
  readonly columns: readonly string[];
  /** For each total: the CSV column whose sum it is (the CSV has no totals row). */
  readonly totalColumns: Readonly<Record<string, string>>;
}

export const EXPORT_LAYOUT: Readonly<Record<ExportEndpoint, ExportLayout>> = {
  portfolio: {
    title: 'Resumen de cartera',
    columns: ['month', 'total', 'vigente', 'moroso', 'cobrador', 'debito', 'debt', 'paid', 'paidContracts'],
    totalColumns: { total: 'total', totalDebt: 'debt', totalPaid: 'paid' },
  },
  rendimiento: {
    title: 'Rendimiento por mes de gestion',
    columns: ['month', 'debt', 'paid', 'contracts', 'contractsPaid'],
    totalColumns: { totalDebt: 'debt', totalPaid: 'paid' },
  },
  mora: {
    title: 'Transiciones a moroso',
    columns: ['month', 'moroso_transition_count', 'vigente_base_count', 'moroso_transition_pct', 'avg_cuota'],
    totalColumns: { transitions: 'moroso_transition_count', base: 'vigente_base_count' },
  },
  brokers: {
    title: 'Resumen de brokers',
    columns: ['month', 'supervisor', 'un', 'via', 'count', 'montoCuota', 'commission', 'mora3m', 'prize'],
    totalColumns: { totalContracts: 'count', montoCuota: 'montoCuota', commission: 'commission' },
  },
};

export const CSV_EXPORT = {
  mediaType: 'text/csv',
  charset: 'utf-8',
  delimiter: ',',
  /** The layout document says UTF-8 without BOM. */
  bom: false,
} as const;

const PDF_TITLE_PREFIX = 'Cobranzas BI - ';
export const PDF_GENERATED_PREFIX = 'Generado: ';

/** `attachment; filename="<endpoint>.<csv|pdf>"`. */
export function expectedContentDisposition(endpoint: ExportEndpoint, format: 'csv' | 'pdf'): string {
  return `attachment; filename="${endpoint}.${format}"`;
}

/** A v1 summary with the endpoint it answers. */
export type ExportSource =
  | { readonly endpoint: 'portfolio'; readonly payload: PortfolioSummary }
  | { readonly endpoint: 'rendimiento'; readonly payload: RendimientoSummary }
  | { readonly endpoint: 'mora'; readonly payload: MoraSummary }
  | { readonly endpoint: 'brokers'; readonly payload: BrokersSummary };

export interface ExpectedTotal {
  readonly key: string;
  readonly label: string;
  readonly kind: 'count' | 'money';
  readonly value: number;
}

export interface ExpectedExport {
  readonly endpoint: ExportEndpoint;
  readonly layout: ExportLayout;
  /**
   * `null` when the JSON summary does not carry the rows: a v1 portfolio without `byGestion`, which
   * the contract does not list. The CSV's rows are then checked through their column sums only.
   */
  readonly rows: Cell[][] | null;
  readonly totals: ExpectedTotal[];
}

/** `MM/YYYY` as year * 12 + month (month order, never string order); unknown text sorts first. */
export function monthOrder(month: string): number {
  if (!MONTH_YEAR_PATTERN.test(month)) return Number.NEGATIVE_INFINITY;
  const [mm = '0', yyyy = '0'] = month.split('/');
  return Number(yyyy) * 12 + Number(mm);
}

function byMonth<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => monthOrder(a) - monthOrder(b));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

type Prediction = Pick<ExpectedExport, 'rows' | 'totals'>;

function portfolioPrediction(p: PortfolioSummary): Prediction {
  return {
    rows: p.byGestion
      ? byMonth(p.byGestion).map(([month, m]) => [
          month,
          m.total,
          m.vigente,
          m.moroso,
          m.cobrador,
          m.debito,
          m.debt,
          m.paid,
          m.paidContracts,
        ])
      : null,
    totals: [
      { key: 'total', label: 'Total contratos', kind: 'count', value: p.total },
      { key: 'totalDebt', label: 'Deuda total', kind: 'money', value: p.totalDebt },
      { key: 'totalPaid', label: 'Pagado total', kind: 'money', value: p.totalPaid },
    ],
  };
}

function rendimientoPrediction(p: RendimientoSummary): Prediction {
  return {
    rows: byMonth(p.trendStats).map(([month, t]) => [month, t.d, t.p, t.c, t.cp]),
    totals: [
      { key: 'totalDebt', label: 'Deuda total', kind: 'money', value: p.totalDebt },
      { key: 'totalPaid', label: 'Pagado total', kind: 'money', value: p.totalPaid },
    ],
  };
}

function moraPrediction(p: MoraSummary): Prediction {
  return {
    rows: p.labels.map((month, index) => [
      month,
      p.moroso_transition_count[index] ?? 0,
      p.vigente_base_count[index] ?? 0,
      p.moroso_transition_pct[index] ?? 0,
      p.avg_cuota[index] ?? 0,
    ]),
    totals: [
      {
        key: 'transitions',
        label: 'Transiciones a moroso',
        kind: 'count',
        value: sum(p.moroso_transition_count),
      },
      { key: 'base', label: 'Base vigente', kind: 'count', value: sum(p.vigente_base_count) },
    ],
  };
}

function brokersPrediction(p: BrokersSummary): Prediction {
  return {
    rows: p.rows.map((row) => [
      row.month,
      row.supervisor,
      row.un,
      row.via,
      row.count,
      row.montoCuota,
      row.commission,
      row.mora3m,
      row.prize,
    ]),
    totals: [
      {
        key: 'totalContracts',
        label: 'Total contratos',
        kind: 'count',
        // The contract's v1 brokers summary need not carry `summary`; its rows give the same count.
        value: p.summary?.totalContracts ?? sum(p.rows.map((r) => r.count)),
      },
      {
        key: 'montoCuota',
        label: 'Monto cuota',
        kind: 'money',
        value: sum(p.rows.map((r) => r.montoCuota)),
      },
      {
        key: 'commission',
        label: 'Comision',
        kind: 'money',
        value: sum(p.rows.map((r) => r.commission)),
      },
    ],
  };
}

function prediction(source: ExportSource): Prediction {
  switch (source.endpoint) {
    case 'portfolio':
      return portfolioPrediction(source.payload);
    case 'rendimiento':
      return rendimientoPrediction(source.payload);
    case 'mora':
      return moraPrediction(source.payload);
    case 'brokers':
      return brokersPrediction(source.payload);
  }
}

/** The rows and totals the exports must show, predicted from the JSON summary. */
export function expectedExport(source: ExportSource): ExpectedExport {
  return { endpoint: source.endpoint, layout: EXPORT_LAYOUT[source.endpoint], ...prediction(source) };
}

/** A count as the PDF shows it: whole, `.` between thousands, no prefix (`1.234`, `-1.234`). */
export function formatCount(value: number): string {
  // formatPyg owns the rounding and grouping; a count is the same text without the currency.
  return formatPyg(value).replace('Gs. ', '');
}

/** `<label>: <value>` as the PDF's Totales section shows it. */
export function formatTotalLine(total: ExpectedTotal): string {
  return `${total.label}: ${total.kind === 'money' ? formatPyg(total.value) : formatCount(total.value)}`;
}

/** Filter values as the server normalizes them: trimmed, blanks dropped, de-duplicated, sorted. */
export function normalizeFilterValues(values: readonly string[]): string[] {
  const trimmed = values.map((value) => value.trim()).filter((value) => value !== '');
  return [...new Set(trimmed)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The PDF's filter lines for the filters a request sent. */
export function expectedFilterLines(filters: AnalyticsFiltersInput): string[] {
  const lines: string[] = [];
  for (const key of FILTER_KEYS) {
    const values = normalizeFilterValues(filters[key] ?? []);
    if (values.length > 0) lines.push(`${key}: ${values.join(', ')}`);
  }
  return lines.length === 0 ? ['Filtros: ninguno'] : ['Filtros:', ...lines];
}

/**
 * The PDF lines the suite checks, in order: title, filters, totals. (`Generado:` carries a timestamp
 * and the detail rows may wrap on a page, so those are checked apart.)
 */
export function expectedPdfLines(expected: ExpectedExport, filters: AnalyticsFiltersInput): string[] {
  return [
    `${PDF_TITLE_PREFIX}${expected.layout.title}`,
    ...expectedFilterLines(filters),
    'Totales:',
    ...expected.totals.map(formatTotalLine),
  ];
}

/**
 * Where each expected line sits in the PDF text (one entry per expected line: its line index, or -1),
 * searching forward so the order is checked too. Lines are compared trimmed, whitespace collapsed.
 */
export function locateLines(text: string, expected: readonly string[]): number[] {
  const clean = (line: string) => line.replace(/\s+/g, ' ').trim();
  const lines = text.split(/\r?\n/).map(clean);
  const positions: number[] = [];
  let from = 0;
  for (const line of expected) {
    const at = lines.indexOf(clean(line), from);
    positions.push(at);
    if (at >= 0) from = at + 1;
  }
  return positions;
}

function sameNumber(actual: number, expected: number): boolean {
  // Both are the same double written as JSON writes it; allow only float-formatting noise.
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function cellDifference(cell: string | undefined, expected: Cell, where: string): string | undefined {
  if (typeof expected === 'string') {
    return cell === expected
      ? undefined
      : `${where}: ${JSON.stringify(cell ?? null)} != ${JSON.stringify(expected)}`;
  }
  try {
    const actual = parseCsvNumber(cell, where);
    return sameNumber(actual, expected) ? undefined : `${where}: ${actual} != ${expected}`;
  } catch (error) {
    if (error instanceof ExportFormatError) return error.message;
    throw error;
  }
}

/**
 * Every difference between the CSV's data rows and the rows predicted from the JSON summary: row
 * count (naming the first row missing or extra), then cell by cell (numbers parsed strictly).
 */
export function csvRowDifferences(expected: ExpectedExport, csv: CsvExport): string[] {
  const differences: string[] = [];
  const columns = expected.layout.columns;
  const rows = expected.rows;
  if (rows === null) return differences;
  if (csv.rows.length !== rows.length) {
    const shorter = Math.min(csv.rows.length, rows.length);
    const extra =
      csv.rows.length < rows.length
        ? `first missing row: ${JSON.stringify(rows[shorter])}`
        : `first extra row: ${JSON.stringify(csv.rows[shorter])}`;
    differences.push(`CSV has ${csv.rows.length} data row(s), the JSON summary has ${rows.length}; ${extra}`);
  }
  rows.forEach((row, index) => {
    const csvRow = csv.rows[index];
    if (!csvRow) return;
    columns.forEach((column, position) => {
      const want = row[position];
      if (want === undefined) return;
      // Row numbers as a spreadsheet shows them: the header is row 1.
      const difference = cellDifference(csvRow[column], want, `CSV row ${index + 2} column ${column}`);
      if (difference) differences.push(difference);
    });
  });
  return differences;
}

/** The CSV has no totals row: each total must equal its column's sum (counts exactly, money within tolerance). */
export function csvTotalDifferences(
  expected: ExpectedExport,
  csv: CsvExport,
  tolerance: { absTol: number; relTol: number },
): string[] {
  const differences: string[] = [];
  for (const total of expected.totals) {
    const column = expected.layout.totalColumns[total.key];
    if (column === undefined) {
      differences.push(`no CSV column for total ${total.key}`);
      continue;
    }
    let columnSum = 0;
    for (const [index, row] of csv.rows.entries()) {
      const where = `CSV row ${index + 2} column ${column}`;
      try {
        columnSum += parseCsvNumber(row[column], where);
      } catch (error) {
        if (!(error instanceof ExportFormatError)) throw error;
        differences.push(error.message);
      }
    }
    const same =
      total.kind === 'count'
        ? columnSum === total.value
        : withinTolerance(columnSum, total.value, tolerance.absTol, tolerance.relTol);
    if (!same) {
      differences.push(
        `${total.label} (${total.key}): sum of CSV column ${column} = ${columnSum}, JSON summary = ${total.value}`,
      );
    }
  }
  return differences;
}
