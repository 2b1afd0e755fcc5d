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

export function rendimiento(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant?: KpiVariant,
): RendimientoPayload {
  const { rowUnit, rowPaid, rowGestor } = ds.indexes;
  // One unit per (contract, gestion month), keyed by its first row; duplicate rows add their debt.
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
  const trend = new Map<number, { label: string; cell: TrendCell }>();
  const tramoStats = new Map<string, DebtPaid>();
  const unStats = new Map<string, DebtPaid>();
  const viaCStats = new Map<string, DebtPaid>();
  const gestorStats = new Map<string, DebtPaid>();
  for (const index of units) {
    const row = ds.cartera[index];
    if (!row) continue;
    const unit = rowUnit[index] ?? index;
    const debt = unitDebt[unit] ?? 0;
    let paid = 0;
    const cell = rowPaid[index];
    if (cell) {
      for (const { via, amount } of cell.vias) {
        if (!allows(viaPago, via)) continue;
        paid += amount;
        const matrixRow = out.matrixStats[row.viaCobro] ?? {};
        matrixRow[via] = (matrixRow[via] ?? 0) + amount;
        out.matrixStats[row.viaCobro] = matrixRow;
      }
    }
    const gestor = rowGestor[index] ?? NO_DATA;
    out.totalDebt += debt;
    out.totalPaid += paid;
    out.totalContracts += 1;
    if (paid > 0) out.totalContractsPaid += 1;
    add(tramoStats, row.tramoText, debt, paid);
    add(unStats, row.un, debt, paid);
    add(viaCStats, row.viaCobro, debt, paid);
    add(gestorStats, gestor, debt, paid);
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
  out.tramoStats = Object.fromEntries(tramoStats);
  out.unStats = Object.fromEntries(unStats);
  out.viaCStats = Object.fromEntries(viaCStats);
  out.gestorStats = Object.fromEntries(gestorStats);
  const ordered = [...trend.keys()].sort((a, b) => a - b);
  for (const index of ordered) {
    const month = trend.get(index);
    if (month) out.trendStats[month.label] = month.cell;
  }
  const last = ordered[ordered.length - 1];
  out.meta.cutoff = last === undefined ? null : (trend.get(last)?.label ?? null);
  return out;
}
