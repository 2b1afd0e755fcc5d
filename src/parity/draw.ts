/**
 * Parity cases drawn from the target's own filter values (./filter-space.ts), besides the recorded
 * ones: `perEndpoint` cases for each parity endpoint, each filtering on one to three keys with one or
 * two values the data has. fast-check draws them from a seed (PARITY_DRAW_SEED), so the same seed on
 * the same data draws the same cases and a failing case can be replayed.
 */
import fc from 'fast-check';
import type { LegacyClient } from '../clients/legacy-client.ts';
import { BROKERS_FILTER_TO_LEGACY } from '../contract/endpoints.ts';
import {
  type AnalyticsFiltersInput,
  compactFilters,
  FILTER_KEYS,
  type FilterKey,
} from '../contract/filters.ts';
import { PARITY_ENDPOINTS, type ParityCase } from './case-set.ts';
import { type FilterSpace, fetchFilterSpace } from './filter-space.ts';
import type { ParityEndpoint } from './profiles.ts';

export interface DrawOptions {
  readonly seed: number;
  /** Cases per endpoint; 0 draws none. */
  readonly perEndpoint: number;
}

/** Drawn case names start with this, so reports tell them from recorded ones. */
const DRAWN_PREFIX = 'drawn';

function valuesOf(space: FilterSpace, key: FilterKey, endpoint: ParityEndpoint): readonly string[] {
  switch (key) {
    case 'un':
      return space.uns;
    case 'anio':
      // Brokers filters on the sale year, mora on the gestion month's year; portfolio and rendimiento
      // ignore anio (docs/kpis.md), and their unit is a gestion-month snapshot: gestion years.
      return endpoint === 'brokers' ? space.saleYears : space.gestionYears;
    case 'gestion_month':
      return space.gestionMonths;
    case 'contract_month':
      return space.contractMonths;
    case 'via_cobro':
      return space.viasCobro;
    case 'via_pago':
      return space.viasPago;
    case 'categoria':
      return space.categorias;
    case 'supervisor':
      return space.supervisors;
    case 'tramo':
      return space.tramos;
  }
}

/** The filter keys an endpoint takes: the legacy brokers body maps only some of them. */
function keysOf(endpoint: ParityEndpoint): readonly FilterKey[] {
  if (endpoint !== 'brokers') return FILTER_KEYS;
  return FILTER_KEYS.filter((key) => key in BROKERS_FILTER_TO_LEGACY);
}

function filtersArbitrary(space: FilterSpace, endpoint: ParityEndpoint): fc.Arbitrary<AnalyticsFiltersInput> {
  const keys = keysOf(endpoint).filter((key) => valuesOf(space, key, endpoint).length > 0);
  return fc
    .shuffledSubarray([...keys], { minLength: 1, maxLength: Math.min(3, keys.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((key) => {
          const values = valuesOf(space, key, endpoint);
          // A dataset of one year (or one UN...) has one value to draw: at most as many as there are.
          return fc
            .subarray([...values], { minLength: 1, maxLength: Math.min(2, values.length) })
            .map((drawn) => [key, drawn] as const);
        }),
      ),
    )
    .map((pairs) => compactFilters(Object.fromEntries(pairs)));
}

/** `perEndpoint` drawn cases per parity endpoint, the same ones for the same seed and space. */
export function drawParityCases(space: FilterSpace, options: DrawOptions): ParityCase[] {
  if (options.perEndpoint <= 0) return [];
  return PARITY_ENDPOINTS.flatMap((endpoint, index) =>
    // One seed per endpoint: adding an endpoint never changes another endpoint's cases.
    fc
      .sample(filtersArbitrary(space, endpoint), { seed: options.seed + index, numRuns: options.perEndpoint })
      .map((filters, n) => ({ name: `${DRAWN_PREFIX}_${endpoint}_${n + 1}`, endpoint, filters })),
  );
}

/** One line for report headers: how many cases were drawn and how to draw them again. */
function describeDraw(options: DrawOptions, drawn: readonly ParityCase[]): string {
  return `${drawn.length} (${options.perEndpoint} per endpoint, seed ${options.seed}: PARITY_DRAW_SEED=${options.seed} draws them again)`;
}

export interface DrawnCases {
  readonly cases: ParityCase[];
  /** Why nothing could be drawn (the legacy gave no filter values): fails the parity run. */
  readonly problems: string[];
  /** For the report header. */
  readonly description: string;
}

/** Draw cases from the filter values the target's legacy answers (nothing asked when none wanted). */
export async function drawFromTarget(legacy: LegacyClient, options: DrawOptions): Promise<DrawnCases> {
  if (options.perEndpoint <= 0)
    return { cases: [], problems: [], description: 'none (PARITY_DRAWN_CASES=0)' };
  try {
    const cases = drawParityCases(await fetchFilterSpace(legacy), options);
    return { cases, problems: [], description: describeDraw(options, cases) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      cases: [],
      problems: [`no parity case could be drawn from the target's data (seed ${options.seed}): ${reason}`],
      description: `none: ${reason}`,
    };
  }
}
