// The self-test's fault catalogue, one file per gate (selftest/catalogue/<gate>.ts).
import { ANALYTICS_FAULTS } from './catalogue/analytics.ts';
import { AUTH_FAULTS } from './catalogue/auth.ts';
import { BROKERS_FAULTS } from './catalogue/brokers.ts';
import { CUTOVER_FAULTS } from './catalogue/cutover.ts';
import type { CatalogueEntry } from './catalogue/entry.ts';
import { PERF_FAULTS } from './catalogue/perf.ts';
import { SMOKE_FAULTS } from './catalogue/smoke.ts';

export type { CatalogueEntry } from './catalogue/entry.ts';

export const CATALOGUE: CatalogueEntry[] = [
  ...SMOKE_FAULTS,
  ...AUTH_FAULTS,
  ...BROKERS_FAULTS,
  ...ANALYTICS_FAULTS,
  ...PERF_FAULTS,
  ...CUTOVER_FAULTS,
];
