// KPI: portfolio summary and trend (Análisis de Cartera), docs/kpis.md.

import type { CarteraRow, Dataset } from '../data/dataset.ts';
import { allows, isVigente } from './filters.ts';
import { type AnalyticsMeta, analyticsMeta, echoSentFilters } from './meta.ts';
import { type AnalyticsFilters, FILTER_KEYS, type KpiVariant } from './types.ts';

interface PortfolioCounts {
  total: number;
  vigente: number;
  moroso: number;
  cobrador: number;
  debito: number;
}

export interface PortfolioMonth extends PortfolioCounts {
  debt: number;
  paid: number;
  paidContracts: number;
}

export type SentFilters = Partial<AnalyticsFilters>;

export interface PortfolioSummaryPayload extends PortfolioCounts {
  totalDebt: number;
  totalPaid: number;
  meta: AnalyticsMeta<SentFilters>;
}

export interface PortfolioTrendPayload {
  byGestion: Record<string, PortfolioMonth>;
  meta: AnalyticsMeta<SentFilters>;
}

/** Snapshots passing un, gestion_month, via_cobro, categoria, supervisor (the others are ignored). */
function selectRows(ds: Dataset, filters: AnalyticsFilters, variant: KpiVariant | undefined): CarteraRow[] {
  return ds.cartera.filter(
    (row) =>
      allows(filters.un, row.un) &&
      allows(filters.gestion_month, row.gestionMonth) &&
      allows(filters.via_cobro, row.viaCobro) &&
      allows(filters.categoria, isVigente(row.tramo, variant) ? 'VIGENTE' : 'MOROSO') &&
      allows(filters.supervisor, row.supervisor),
  );
}

function emptyMonth(): PortfolioMonth {
  return { total: 0, vigente: 0, moroso: 0, cobrador: 0, debito: 0, debt: 0, paid: 0, paidContracts: 0 };
}

interface Aggregate {
  months: Map<number, { label: string; stats: PortfolioMonth }>;
  latest: number | null;
}

function aggregate(ds: Dataset, filters: AnalyticsFilters, variant: KpiVariant | undefined): Aggregate {
  const months = new Map<number, { label: string; stats: PortfolioMonth }>();
  // Payments of a (contract, month) are counted once even when cartera has duplicate rows.
  const paidCounted = new Uint8Array(ds.cartera.length);
  const { rowPaid, rowUnit } = ds.indexes;
  let latest: number | null = null;
  for (const row of selectRows(ds, filters, variant)) {
    let entry = months.get(row.monthIndex);
    if (!entry) {
      entry = { label: row.gestionMonth, stats: emptyMonth() };
      months.set(row.monthIndex, entry);
    }
    const s = entry.stats;
    s.total += 1;
    if (isVigente(row.tramo, variant)) s.vigente += 1;
    else s.moroso += 1;
    if (row.viaCobro === 'COBRADOR') s.cobrador += 1;
    else s.debito += 1;
    s.debt += row.debt;
    const paid = rowPaid[row.index]?.total ?? 0;
    if (paid > 0) s.paidContracts += 1;
    const unit = rowUnit[row.index] ?? row.index;
    if (paidCounted[unit] === 0) {
      paidCounted[unit] = 1;
      s.paid += paid;
    }
    if (latest === null || row.monthIndex > latest) latest = row.monthIndex;
  }
  return { months, latest };
}

function cutoffOf(agg: Aggregate): string | null {
  return agg.latest === null ? null : (agg.months.get(agg.latest)?.label ?? null);
}

export function portfolioSummary(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant?: KpiVariant,
): PortfolioSummaryPayload {
  const agg = aggregate(ds, filters, variant);
  const totals = emptyMonth();
  for (const { stats } of agg.months.values()) {
    totals.total += stats.total;
    totals.vigente += stats.vigente;
    totals.moroso += stats.moroso;
    totals.cobrador += stats.cobrador;
    totals.debito += stats.debito;
    totals.debt += stats.debt;
    totals.paid += stats.paid;
  }
  return {
    total: totals.total,
    vigente: totals.vigente,
    moroso: totals.moroso,
    cobrador: totals.cobrador,
    debito: totals.debito,
    totalDebt: totals.debt,
    totalPaid: totals.paid,
    meta: analyticsMeta('portfolio/summary', echoSentFilters(filters, FILTER_KEYS), cutoffOf(agg)),
  };
}

export function portfolioTrend(
  ds: Dataset,
  filters: AnalyticsFilters,
  variant?: KpiVariant,
): PortfolioTrendPayload {
  const agg = aggregate(ds, filters, variant);
  const byGestion: Record<string, PortfolioMonth> = {};
  for (const index of [...agg.months.keys()].sort((a, b) => a - b)) {
    const entry = agg.months.get(index);
    if (entry) byGestion[entry.label] = entry.stats;
  }
  return {
    byGestion,
    meta: analyticsMeta('portfolio/trend', echoSentFilters(filters, FILTER_KEYS), cutoffOf(agg)),
  };
}
