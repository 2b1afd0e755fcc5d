import type { CatalogueEntry } from './entry.ts';

export const CUTOVER_FAULTS: CatalogueEntry[] = [];
