// The shared vocabulary of the reference server's KPI code (pure) and its HTTP layer.

/** The analytics filter body of docs/kpis.md; every list empty = "all". */
export interface AnalyticsFilters {
  un: string[];
  anio: string[];
  gestion_month: string[];
  contract_month: string[];
  via_cobro: string[];
  via_pago: string[];
  categoria: string[];
  supervisor: string[];
  tramo: string[];
}

export const FILTER_KEYS = [
  'un',
  'anio',
  'gestion_month',
  'contract_month',
  'via_cobro',
  'via_pago',
  'categoria',
  'supervisor',
  'tramo',
] as const satisfies readonly (keyof AnalyticsFilters)[];

export interface CommissionRule {
  supervisors: string[];
  uns: string[];
  vias: string[];
  months: string[];
  factor: number;
}

export interface PrizeScale {
  minPct: number;
  prize: number;
}

export interface PrizeRule {
  supervisors: string[];
  uns: string[];
  months: string[];
  meta: number;
  scales: PrizeScale[];
}

/** Brokers configuration as the legacy JSON files hold it. */
export interface BrokersConfig {
  supervisors: string[];
  commissions: CommissionRule[];
  prizes: PrizeRule[];
}

/** Legacy POST /api/brokers/summary body. */
export interface BrokersSummaryRequest {
  supervisors: string[];
  uns: string[];
  years: string[];
  months: string[];
  vias: string[];
}

/**
 * Planted defects that change a KPI. The HTTP layer maps fault names onto these so the
 * KPI functions stay pure; the legacy endpoints always run with no variant (the truth).
 */
export interface KpiVariant {
  /** vigente-off-by-one: tramo <= this is VIGENTE (truth: 3). */
  vigenteMaxTramo?: number;
  /** via-pago-ignored: rendimiento ignores the via_pago filter. */
  ignoreViaPago?: boolean;
  /** mora-pct-previous-base: pct divides by the previous month's vigente base. */
  moraPctPreviousBase?: boolean;
  /** brokers-montocuota-from-debt: montoCuota sums cartera debt instead of the instalment. */
  brokersMontoCuotaFromDebt?: boolean;
  /** brokers-scope-ignored: the enabled-supervisors scope is not applied. */
  brokersScopeIgnored?: boolean;
  /** commission-factor-ignored: reads `rate` instead of `factor` (commissions come out 0). */
  commissionReadsRate?: boolean;
  /** commission-last-rule-wins: the last matching commission rule applies (truth: the first). */
  commissionLastRuleWins?: boolean;
  /** prize-scales-ignored: a matching prize rule pays its top scale whatever the share of the meta. */
  prizeScalesIgnored?: boolean;
  /** mora3m-off-by-one: mora3m one too high on every third brokers row. */
  mora3mOffByOne?: boolean;
  /** transitions-minus-one: one moroso transition fewer in every month that has any. */
  transitionsMinusOne?: boolean;
}
