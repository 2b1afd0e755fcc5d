/**
 * The one definition of what the v1 CSV and PDF exports contain (POST /analytics/export/csv,
 * /analytics/export/pdf and the alias /analytics/export with `format`). The suite mirrors this.
 *
 * Both exports are made from the same v1 JSON summary the matching analytics endpoint answers for
 * the same filters (POST /analytics/<endpoint>/summary), so a suite can fetch the JSON and predict
 * every cell and total.
 *
 * ROWS (one per ...) and COLUMNS, per `endpoint`:
 * - `portfolio`: one row per `byGestion` month, months ascending (year*12+month);
 *   `month,total,vigente,moroso,cobrador,debito,debt,paid,paidContracts` (the byGestion fields).
 * - `rendimiento`: one row per `trendStats` month, ascending;
 *   `month,debt,paid,contracts,contractsPaid` = trendStats[month].{d, p, c, cp}.
 * - `mora`: one row per `labels[i]`, in the payload's order;
 *   `month,moroso_transition_count,vigente_base_count,moroso_transition_pct,avg_cuota` (the arrays at i).
 * - `brokers`: one row per `rows[i]`, in the payload's order;
 *   `month,supervisor,un,via,count,montoCuota,commission,mora3m,prize`.
 *
 * CSV: `Content-Type: text/csv; charset=utf-8`, UTF-8 without BOM, `,` delimiter, `\n` line ends,
 * a header row (present even with no data rows), then the rows; no totals row. Numbers are written
 * plain as JSON writes them (`702610000`, `1.296`, `183833.33333333334`: no thousands separators,
 * `.` decimal point); text cells verbatim, double-quoted (with `""` escaping) only when they contain
 * `,`, `"`, CR or LF. `Content-Disposition: attachment; filename="<endpoint>.csv"`.
 *
 * TOTALS (key -> label, kind), computed from the same JSON:
 * - `portfolio`: total -> "Total contratos" (count) = payload.total; totalDebt -> "Deuda total"
 *   (money) = payload.totalDebt; totalPaid -> "Pagado total" (money) = payload.totalPaid.
 * - `rendimiento`: totalDebt -> "Deuda total" (money); totalPaid -> "Pagado total" (money).
 * - `mora`: transitions -> "Transiciones a moroso" (count) = sum of moroso_transition_count;
 *   base -> "Base vigente" (count) = sum of vigente_base_count.
 * - `brokers`: totalContracts -> "Total contratos" (count) = summary.totalContracts;
 *   montoCuota -> "Monto cuota" (money) = sum of rows' montoCuota; commission -> "Comision"
 *   (money) = sum of rows' commission.
 * Money is formatted PYG: `Gs. 1.234.567` (rounded half away from zero to whole guaranies, `.`
 * between thousands, a minus in front: `-Gs. 1.234`). Counts: `1.234` (same grouping, no prefix).
 *
 * PDF (`application/pdf`, a real PDF made by pdfkit, `filename="<endpoint>.pdf"`): its text has,
 * each on its own line, in this order:
 *   `Cobranzas BI - <title>`   titles: portfolio "Resumen de cartera", rendimiento "Rendimiento por
 *                              mes de gestion", mora "Transiciones a moroso", brokers "Resumen de brokers"
 *   `Generado: <ISO timestamp>`
 *   `Filtros: ninguno` when every filter is empty; otherwise `Filtros:` then one line per non-empty
 *   filter, in the order un, anio, gestion_month, contract_month, via_cobro, via_pago, categoria,
 *   supervisor, tramo: `<key>: <v1>, <v2>` (values as the server normalized them: trimmed,
 *   de-duplicated, sorted)
 *   `Totales:` then one line per total `<label>: <formatted value>`
 *   `Detalle:` then the column names joined by ` | `, then one line per row, cells as in the CSV
 *   joined by ` | `.
 */

import { monthIndexOfText } from '../data/normalize.ts';
import { type AnalyticsFilters, FILTER_KEYS } from '../kpis/types.ts';
import type { AnalyticsEndpoint, V1Summary } from './v1-analytics.ts';

export type Cell = string | number;

interface ExportTotal {
  key: string;
  label: string;
  kind: 'count' | 'money';
  value: number;
}

export interface ExportTable {
  endpoint: AnalyticsEndpoint;
  title: string;
  columns: string[];
  rows: Cell[][];
  totals: ExportTotal[];
}

const EXPORT_TITLES: Record<AnalyticsEndpoint, string> = {
  portfolio: 'Resumen de cartera',
  rendimiento: 'Rendimiento por mes de gestion',
  mora: 'Transiciones a moroso',
  brokers: 'Resumen de brokers',
};

const EXPORT_COLUMNS: Record<AnalyticsEndpoint, readonly string[]> = {
  portfolio: ['month', 'total', 'vigente', 'moroso', 'cobrador', 'debito', 'debt', 'paid', 'paidContracts'],
  rendimiento: ['month', 'debt', 'paid', 'contracts', 'contractsPaid'],
  mora: ['month', 'moroso_transition_count', 'vigente_base_count', 'moroso_transition_pct', 'avg_cuota'],
  brokers: ['month', 'supervisor', 'un', 'via', 'count', 'montoCuota', 'commission', 'mora3m', 'prize'],
};

