/**
 * The parity case set: which v1 request is compared with which legacy answer, as data.
 *
 * A case is a v1 endpoint and its filters. `PARITY_CASES` is the case set of a live run and of
 * `record:golden`: the filter combinations of the golden recordings (UN, gestion month, via de cobro,
 * via de pago, supervisor, categoria, tramo, year, contract month; every endpoint; the runbook's own
 * set). How a case becomes legacy requests lives in legacy-mapping.ts.
 */
import { PARITY_PAIRS } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, RUNBOOK_FILTERS } from '../contract/filters.ts';
import type { ParityEndpoint } from './profiles.ts';

export const PARITY_ENDPOINTS = PARITY_PAIRS.map((pair) => pair.name) satisfies readonly ParityEndpoint[];

export interface ParityCase {
  readonly name: string;
  readonly endpoint: ParityEndpoint;
  /** v1 filters, only the keys with values. */
  readonly filters: AnalyticsFiltersInput;
}

/**
 * The parity case set (33 cases): the golden recordings' filter combinations, names as recorded.
 * Runbook cases carry the runbook's filter set; its brokers case sends what the legacy brokers body
 * takes (no `years`, as the runbook script sent it).
 */
export const PARITY_CASES: readonly ParityCase[] = [
  { name: 'summary_un_odontologia', endpoint: 'portfolio', filters: { un: ['ODONTOLOGIA'] } },
  { name: 'summary_gestion_month_12_2025', endpoint: 'portfolio', filters: { gestion_month: ['12/2025'] } },
  {
    name: 'summary_un_months_via_cobrador',
    endpoint: 'portfolio',
    filters: { un: ['MEDICINA ESTETICA'], gestion_month: ['06/2025', '07/2025'], via_cobro: ['COBRADOR'] },
  },
  {
    name: 'summary_supervisor_moroso',
    endpoint: 'portfolio',
    filters: { categoria: ['MOROSO'], supervisor: ['FVBROKEREAS'] },
  },
  { name: 'summary_tramo_only', endpoint: 'portfolio', filters: { tramo: ['5'] } },
  { name: 'summary_via_pago_only', endpoint: 'portfolio', filters: { via_pago: ['DEBITO'] } },
  { name: 'summary_anio_only', endpoint: 'portfolio', filters: { anio: ['2025'] } },
  {
    name: 'trend_two_uns_comma_joined',
    endpoint: 'portfolio',
    filters: { un: ['ODONTOLOGIA', 'OFTALMOLOGIA'] },
  },
  {
    name: 'trend_vigente_debito',
    endpoint: 'portfolio',
    filters: { via_cobro: ['DEBITO'], categoria: ['VIGENTE'] },
  },
  {
    name: 'trend_supervisor_q4',
    endpoint: 'portfolio',
    filters: { gestion_month: ['10/2025', '11/2025', '12/2025'], supervisor: ['MARIA GONZALEZ'] },
  },
  { name: 'runbook_portfolio_summary', endpoint: 'portfolio', filters: RUNBOOK_FILTERS },
  {
    name: 'q1_2026_portfolio_summary',
    endpoint: 'portfolio',
    filters: { gestion_month: ['01/2026', '02/2026', '03/2026'] },
  },
  {
    name: 'performance_gestion_month_12_2025',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['12/2025'] },
  },
  {
    name: 'performance_un_tramos_0_3',
    endpoint: 'rendimiento',
    filters: { un: ['ODONTOLOGIA'], tramo: ['0', '1', '2', '3'] },
  },
  {
    name: 'performance_via_pago_cobrador_11_2025',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['11/2025'], via_pago: ['COBRADOR'] },
  },
  {
    name: 'performance_supervisors_debito_vigente',
    endpoint: 'rendimiento',
    filters: {
      via_cobro: ['DEBITO'],
      categoria: ['VIGENTE'],
      supervisor: ['MARIA GONZALEZ', 'JUAN BENITEZ'],
    },
  },
  { name: 'performance_tramo_4', endpoint: 'rendimiento', filters: { tramo: ['4'] } },
  { name: 'runbook_performance', endpoint: 'rendimiento', filters: RUNBOOK_FILTERS },
  {
    name: 'q1_2026_performance',
    endpoint: 'rendimiento',
    filters: { gestion_month: ['01/2026', '02/2026', '03/2026'] },
  },
  { name: 'moroso_trend_anio_2025', endpoint: 'mora', filters: { anio: ['2025'] } },
  {
    name: 'moroso_trend_un_months_plus_absent_month',
    endpoint: 'mora',
    filters: { un: ['ODONTOLOGIA'], gestion_month: ['03/2025', '04/2025', '05/2025', '06/2025', '01/2026'] },
  },
  {
    name: 'moroso_trend_categoria_vigente',
    endpoint: 'mora',
    filters: { anio: ['2025'], categoria: ['VIGENTE'] },
  },
  {
    name: 'moroso_trend_supervisor_cobrador',
    endpoint: 'mora',
    filters: { via_cobro: ['COBRADOR'], supervisor: ['FVBROKEREASCDE'] },
  },
  { name: 'runbook_moroso_trend', endpoint: 'mora', filters: RUNBOOK_FILTERS },
  { name: 'anio_2026_moroso_trend', endpoint: 'mora', filters: { anio: ['2026'] } },
  { name: 'brokers_all_enabled', endpoint: 'brokers', filters: {} },
  {
    name: 'brokers_fv_odontologia',
    endpoint: 'brokers',
    filters: { un: ['ODONTOLOGIA'], supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'] },
  },
  {
    name: 'brokers_q4_2025',
    endpoint: 'brokers',
    filters: { anio: ['2025'], contract_month: ['10/2025', '11/2025', '12/2025'] },
  },
  {
    name: 'brokers_via_lowercase_2025',
    endpoint: 'brokers',
    filters: { anio: ['2025'], via_cobro: ['cobrador'] },
  },
  { name: 'brokers_supervisor_not_enabled', endpoint: 'brokers', filters: { supervisor: ['LILIANA OZUNA'] } },
  {
    name: 'brokers_supervisor_spelling_06_2025',
    endpoint: 'brokers',
    filters: { contract_month: ['06/2025'], supervisor: ['fvbrokereas.'] },
  },
  {
    name: 'runbook_brokers',
    endpoint: 'brokers',
    filters: {
      un: ['MEDICINA ESTETICA'],
      contract_month: ['01/2026'],
      via_cobro: ['COBRADOR'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
    },
  },
  { name: 'brokers_2026_all', endpoint: 'brokers', filters: { anio: ['2026'] } },
];
