// The analytics filter body shared by every analytics endpoint (docs/contract.md "Analytics filters",
// docs/kpis.md "Filters"): nine lists of strings, empty = all. Month and year formats live here once.
import { z } from 'zod';

/** `MM/YYYY`, month 01-12 (gestion_month, contract_month, brokers months, map keys). */
export const MONTH_YEAR_PATTERN = /^(0[1-9]|1[0-2])\/\d{4}$/;
/** `YYYY` (anio, brokers years). */
export const YEAR_PATTERN = /^\d{4}$/;
/** `__ALL__` in a brokers-config list means "every value". */
export const ALL_MARKER = '__ALL__';

export const MonthYear = z.string().regex(MONTH_YEAR_PATTERN, 'expected MM/YYYY with month 01-12');
export const Year = z.string().regex(YEAR_PATTERN, 'expected YYYY');

export const FILTER_KEYS = [
  'un',
  'anio',
  'gestion_month',
  'contract_month',
  'via_cobro',
  'via_pago',
  'categoria',
  'supervisor',
  'tramo',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const list = z.array(z.string());

/**
 * A valid v1 analytics body. Strict so a misspelt key in a test fails here instead of being silently
 * ignored by the server (the contract says unknown keys are ignored). Every key defaults to [].
 */
export const AnalyticsFilters = z.strictObject({
  un: list.default([]),
  anio: z.array(Year).default([]),
  gestion_month: z.array(MonthYear).default([]),
  contract_month: z.array(MonthYear).default([]),
  via_cobro: list.default([]),
  via_pago: list.default([]),
  categoria: list.default([]),
  supervisor: list.default([]),
  tramo: list.default([]),
});
export type AnalyticsFilters = z.output<typeof AnalyticsFilters>;
/** What callers write: any subset of the keys. */
export type AnalyticsFiltersInput = Partial<Record<FilterKey, readonly string[]>>;

/** The runbook's filter set (the parity and perf scripts' default request). */
export const RUNBOOK_FILTERS = {
  anio: ['2026'],
  gestion_month: ['01/2026'],
  contract_month: ['01/2026'],
  supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
  un: ['MEDICINA ESTETICA'],
  via_cobro: ['COBRADOR'],
} as const satisfies AnalyticsFiltersInput;

/** The full nine-key body, validated (throws a ZodError naming the bad key and value). */
export function analyticsFilters(input: AnalyticsFiltersInput = {}): AnalyticsFilters {
  return AnalyticsFilters.parse(copyLists(input));
}

/** Only the keys with values, validated: what the legacy recorded queries sent, and what v1 clients send. */
export function compactFilters(input: AnalyticsFiltersInput = {}): AnalyticsFiltersInput {
  const full = analyticsFilters(input);
  const compact: Partial<Record<FilterKey, string[]>> = {};
  for (const key of FILTER_KEYS) {
    if (full[key].length > 0) compact[key] = full[key];
  }
  return compact;
}

/** Legacy analytics GETs take each list item as a repeated query parameter (`un=A&un=B`). */
export function toLegacyQuery(input: AnalyticsFiltersInput): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of input[key] ?? []) params.append(key, value);
  }
  return params;
}

function copyLists(input: AnalyticsFiltersInput): Record<string, string[]> {
  const copy: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(input)) {
    if (values !== undefined) copy[key] = [...values];
  }
  return copy;
}