function byMonth<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (monthIndexOfText(a) ?? 0) - (monthIndexOfText(b) ?? 0));
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}

type TableBody = Pick<ExportTable, 'rows' | 'totals'>;
type PayloadOf<E extends AnalyticsEndpoint> = Extract<V1Summary, { endpoint: E }>['payload'];

function portfolioTable(p: PayloadOf<'portfolio'>): TableBody {
  return {
    rows: byMonth(p.byGestion).map(([month, m]) => [
      month,
      m.total,
      m.vigente,
      m.moroso,
      m.cobrador,
      m.debito,
      m.debt,
      m.paid,
      m.paidContracts,
    ]),
    totals: [
      { key: 'total', label: 'Total contratos', kind: 'count', value: p.total },
      { key: 'totalDebt', label: 'Deuda total', kind: 'money', value: p.totalDebt },
      { key: 'totalPaid', label: 'Pagado total', kind: 'money', value: p.totalPaid },
    ],
  };
}

function rendimientoTable(p: PayloadOf<'rendimiento'>): TableBody {
  return {
    rows: byMonth(p.trendStats).map(([month, t]) => [month, t.d, t.p, t.c, t.cp]),
    totals: [
      { key: 'totalDebt', label: 'Deuda total', kind: 'money', value: p.totalDebt },
      { key: 'totalPaid', label: 'Pagado total', kind: 'money', value: p.totalPaid },
    ],
  };
}

function moraTable(p: PayloadOf<'mora'>): TableBody {
  return {
    rows: p.labels.map((month, i) => [
      month,
      p.moroso_transition_count[i] ?? 0,
      p.vigente_base_count[i] ?? 0,
      p.moroso_transition_pct[i] ?? 0,
      p.avg_cuota[i] ?? 0,
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

function brokersTable(p: PayloadOf<'brokers'>): TableBody {
  return {
    rows: p.rows.map((r) => [
      r.month,
      r.supervisor,
      r.un,
      r.via,
      r.count,
      r.montoCuota,
      r.commission,
      r.mora3m,
      r.prize,
    ]),
    totals: [
      { key: 'totalContracts', label: 'Total contratos', kind: 'count', value: p.summary.totalContracts },
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

function tableBody(summary: V1Summary): TableBody {
  switch (summary.endpoint) {
    case 'portfolio':
      return portfolioTable(summary.payload);
    case 'rendimiento':
      return rendimientoTable(summary.payload);
    case 'mora':
      return moraTable(summary.payload);
    case 'brokers':
      return brokersTable(summary.payload);
  }
}

/** Rows and totals of an export, from the v1 JSON summary. */
export function exportTable(summary: V1Summary): ExportTable {
  const { endpoint } = summary;
  return {
    endpoint,
    title: EXPORT_TITLES[endpoint],
    columns: [...EXPORT_COLUMNS[endpoint]],
    ...tableBody(summary),
  };
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const PDF_CONTENT_TYPE = 'application/pdf';

/** A cell as CSV text: numbers plain, text quoted only when it must be. */
export function csvCell(cell: Cell): string {
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns, ...rows].map((row) => `${row.map(csvCell).join(',')}\n`).join('');
}

function groupThousands(value: number): { negative: boolean; digits: string } {
  if (!Number.isFinite(value)) throw new RangeError(`cannot format ${value}`);
  // Half away from zero, then -0 collapses to 0.
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return { negative: rounded < 0, digits };
}

/** PYG: `Gs. 1.234.567`, `-Gs. 1.234`. */
export function formatPyg(value: number): string {
  const { negative, digits } = groupThousands(value);
  return `${negative ? '-' : ''}Gs. ${digits}`;
}

/** A count with `.` thousands: `1.234`. */
export function formatCount(value: number): string {
  const { negative, digits } = groupThousands(value);
  return `${negative ? '-' : ''}${digits}`;
}

function formatTotal(total: ExportTotal): string {
  return `${total.label}: ${total.kind === 'money' ? formatPyg(total.value) : formatCount(total.value)}`;
}

/** The filter lines of the PDF: `Filtros: ninguno`, or `Filtros:` and one `key: a, b` per set filter. */
export function filterLines(filters: AnalyticsFilters): string[] {
  const set = FILTER_KEYS.filter((key) => filters[key].length > 0);
  if (set.length === 0) return ['Filtros: ninguno'];
  return ['Filtros:', ...set.map((key) => `${key}: ${filters[key].join(', ')}`)];
}

/** Every text line of the PDF, in order (the PDF renderer lays them out; fake-pdf sends them as text). */
export function pdfLines(table: ExportTable, filters: AnalyticsFilters, generatedAt: string): string[] {
  return [
    `Cobranzas BI - ${table.title}`,
    `Generado: ${generatedAt}`,
    ...filterLines(filters),
    'Totales:',
    ...table.totals.map(formatTotal),
    'Detalle:',
    table.columns.join(' | '),
    ...table.rows.map((row) =>
      row.map((cell) => (typeof cell === 'number' ? String(cell) : cell)).join(' | '),
    ),
  ];
}
