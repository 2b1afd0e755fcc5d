// Cell-level normalization rules of docs/kpis.md ("Normalization"). Pure functions,
// shared by the CSV loader and by tests that build tiny datasets by hand.

export type ViaCobro = 'COBRADOR' | 'DEBITO';

export const NO_DATA = 'S/D';

/** Keep only the digits of a contract id; '' means "no id" (the row is skipped). */
export function normalizeContractId(raw: string | undefined): string {
  return (raw ?? '').replace(/\D+/g, '');
}

/** Month order key: year * 12 + month (never compare `MM/YYYY` strings). */
export function monthIndexOf(year: number, month: number): number {
  return year * 12 + month;
}

function buildMonth(year: number, month: number): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  return `${String(month).padStart(2, '0')}/${year}`;
}

/** A strict `MM/YYYY` (month 01-12), as the filters require. */
export function isStrictMonth(value: string): boolean {
  const m = /^(\d{2})\/(\d{4})$/.exec(value);
  if (!m) return false;
  const month = Number(m[1]);
  return month >= 1 && month <= 12;
}

/** Index of a strict or loose `M/YYYY` month string; null when it is not one. */
export function monthIndexOfText(value: string): number | null {
  const m = /^(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return null;
  const month = Number(m[1]);
  if (month < 1 || month > 12) return null;
  return monthIndexOf(Number(m[2]), month);
}

/**
 * `MM/YYYY` of a date cell: `M/YYYY`, `MM/YYYY`, `YYYY-MM-DD` / `YYYY/MM/DD` (anything may
 * follow the day), `DD-MM-YYYY` / `DD/MM/YYYY`. Anything else: null.
 */
export function monthFromDate(raw: string | undefined): string | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  let m = /^(\d{1,2})\/(\d{4})$/.exec(value);
  if (m) return buildMonth(Number(m[2]), Number(m[1]));
  m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(value);
  if (m) return buildMonth(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:$|[\sT])/.exec(value);
  if (m) return buildMonth(Number(m[3]), Number(m[2]));
  return null;
}

/** A calendar date as the brokers' Mora 3M antiquity rule reads it. */
export interface SimpleDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The legacy's mora-3M date parser: only `YYYY-MM-DD` and `DD/MM/YYYY` (the whole cell).
 * Other formats, including the `YYYY/MM/DD` its own export writes, give null.
 */
export function parseAntiquityDate(raw: string | undefined): SimpleDate | null {
  const value = (raw ?? '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let date: SimpleDate | null = null;
  if (m) date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (m) date = { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  if (!date) return null;
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return null;
  return date;
}

/** Whole months from `from` to `to`, minus 1 when the day of `to` is earlier; floored at 0. */
export function antiquityMonths(from: SimpleDate, to: SimpleDate): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  if (to.day < from.day) months -= 1;
  return Math.max(0, months);
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number cell with an optional decimal comma; null when unparseable (blank included). */
export function parseNumberOrNull(raw: string | undefined): number | null {
  const value = (raw ?? '').trim().replace(',', '.');
  if (!FLOAT_RE.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A number cell; unparseable -> 0. */
export function parseNumber(raw: string | undefined): number {
  return parseNumberOrNull(raw) ?? 0;
}

/** An integer cell (tramo): parsed as a float then truncated; unparseable -> 0. */
export function parseInteger(raw: string | undefined): number {
  return Math.trunc(parseNumber(raw));
}

/** COBRADOR or COB (any case, trimmed) is COBRADOR; anything else, blank or a bank, is DEBITO. */
export function normalizeViaCobro(raw: string | undefined): ViaCobro {
  const value = (raw ?? '').trim().toUpperCase();
  return value === 'COBRADOR' || value === 'COB' ? 'COBRADOR' : 'DEBITO';
}

/** Trimmed; blank -> S/D (via de pago, UN, portfolio supervisor, gestor). */
export function textOrNoData(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  return value === '' ? NO_DATA : value;
}

/** Brokers supervisor: upper-cased, inner whitespace collapsed, trailing . - _ / removed; blank -> S/D. */
export function normalizeBrokersSupervisor(raw: string | undefined): string {
  const value = (raw ?? '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\-_/\s]+$/, '')
    .trim();
  return value === '' ? NO_DATA : value;
}
