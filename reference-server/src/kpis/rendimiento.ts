// KPI: rendimiento, collection efficacy by management month (docs/kpis.md).

import type { Dataset } from '../data/dataset.ts';
import { NO_DATA } from '../data/normalize.ts';
import { allows, isVigente } from './filters.ts';
import { type AnalyticsMeta, analyticsMeta, echoSentFilters } from './meta.ts';
import type { SentFilters } from './portfolio.ts';
import { type AnalyticsFilters, FILTER_KEYS, type KpiVariant } from './types.ts';

interface DebtPaid {
  d: number;
  p: number;
}

interface TrendCell extends DebtPaid {
  c: number;
  cp: number;
}

export interface RendimientoPayload {
  totalDebt: number;
  totalPaid: number;
  totalContracts: number;
  totalContractsPaid: number;
  tramoStats: Record<string, DebtPaid>;
  unStats: Record<string, DebtPaid>;
  viaCStats: Record<string, DebtPaid>;
  gestorStats: Record<string, DebtPaid>;
  matrixStats: Record<string, Record<string, number>>;
  trendStats: Record<string, TrendCell>;
  meta: AnalyticsMeta<SentFilters>;
}

function add(stats: Map<string, DebtPaid>, key: string, debt: number, paid: number): void {
  const cell = stats.get(key);
  if (cell) {
    cell.d += debt;
    cell.p += paid;
  } else {
    stats.set(key, { d: debt, p: paid });
  }
}

/** One unit per (contract, gestion month), keyed by its first row; duplicate rows add their debt. */
function selectUnits(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant: KpiVariant | undefined,
): { units: number[]; unitDebt: Float64Array } {
  const { rowUnit } = ds.indexes;
  const unitDebt = new Float64Array(ds.cartera.length);
  const unitSeen = new Uint8Array(ds.cartera.length);
  const units: number[] = [];
  for (const row of ds.cartera) {
    if (
      !allows(filters.un, row.un) ||
      !allows(filters.tramo, row.tramoText) ||
      !allows(filters.gestion_month, row.gestionMonth) ||
      !allows(filters.via_cobro, row.viaCobro) ||
      !allows(filters.categoria, isVigente(row.tramo, variant) ? 'VIGENTE' : 'MOROSO') ||
      !allows(filters.supervisor, row.supervisor)
    ) {
      continue;
    }
    const unit = rowUnit[row.index] ?? row.index;
    if (unitSeen[unit] === 0) {
      unitSeen[unit] = 1;
      units.push(row.index);
    }
    unitDebt[unit] = (unitDebt[unit] ?? 0) + row.debt;
  }
  return { units, unitDebt };
}

/** What a unit's payments through the allowed vias add up to; each payment also fills the via matrix. */
function unitPaid(
  ds: Dataset,
  index: number,
  viaCobro: string,
  viaPago: AnalyticsFilters['via_pago'],
  matrixStats: Record<string, Record<string, number>>,
): number {
  let paid = 0;
  for (const { via, amount } of ds.indexes.rowPaid[index]?.vias ?? []) {
    if (!allows(viaPago, via)) continue;
    paid += amount;
    const matrixRow = matrixStats[viaCobro] ?? {};
    matrixRow[via] = (matrixRow[via] ?? 0) + amount;
    matrixStats[viaCobro] = matrixRow;
  }
  return paid;
}

type Trend = Map<number, { label: string; cell: TrendCell }>;

function addToTrend(
  trend: Trend,
  row: { monthIndex: number; gestionMonth: string },
  debt: number,
  paid: number,
) {
  let month = trend.get(row.monthIndex);
  if (!month) {
    month = { label: row.gestionMonth, cell: { d: 0, p: 0, c: 0, cp: 0 } };
    trend.set(row.monthIndex, month);
  }
  month.cell.d += debt;
  month.cell.p += paid;
  month.cell.c += 1;
  if (paid > 0) month.cell.cp += 1;
}

/** The trend in month order, and its last month (the cutoff). */
function orderedTrend(trend: Trend): { trendStats: Record<string, TrendCell>; cutoff: string | null } {
  const trendStats: Record<string, TrendCell> = {};
  const ordered = [...trend.keys()].sort((a, b) => a - b);
  for (const index of ordered) {
    const month = trend.get(index);
    if (month) trendStats[month.label] = month.cell;
  }
  const last = ordered[ordered.length - 1];
  return { trendStats, cutoff: last === undefined ? null : (trend.get(last)?.label ?? null) };
}

export function rendimiento(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant?: KpiVariant,
): RendimientoPayload {
  const { rowUnit, rowGestor } = ds.indexes;
  const { units, unitDebt } = selectUnits(ds, filters, variant);
  // The via_pago filter restricts which payments count as paid (a planted defect ignores it).
  const viaPago = variant?.ignoreViaPago ? [] : filters.via_pago;
  const out: RendimientoPayload = {
    totalDebt: 0,
    totalPaid: 0,
    totalContracts: 0,
    totalContractsPaid: 0,
    tramoStats: {},
    unStats: {},
    viaCStats: {},
    gestorStats: {},
    matrixStats: {},
    trendStats: {},
    meta: analyticsMeta('performance/by-management-month', echoSentFilters(filters, FILTER_KEYS), null),
  };
  const trend: Trend = new Map();
  const tramoStats = new Map<string, DebtPaid>();
  const unStats = new Map<string, DebtPaid>();
  const viaCStats = new Map<string, DebtPaid>();
  const gestorStats = new Map<string, DebtPaid>();
  for (const index of units) {
    const row = ds.cartera[index];
    if (!row) continue;
    const debt = unitDebt[rowUnit[index] ?? index] ?? 0;
    const paid = unitPaid(ds, index, row.viaCobro, viaPago, out.matrixStats);
    out.totalDebt += debt;
    out.totalPaid += paid;
    out.totalContracts += 1;
    if (paid > 0) out.totalContractsPaid += 1;
    add(tramoStats, row.tramoText, debt, paid);
    add(unStats, row.un, debt, paid);
    add(viaCStats, row.viaCobro, debt, paid);
    add(gestorStats, rowGestor[index] ?? NO_DATA, debt, paid);
    addToTrend(trend, row, debt, paid);
  }
  out.tramoStats = Object.fromEntries(tramoStats);
  out.unStats = Object.fromEntries(unStats);
  out.viaCStats = Object.fromEntries(viaCStats);
  out.gestorStats = Object.fromEntries(gestorStats);
  const { trendStats, cutoff } = orderedTrend(trend);
  out.trendStats = trendStats;
  out.meta.cutoff = cutoff;
  return out;
}
