// Request bodies for the analytics load: the runbook's filter set first, then distinct variations
// over the target's own values (gestion months, UNs, vias, supervisors its legacy answers), so a
// result cache keyed on the filters serves few of the measured requests and the bodies select data
// on any dataset, never constants of one.
import { LegacyClient } from '../clients/legacy-client.ts';
import { undiciTransport } from '../clients/transport.ts';
import { type AnalyticsFiltersInput, compactFilters, RUNBOOK_FILTERS } from '../contract/filters.ts';
import { type FilterSpace, fetchFilterSpace } from '../parity/filter-space.ts';

/** The values the variations rotate over. */
export interface PerfFilterValues {
  /** Gestion months (MM/YYYY); each variation filters one, with its year. */
  readonly months: readonly string[];
  readonly uns: readonly string[];
  readonly vias: readonly string[];
  /** Supervisor sets (a variation without a supervisor filter is added). */
  readonly supervisors: readonly (readonly string[])[];
  /** Where the values came from, for the log and the evidence. */
  readonly source: string;
}

/** The twelve months ending at `last` (MM/YYYY), oldest first. */
function twelveMonthsEnding(last: string): string[] {
  const end = Number(last.slice(3)) * 12 + Number(last.slice(0, 2)) - 1;
  return Array.from({ length: 12 }, (_, index) => {
    const month = end - 11 + index;
    return `${String((month % 12) + 1).padStart(2, '0')}/${Math.floor(month / 12)}`;
  });
}

/**
 * Without the target's data: the runbook's own request varied over the twelve months ending at its
 * month (the runbook's UN, via and supervisors only).
 */
export const RUNBOOK_VALUES: PerfFilterValues = {
  months: twelveMonthsEnding(RUNBOOK_FILTERS.gestion_month[0]),
  uns: RUNBOOK_FILTERS.un,
  vias: RUNBOOK_FILTERS.via_cobro,
  supervisors: [RUNBOOK_FILTERS.supervisor],
  source: "the runbook's filter set (no filter values from the target)",
};

/** The target's values: its last twelve gestion months, every UN and via, its top two supervisors. */
export function valuesFromSpace(space: FilterSpace): PerfFilterValues {
  const [first, second] = space.supervisors;
  return {
    months: space.gestionMonths.slice(-12),
    uns: space.uns,
    vias: space.viasCobro,
    supervisors:
      first === undefined ? [] : second === undefined ? [[first]] : [[first, second], [first], [second]],
    source: "the target's data (its legacy's whole-dataset performance and brokers summaries)",
  };
}

const known = new Map<string, Promise<PerfFilterValues>>();

/** The target's values, asked of its legacy once per process; the runbook's when it cannot say. */
export function targetFilterValues(
  legacyBase: string | undefined,
  log: (line: string) => void = () => {},
): Promise<PerfFilterValues> {
  if (legacyBase === undefined) return Promise.resolve(RUNBOOK_VALUES);
  let values = known.get(legacyBase);
  if (!values) {
    values = fetchFilterSpace(
      new LegacyClient(legacyBase, undiciTransport(), { traceIdPrefix: 'perf-filters' }),
    )
      .then(valuesFromSpace)
      .catch((error: unknown) => {
        log(
          `filter values: the legacy could not give them (${String(error)}); using ${RUNBOOK_VALUES.source}`,
        );
        return RUNBOOK_VALUES;
      });
    known.set(legacyBase, values);
  }
  return values;
}

/** How many distinct bodies filterVariants gives before repeating (the runbook's set included). */
export function distinctVariants(values: PerfFilterValues): number {
  return (
    1 +
    values.months.length *
      (values.uns.length + 1) *
      (values.vias.length + 1) *
      (values.supervisors.length + 1)
  );
}

function variation(index: number, values: PerfFilterValues): AnalyticsFiltersInput {
  // Mixed radix over (month, un, via, supervisors); the extra digit of each is "no filter".
  const { months, uns, vias, supervisors } = values;
  const month = months[index % months.length];
  let rest = Math.floor(index / months.length);
  const un = uns[rest % (uns.length + 1)];
  rest = Math.floor(rest / (uns.length + 1));
  const via = vias[rest % (vias.length + 1)];
  rest = Math.floor(rest / (vias.length + 1));
  const supervisor = supervisors[rest % (supervisors.length + 1)];
  return {
    ...(month === undefined ? {} : { anio: [month.slice(3)], gestion_month: [month] }),
    ...(un === undefined ? {} : { un: [un] }),
    ...(via === undefined ? {} : { via_cobro: [via] }),
    ...(supervisor === undefined ? {} : { supervisor }),
  };
}

/** `count` filter sets: the runbook's first, then variations (repeating after distinctVariants). */
export function filterVariants(
  count: number,
  values: PerfFilterValues = RUNBOOK_VALUES,
): AnalyticsFiltersInput[] {
  const distinct = distinctVariants(values);
  return Array.from({ length: count }, (_, index) =>
    index % distinct === 0 ? RUNBOOK_FILTERS : variation((index % distinct) - 1, values),
  );
}

/** JSON bodies for the analytics endpoints (the v1 body is the filters object itself), validated. */
export function filterBodies(count: number, values: PerfFilterValues = RUNBOOK_VALUES): string[] {
  return filterVariants(count, values).map((filters) => JSON.stringify(compactFilters(filters)));
}
