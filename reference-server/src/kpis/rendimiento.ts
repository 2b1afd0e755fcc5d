// KPI: rendimiento, collection efficacy by management month (data-and-kpis.md).

import type { CarteraRow, Dataset } from '../data/dataset.ts';
import { contractMonthKey } from '../data/dataset.ts';
import { NO_DATA } from '../data/normalize.ts';
import { allows, isVigente } from './filters.ts';
import { type AnalyticsMeta, analyticsMeta, echoSentFilters } from './meta.ts';
import type { SentFilters } from './portfolio.ts';
import { type AnalyticsFilters, FILTER_KEYS, type KpiVariant } from './types.ts';

export interface DebtPaid {
  d: number;
  p: number;
}

export interface TrendCell extends DebtPaid {
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

/** One (contract, gestion month) unit; duplicate cartera rows add their debt into it. */
interface Unit {
  row: CarteraRow;
  debt: number;
}

function add(stats: Record<string, DebtPaid>, key: string, debt: number, paid: number): void {
  const cell = stats[key] ?? { d: 0, p: 0 };
  cell.d += debt;
  cell.p += paid;
  stats[key] = cell;
}

export function rendimiento(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant?: KpiVariant,
): RendimientoPayload {
  const units = new Map<string, Unit>();
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
    const key = contractMonthKey(row.contractId, row.monthIndex);
    const unit = units.get(key);
    if (unit) unit.debt += row.debt;
    else units.set(key, { row, debt: row.debt });
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
  for (const [key, { row, debt }] of units) {
    let paid = 0;
    const cell = ds.indexes.paidByContractMonth.get(key);
    if (cell) {
      for (const [via, amount] of cell.byVia) {
        if (!allows(viaPago, via)) continue;
        paid += amount;
        const matrixRow = out.matrixStats[row.viaCobro] ?? {};
        matrixRow[via] = (matrixRow[via] ?? 0) + amount;
        out.matrixStats[row.viaCobro] = matrixRow;
      }
    }
    const gestor = ds.indexes.gestorByContractMonth.get(key) ?? NO_DATA;
    out.totalDebt += debt;
    out.totalPaid += paid;
    out.totalContracts += 1;
    if (paid > 0) out.totalContractsPaid += 1;
    add(out.tramoStats, row.tramoText, debt, paid);
    add(out.unStats, row.un, debt, paid);
    add(out.viaCStats, row.viaCobro, debt, paid);
    add(out.gestorStats, gestor, debt, paid);
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
  const ordered = [...trend.keys()].sort((a, b) => a - b);
  for (const index of ordered) {
    const month = trend.get(index);
    if (month) out.trendStats[month.label] = month.cell;
  }
  const last = ordered[ordered.length - 1];
  out.meta.cutoff = last === undefined ? null : (trend.get(last)?.label ?? null);
  return out;
}

/** The efficacy shown to people: paid / debt, 0 when there is no debt. */
export function efficacy(cell: DebtPaid): number {
  return cell.d === 0 ? 0 : cell.p / cell.d;
}
