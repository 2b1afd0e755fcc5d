// KPI: mora, vigente -> moroso transitions by management month (docs/kpis.md).

import type { CarteraRow, Dataset } from '../data/dataset.ts';
import { monthIndexOfText } from '../data/normalize.ts';
import { allows, isVigente } from './filters.ts';
import { type AnalyticsMeta, analyticsMeta } from './meta.ts';
import type { AnalyticsFilters, KpiVariant } from './types.ts';

const MORA_FILTER_KEYS = ['un', 'anio', 'gestion_month', 'via_cobro', 'categoria', 'supervisor'] as const;
type MoraFilterEcho = Record<(typeof MORA_FILTER_KEYS)[number], string[]>;

export interface MoraPayload {
  labels: string[];
  moroso_transition_count: number[];
  vigente_base_count: number[];
  moroso_transition_pct: number[];
  avg_cuota: number[];
  meta: AnalyticsMeta<MoraFilterEcho>;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The legacy echoes every mora filter key, each list de-duplicated and sorted as text. */
function moraEcho(filters: AnalyticsFilters): MoraFilterEcho {
  const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort();
  return {
    un: sorted(filters.un),
    anio: sorted(filters.anio),
    gestion_month: sorted(filters.gestion_month),
    via_cobro: sorted(filters.via_cobro),
    categoria: sorted(filters.categoria),
    supervisor: sorted(filters.supervisor),
  };
}

interface MonthStats {
  label: string;
  transitions: number;
  base: number;
  cuotaSum: number;
}

export function moraTrend(ds: Dataset, filters: AnalyticsFilters, variant?: KpiVariant): MoraPayload {
  // One unit per (contract, month): the filtered row with the highest tramo.
  const units = new Map<number, CarteraRow>();
  for (const row of ds.cartera) {
    if (
      !allows(filters.un, row.un) ||
      !allows(filters.anio, row.year) ||
      !allows(filters.gestion_month, row.gestionMonth) ||
      !allows(filters.via_cobro, row.viaCobro) ||
      !allows(filters.supervisor, row.supervisor)
    ) {
      continue;
    }
    const key = ds.indexes.rowUnit[row.index] ?? row.index;
    const kept = units.get(key);
    if (!kept || row.tramo > kept.tramo) units.set(key, row);
  }
  // categoria is not a row filter here: without MOROSO in it, no transition is counted.
  const countTransitions = filters.categoria.length === 0 || filters.categoria.includes('MOROSO');

  const months = new Map<number, MonthStats>();
  const monthOf = (index: number, label: string): MonthStats => {
    let stats = months.get(index);
    if (!stats) {
      stats = { label, transitions: 0, base: 0, cuotaSum: 0 };
      months.set(index, stats);
    }
    return stats;
  };
  for (const label of filters.gestion_month) {
    const index = monthIndexOfText(label);
    if (index !== null) monthOf(index, label);
  }
  for (const row of units.values()) {
    const stats = monthOf(row.monthIndex, row.gestionMonth);
    if (isVigente(row.tramo, variant)) {
      stats.base += 1;
      continue;
    }
    // The previous snapshot is searched over the contract's whole history, not the filtered rows.
    const previous = ds.indexes.previousTramo[row.index] ?? null;
    if (countTransitions && previous !== null && isVigente(previous, variant)) {
      stats.transitions += 1;
      stats.cuotaSum += row.montoCuota;
    }
  }

  const ordered = [...months.keys()].sort((a, b) => a - b).map((index) => months.get(index));
  const payload: MoraPayload = {
    labels: [],
    moroso_transition_count: [],
    vigente_base_count: [],
    moroso_transition_pct: [],
    avg_cuota: [],
    meta: analyticsMeta('movement/moroso-trend', moraEcho(filters), null),
  };
  let previousBase = 0;
  for (const stats of ordered) {
    if (!stats) continue;
    // Planted defect mora-pct-previous-base: divide by the previous label's vigente base.
    const base = variant?.moraPctPreviousBase ? previousBase : stats.base;
    // Planted defect transitions-minus-one: one transition fewer per month (pct follows the count).
    const transitions =
      variant?.transitionsMinusOne && stats.transitions > 0 ? stats.transitions - 1 : stats.transitions;
    payload.labels.push(stats.label);
    payload.moroso_transition_count.push(transitions);
    payload.vigente_base_count.push(stats.base);
    payload.moroso_transition_pct.push(base === 0 ? 0 : round3((transitions / base) * 100));
    payload.avg_cuota.push(stats.transitions === 0 ? 0 : stats.cuotaSum / stats.transitions);
    previousBase = stats.base;
  }
  payload.meta.cutoff = payload.labels[payload.labels.length - 1] ?? null;
  return payload;
}
