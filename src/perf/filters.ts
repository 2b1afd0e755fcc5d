// Request bodies for the analytics load: the runbook's filter set first, then distinct variations
// of it, so a result cache keyed on the filters serves few of the measured requests.
import { type AnalyticsFiltersInput, compactFilters, RUNBOOK_FILTERS } from '../contract/filters.ts';

/** The runbook's bounded filter set, as src/contract/filters.ts defines it. */

/** The twelve gestion months ending at the runbook's month (02/2025 .. 01/2026). */
const MONTHS = Array.from({ length: 12 }, (_, index) => {
  const month = ((index + 1) % 12) + 1; // 2..12, 1
  const year = index < 11 ? 2025 : 2026;
  return `${String(month).padStart(2, '0')}/${year}`;
});
const UNS: (string | null)[] = [
  'MEDICINA ESTETICA',
  'ODONTOLOGIA',
  'MEDICINA PREPAGA',
  'OFTALMOLOGIA',
  'PREVISION',
  null,
];
const VIAS: (string | null)[] = ['COBRADOR', 'DEBITO', null];
const SUPERVISORS: string[][] = [['FVBROKEREAS', 'FVBROKEREASCDE'], ['FVBROKEREAS'], ['FVBROKEREASCDE'], []];

/** How many distinct variations filterVariants can produce before repeating. */
export const DISTINCT_VARIANTS = 1 + MONTHS.length * UNS.length * VIAS.length * SUPERVISORS.length;

function variation(index: number): AnalyticsFiltersInput {
  // Mixed radix over (month, un, via, supervisors): every index below the product is distinct.
  const month = MONTHS[index % MONTHS.length] ?? '01/2026';
  const un = UNS[Math.floor(index / MONTHS.length) % UNS.length] ?? null;
  const via = VIAS[Math.floor(index / (MONTHS.length * UNS.length)) % VIAS.length] ?? null;
  const supervisors =
    SUPERVISORS[Math.floor(index / (MONTHS.length * UNS.length * VIAS.length)) % SUPERVISORS.length];
  return {
    anio: [month.slice(3)],
    gestion_month: [month],
    ...(un === null ? {} : { un: [un] }),
    ...(via === null ? {} : { via_cobro: [via] }),
    ...(supervisors && supervisors.length > 0 ? { supervisor: supervisors } : {}),
  };
}

/** `count` filter sets: the runbook's first, then variations (repeating after DISTINCT_VARIANTS). */
export function filterVariants(count: number): AnalyticsFiltersInput[] {
  const variants: AnalyticsFiltersInput[] = [];
  for (let index = 0; index < count; index++) {
    variants.push(
      index % DISTINCT_VARIANTS === 0 ? RUNBOOK_FILTERS : variation((index % DISTINCT_VARIANTS) - 1),
    );
  }
  return variants;
}

/** JSON bodies for the analytics endpoints (the v1 body is the filters object itself), validated. */
export function filterBodies(count: number): string[] {
  return filterVariants(count).map((filters) => JSON.stringify(compactFilters(filters)));
}
