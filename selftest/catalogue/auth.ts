import type { CatalogueEntry } from './entry.ts';

export const AUTH_FAULTS: CatalogueEntry[] = [];
