// Filter helpers shared by the KPI functions: a full AnalyticsFilters from a partial one,
// "empty list = all" matching, and the categoria of a tramo under a KpiVariant.

import type { AnalyticsFilters, KpiVariant } from './types.ts';

export function emptyFilters(): AnalyticsFilters {
  return {
    un: [],
    anio: [],
    gestion_month: [],
    contract_month: [],
    via_cobro: [],
    via_pago: [],
    categoria: [],
    supervisor: [],
    tramo: [],
  };
}

/** Empty list means "all"; otherwise the value must be one of the list (case-sensitive). */
export function allows(list: readonly string[], value: string): boolean {
  return list.length === 0 || list.includes(value);
}

/** The VIGENTE/MOROSO boundary (truth: tramo <= 3 is VIGENTE). */
function vigenteMax(variant: KpiVariant | undefined): number {
  return variant?.vigenteMaxTramo ?? 3;
}

export function isVigente(tramo: number, variant: KpiVariant | undefined): boolean {
  return tramo <= vigenteMax(variant);
}
