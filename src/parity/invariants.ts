/**
 * Internal invariants of the four v1 analytics summaries (docs/kpis.md), as pure checks that
 * return what is violated (an empty list = consistent). They must hold for any data and filters.
 *
 * Counts are compared exactly. Money sums are compared with the contract's numeric tolerance
 * (|a - b| <= abs + rel * max(1, |a|, |b|), PARITY_ABS_TOL / PARITY_REL_TOL): float sums in another
 * order differ in the last digits, and the contract defines one tolerance for analytics numbers.
 */

import { type ExportEndpoint, SUMMARY_ROUTE_BY_EXPORT_ENDPOINT } from '../contract/endpoints.ts';
import { withinTolerance } from '../contract/tolerances.ts';
import {
  type BrokersSummary,
  type MoraSummary,
  type PortfolioSummary,
  type RendimientoSummary,
  V1_RESPONSE_BY_ROUTE,
} from '../contract/v1.ts';
import { type ExportSource, monthOrder } from '../exports/layout.ts';

export interface Tolerance {
  readonly absTol: number;
  readonly relTol: number;
}

/** A v1 summary tagged with its endpoint (the same shape the export layout predicts from). */
export type AnySummary = ExportSource;

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

class Violations {
  readonly list: string[] = [];
  constructor(private readonly tolerance: Tolerance) {}

  count(what: string, actual: number, expected: number): void {
    if (actual !== expected) this.list.push(`${what}: ${actual} != ${expected}`);
  }

  money(what: string, actual: number, expected: number): void {
    if (!withinTolerance(actual, expected, this.tolerance.absTol, this.tolerance.relTol)) {
      this.list.push(
        `${what}: ${actual} != ${expected} (beyond ${this.tolerance.absTol} + ${this.tolerance.relTol} * max)`,
      );
    }
  }

  check(condition: boolean, what: string): void {
    if (!condition) this.list.push(what);
  }
}

/** The latest `MM/YYYY` of a list by month order, or null for none. */
export function latestMonth(months: Iterable<string>): string | null {
  let best: string | null = null;
  for (const month of months) if (best === null || monthOrder(month) > monthOrder(best)) best = month;
  return best;
}

/**
 * vigente + moroso = total, cobrador + debito = total; when the answer carries byGestion (additive: the
 * contract's v1 portfolio is the legacy summary without it), it adds up to the totals and cutoff is its
 * last month.
 */
export function portfolioViolations(p: PortfolioSummary, tolerance: Tolerance): string[] {
  const v = new Violations(tolerance);
  v.count('vigente + moroso vs total', p.vigente + p.moroso, p.total);
  v.count('cobrador + debito vs total', p.cobrador + p.debito, p.total);
  if (!p.byGestion) return v.list;
  const months = Object.entries(p.byGestion);
  for (const field of ['total', 'vigente', 'moroso', 'cobrador', 'debito'] as const) {
    v.count(`sum of byGestion[*].${field} vs ${field}`, sum(months.map(([, m]) => m[field])), p[field]);
  }
  v.money('sum of byGestion[*].debt vs totalDebt', sum(months.map(([, m]) => m.debt)), p.totalDebt);
  v.money('sum of byGestion[*].paid vs totalPaid', sum(months.map(([, m]) => m.paid)), p.totalPaid);
  for (const [month, m] of months) {
    v.count(`byGestion["${month}"] vigente + moroso vs total`, m.vigente + m.moroso, m.total);
    v.count(`byGestion["${month}"] cobrador + debito vs total`, m.cobrador + m.debito, m.total);
    v.check(
      m.paidContracts <= m.total,
      `byGestion["${month}"].paidContracts ${m.paidContracts} > total ${m.total}`,
    );
  }
  v.check(
    // No month matched: null, or "" as the customer's legacy says it.
    (p.meta.cutoff || null) === latestMonth(months.map(([month]) => month)),
    `meta.cutoff ${p.meta.cutoff} is not the latest byGestion month ${latestMonth(months.map(([month]) => month))}`,
  );
  return v.list;
}

