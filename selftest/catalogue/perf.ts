import type { CatalogueEntry } from './entry.ts';

export const PERF_FAULTS: CatalogueEntry[] = [];
