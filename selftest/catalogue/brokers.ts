import type { CatalogueEntry } from './entry.ts';

export const BROKERS_FAULTS: CatalogueEntry[] = [];