/** Every breakdown adds up to totalDebt/totalPaid, trend counts to the contract totals, cp <= c, matrix = paid. */
export function rendimientoViolations(r: RendimientoSummary, tolerance: Tolerance): string[] {
  const v = new Violations(tolerance);
  const breakdowns = {
    tramoStats: r.tramoStats,
    unStats: r.unStats,
    viaCStats: r.viaCStats,
    gestorStats: r.gestorStats,
    trendStats: r.trendStats,
  } as const;
  for (const [name, breakdown] of Object.entries(breakdowns)) {
    const entries = Object.values(breakdown);
    v.money(`sum of ${name}[*].d vs totalDebt`, sum(entries.map((entry) => entry.d)), r.totalDebt);
    v.money(`sum of ${name}[*].p vs totalPaid`, sum(entries.map((entry) => entry.p)), r.totalPaid);
  }
  const trend = Object.entries(r.trendStats);
  v.count('sum of trendStats[*].c vs totalContracts', sum(trend.map(([, t]) => t.c)), r.totalContracts);
  v.count(
    'sum of trendStats[*].cp vs totalContractsPaid',
    sum(trend.map(([, t]) => t.cp)),
    r.totalContractsPaid,
  );
  v.check(
    r.totalContractsPaid <= r.totalContracts,
    `totalContractsPaid ${r.totalContractsPaid} > totalContracts ${r.totalContracts}`,
  );
  for (const [month, t] of trend) v.check(t.cp <= t.c, `trendStats["${month}"].cp ${t.cp} > c ${t.c}`);
  const matrixRows = Object.entries(r.matrixStats);
  v.money(
    'sum of matrixStats[*][*] vs totalPaid',
    sum(matrixRows.map(([, row]) => sum(Object.values(row)))),
    r.totalPaid,
  );
  for (const [viaCobro, row] of matrixRows) {
    v.money(
      `sum of matrixStats["${viaCobro}"][*] vs viaCStats["${viaCobro}"].p`,
      sum(Object.values(row)),
      r.viaCStats[viaCobro]?.p ?? 0,
    );
  }
  return v.list;
}

/** `count / base * 100` rounded to 3 decimals, 0 when the base is 0 (docs/kpis.md, mora). */
export function expectedMoraPct(count: number, base: number): number {
  return base === 0 ? 0 : Math.round((count / base) * 100 * 1000) / 1000;
}

