/**
 * The filter values a target's data has, as its legacy dashboard answers them: gestion months, UNs,
 * vias de cobro and de pago and tramos from the whole-dataset performance summary; supervisors,
 * contract months and sale years from the whole brokers summary. Drawn parity cases (./draw.ts) and the
 * perf load's bodies are built from these values, never from one dataset's constants.
 */
import type { LegacyClient } from '../clients/legacy-client.ts';
import { WHOLE_DATASET } from '../contract/endpoints.ts';
import type { BrokersSummaryPayload, PerformancePayload } from '../contract/legacy.ts';
import { monthOrder } from '../exports/layout.ts';

export interface FilterSpace {
  /** Gestion months (MM/YYYY), oldest first. */
  readonly gestionMonths: readonly string[];
  /** Years of the gestion months, ascending: what `anio` means to mora (docs/kpis.md). */
  readonly gestionYears: readonly string[];
  /** Years of the brokers contract (sale) months, ascending: what `anio` means to brokers. */
  readonly saleYears: readonly string[];
  /** Contract months of the brokers rows (MM/YYYY), oldest first. */
  readonly contractMonths: readonly string[];
  /** UNs and vias de cobro by debt, largest first. */
  readonly uns: readonly string[];
  readonly viasCobro: readonly string[];
  readonly viasPago: readonly string[];
  /** Whole-number tramos as the data spells them ("5.0"-style dirty spellings left out). */
  readonly tramos: readonly string[];
  /** Supervisors of the brokers rows (the enabled ones), by sales, most first. */
  readonly supervisors: readonly string[];
  /** The contract's two categories: every cartera row is one of them. */
  readonly categorias: readonly string[];
}

const byMonth = (a: string, b: string) => monthOrder(a) - monthOrder(b);

function byDebtDesc(stats: Readonly<Record<string, { d: number }>>): string[] {
  return Object.entries(stats)
    .sort(([, a], [, b]) => b.d - a.d)
    .map(([key]) => key);
}

const yearsOf = (months: readonly string[]): string[] =>
  [...new Set(months.map((month) => month.slice(3)))].sort();

/** "Sin dato": a placeholder the legacy shows for a missing value, not a value to filter on. */
const NO_DATA_LABEL = 'S/D';

/** The filter space of two legacy answers (pure; see fetchFilterSpace). */
export function filterSpaceOf(performance: PerformancePayload, brokers: BrokersSummaryPayload): FilterSpace {
  const gestionMonths = Object.keys(performance.trendStats).sort(byMonth);
  const contractMonths = [...new Set(brokers.rows.map((row) => row.month))].sort(byMonth);
  const sales = new Map<string, number>();
  for (const row of brokers.rows) sales.set(row.supervisor, (sales.get(row.supervisor) ?? 0) + row.count);
  const real = (value: string) => value.trim() !== '' && value !== NO_DATA_LABEL;
  return {
    gestionMonths,
    gestionYears: yearsOf(gestionMonths),
    saleYears: yearsOf(contractMonths),
    contractMonths,
    uns: byDebtDesc(performance.unStats).filter(real),
    viasCobro: byDebtDesc(performance.viaCStats).filter(real),
    viasPago: [...new Set(Object.values(performance.matrixStats).flatMap((row) => Object.keys(row)))]
      .filter(real)
      .sort(),
    tramos: Object.keys(performance.tramoStats)
      .filter((tramo) => /^\d+$/.test(tramo))
      .sort((a, b) => Number(a) - Number(b)),
    supervisors: [...sales]
      .filter(([supervisor]) => real(supervisor))
      .sort(([, a], [, b]) => b - a)
      .map(([supervisor]) => supervisor),
    categorias: ['VIGENTE', 'MOROSO'],
  };
}

/** Ask the legacy for its whole dataset (two schema-checked calls) and read the filter values off it. */
export async function fetchFilterSpace(legacy: LegacyClient): Promise<FilterSpace> {
  const performance = await legacy.performance(WHOLE_DATASET.rendimiento);
  const brokers = await legacy.brokersSummary({});
  const space = filterSpaceOf(performance, brokers);
  if (space.gestionMonths.length === 0 || space.uns.length === 0) {
    throw new Error(
      `the legacy's whole-dataset performance summary (${JSON.stringify(WHOLE_DATASET.rendimiento)}) ` +
        'shows no gestion month or no UN: no filter value to draw parity cases from',
    );
  }
  return space;
}
