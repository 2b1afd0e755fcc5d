import type { CatalogueEntry } from './entry.ts';

export const ANALYTICS_FAULTS: CatalogueEntry[] = [];