/** Arrays aligned with labels, months strictly in month order, pct = count / base * 100 (3 decimals). */
export function moraViolations(m: MoraSummary, requestedMonths: readonly string[] = []): string[] {
  const v = new Violations({ absTol: 0, relTol: 0 });
  const series = {
    moroso_transition_count: m.moroso_transition_count,
    vigente_base_count: m.vigente_base_count,
    moroso_transition_pct: m.moroso_transition_pct,
    avg_cuota: m.avg_cuota,
  } as const;
  for (const [name, values] of Object.entries(series))
    v.count(`${name}.length vs labels.length`, values.length, m.labels.length);
  m.labels.forEach((label, index) => {
    const previous = m.labels[index - 1];
    if (previous !== undefined) {
      v.check(
        monthOrder(previous) < monthOrder(label),
        `labels out of month order: ${previous} before ${label}`,
      );
    }
    const count = m.moroso_transition_count[index] ?? 0;
    const base = m.vigente_base_count[index] ?? 0;
    const pct = m.moroso_transition_pct[index] ?? Number.NaN;
    const expected = expectedMoraPct(count, base);
    // Half a unit of the third decimal, for the two roundings (Python's and ours) of a tie.
    v.check(
      Math.abs(pct - expected) <= 0.0005 + 1e-9,
      `moroso_transition_pct at ${label}: ${pct} != ${count} / ${base} * 100 = ${expected}`,
    );
    if (count === 0)
      v.check(
        (m.avg_cuota[index] ?? 0) === 0,
        `avg_cuota at ${label} is ${m.avg_cuota[index]} with no transition`,
      );
  });
  for (const month of requestedMonths)
    v.check(m.labels.includes(month), `requested gestion_month ${month} missing from labels`);
  return v.list;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows sorted by month order, supervisor, UN, via (no repeated group); every row has sales (count a
 * whole number >= 1) and a mora3m that counts contracts (a whole number >= 0); summary totals = the rows'.
 */
export function brokersViolations(b: BrokersSummary): string[] {
  const v = new Violations({ absTol: 0, relTol: 0 });
  b.rows.forEach((row, index) => {
    v.check(
      Number.isInteger(row.count) && row.count >= 1,
      `rows[${index}].count ${row.count} is not a whole number >= 1`,
    );
    v.check(
      Number.isInteger(row.mora3m) && row.mora3m >= 0,
      `rows[${index}].mora3m ${row.mora3m} is not a whole number >= 0`,
    );
  });
  b.rows.forEach((row, index) => {
    const previous = b.rows[index - 1];
    if (!previous) return;
    const order =
      monthOrder(previous.month) - monthOrder(row.month) ||
      compareText(previous.supervisor, row.supervisor) ||
      compareText(previous.un, row.un) ||
      compareText(previous.via, row.via);
    const group = (r: typeof row) => `(${r.month}, ${r.supervisor}, ${r.un}, ${r.via})`;
    v.check(
      order < 0,
      `rows[${index}] ${group(row)} ${order === 0 ? 'repeats' : 'sorts before'} rows[${index - 1}] ${group(previous)}`,
    );
  });
  // `summary` is the legacy's; the contract's v1 answer need not carry it, and when it does it must agree.
  if (!b.summary) return v.list;
  v.count(
    'summary.totalContracts vs sum of rows[*].count',
    b.summary.totalContracts,
    sum(b.rows.map((row) => row.count)),
  );
  // The spec names totalSupervisors without defining it; every recorded legacy answer has it equal to
  // the distinct supervisors of its rows (the recordings are the legacy's word).
  v.count(
    'summary.totalSupervisors vs distinct rows[*].supervisor',
    b.summary.totalSupervisors,
    new Set(b.rows.map((row) => row.supervisor)).size,
  );
  return v.list;
}

export function summaryViolations(
  summary: AnySummary,
  tolerance: Tolerance,
  requestedMonths: readonly string[] = [],
): string[] {
  switch (summary.endpoint) {
    case 'portfolio':
      return portfolioViolations(summary.payload, tolerance);
    case 'rendimiento':
      return rendimientoViolations(summary.payload, tolerance);
    case 'mora':
      return moraViolations(summary.payload, requestedMonths);
    case 'brokers':
      return brokersViolations(summary.payload);
  }
}

/** Whether a summary has anything to check (an invariant on an empty payload proves nothing). */
export function isEmptySummary(summary: AnySummary): boolean {
  switch (summary.endpoint) {
    case 'portfolio':
      return summary.payload.total === 0;
    case 'rendimiento':
      return summary.payload.totalContracts === 0;
    case 'mora':
      return sum(summary.payload.vigente_base_count) + sum(summary.payload.moroso_transition_count) === 0;
    case 'brokers':
      return summary.payload.rows.length === 0;
  }
}

/** The v1 summary schema of an endpoint (a merged legacy payload has the same shape). */
export function summarySchemaOf(endpoint: ExportEndpoint) {
  return V1_RESPONSE_BY_ROUTE[SUMMARY_ROUTE_BY_EXPORT_ENDPOINT[endpoint]];
}

/**
 * Whether a payload (v1's, or the legacy's merged for parity) is a well-formed summary with no data.
 * A payload that breaks the schema is not "empty": it is for the comparison to report.
 */
export function isEmptyPayload(endpoint: ExportEndpoint, payload: unknown): boolean {
  const parsed = summarySchemaOf(endpoint).safeParse(payload);
  return parsed.success && isEmptySummary({ endpoint, payload: parsed.data } as AnySummary);
}

/** The contracts a brokers summary counts: its `summary.totalContracts` when it carries one, else its rows'. */
function brokersContracts(b: BrokersSummary): number {
  return b.summary?.totalContracts ?? sum(b.rows.map((row) => row.count));
}

/** A one-line description of a summary's size, for evidence. */
export function summarySize(summary: AnySummary): Record<string, number> {
  switch (summary.endpoint) {
    case 'portfolio':
      return {
        total: summary.payload.total,
        ...(summary.payload.byGestion ? { months: Object.keys(summary.payload.byGestion).length } : {}),
      };
    case 'rendimiento':
      return {
        totalContracts: summary.payload.totalContracts,
        months: Object.keys(summary.payload.trendStats).length,
      };
    case 'mora':
      return {
        labels: summary.payload.labels.length,
        transitions: sum(summary.payload.moroso_transition_count),
        base: sum(summary.payload.vigente_base_count),
      };
    case 'brokers':
      return { rows: summary.payload.rows.length, totalContracts: brokersContracts(summary.payload) };
  }
}

/**
 * A filtered summary must be a subset of the unfiltered one: no count above the unfiltered count,
 * no month, breakdown key or brokers row that the unfiltered answer lacks.
 */
export function subsetViolations(filtered: AnySummary, all: AnySummary): string[] {
  const v = new Violations({ absTol: 0, relTol: 0 });
  const notAbove = (what: string, part: number, whole: number | undefined) =>
    v.check(
      whole !== undefined && part <= whole,
      `${what}: filtered ${part} > unfiltered ${whole ?? '(absent)'}`,
    );
  if (filtered.endpoint === 'portfolio' && all.endpoint === 'portfolio') {
    for (const field of ['total', 'vigente', 'moroso', 'cobrador', 'debito'] as const) {
      notAbove(field, filtered.payload[field], all.payload[field]);
    }
    for (const [month, m] of Object.entries(filtered.payload.byGestion ?? {})) {
      notAbove(`byGestion["${month}"].total`, m.total, all.payload.byGestion?.[month]?.total);
    }
  } else if (filtered.endpoint === 'rendimiento' && all.endpoint === 'rendimiento') {
    notAbove('totalContracts', filtered.payload.totalContracts, all.payload.totalContracts);
    notAbove('totalContractsPaid', filtered.payload.totalContractsPaid, all.payload.totalContractsPaid);
    for (const [month, t] of Object.entries(filtered.payload.trendStats)) {
      notAbove(`trendStats["${month}"].c`, t.c, all.payload.trendStats[month]?.c);
    }
    for (const name of ['tramoStats', 'unStats', 'viaCStats', 'gestorStats'] as const) {
      for (const key of Object.keys(filtered.payload[name])) {
        v.check(key in all.payload[name], `${name}["${key}"] is not in the unfiltered answer`);
      }
    }
  } else if (filtered.endpoint === 'mora' && all.endpoint === 'mora') {
    const allPayload = all.payload;
    filtered.payload.labels.forEach((label, index) => {
      const at = allPayload.labels.indexOf(label);
      const count = filtered.payload.moroso_transition_count[index] ?? 0;
      const base = filtered.payload.vigente_base_count[index] ?? 0;
      // A requested month with no data is listed with zeros (and may be absent from the unfiltered answer).
      if (at < 0) {
        v.check(count === 0 && base === 0, `labels ${label} has data but is not in the unfiltered answer`);
        return;
      }
      notAbove(`moroso_transition_count at ${label}`, count, allPayload.moroso_transition_count[at]);
      notAbove(`vigente_base_count at ${label}`, base, allPayload.vigente_base_count[at]);
    });
  } else if (filtered.endpoint === 'brokers' && all.endpoint === 'brokers') {
    notAbove('contracts', brokersContracts(filtered.payload), brokersContracts(all.payload));
    const key = (r: { month: string; supervisor: string; un: string; via: string }) =>
      `${r.month}|${r.supervisor}|${r.un}|${r.via}`;
    const counts = new Map(all.payload.rows.map((row) => [key(row), row.count]));
    for (const row of filtered.payload.rows)
      notAbove(`rows (${key(row)}).count`, row.count, counts.get(key(row)));
  } else {
    v.check(false, `cannot compare a ${filtered.endpoint} summary with a ${all.endpoint} summary`);
  }
  return v.list;
}
