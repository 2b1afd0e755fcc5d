// KPI: anuales, yearly cohorts of sales (legacy endpoint only), docs/kpis.md.

import type { Contract, Dataset, Payment } from '../data/dataset.ts';
import { monthIndexOfText } from '../data/normalize.ts';
import { allows } from './filters.ts';
import { type AnalyticsMeta, analyticsMeta } from './meta.ts';
import type { AnalyticsFilters } from './types.ts';

const ANUALES_FILTER_KEYS = ['un', 'anio', 'contract_month'] as const;
type AnualesFilterEcho = Record<(typeof ANUALES_FILTER_KEYS)[number], string[]>;

interface AnualesRow {
  year: string;
  contracts: number;
  contractsVigentes: number;
  tkpContrato: number;
  tkpTransaccional: number;
  tkpPago: number;
  culminados: number;
  culminadosVigentes: number;
  tkpContratoCulminado: number;
  tkpPagoCulminado: number;
  tkpContratoCulminadoVigente: number;
  tkpPagoCulminadoVigente: number;
  ltvCulminadoVigente: number;
}

export interface AnualesPayload {
  rows: AnualesRow[];
  cutoff: string | null;
  meta: AnalyticsMeta<AnualesFilterEcho>;
}

const LTV_DATE = /^\d{4}-\d{2}-\d{2}$/;

function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Highest tramo of the contract's snapshots in a month; null when it has none that month. */
function tramoAt(ds: Dataset, contractId: string, monthIndex: number): number | null {
  let tramo: number | null = null;
  for (const row of ds.indexes.carteraByContract.get(contractId) ?? []) {
    if (row.monthIndex === monthIndex) tramo = tramo === null ? row.tramo : Math.max(tramo, row.tramo);
  }
  return tramo;
}

/** A missing snapshot counts as vigente, as the legacy does. */
function vigenteAt(ds: Dataset, contractId: string, monthIndex: number): boolean {
  const tramo = tramoAt(ds, contractId, monthIndex);
  return tramo === null || tramo <= 3;
}

/**
 * The contract's instalment: its `monto_cuota`, or when that is <= 0 the mean cartera
 * `monto_cuota` of its latest snapshot month at or before the cutoff (else the first after).
 */
function instalment(ds: Dataset, contract: Contract, cutoffIndex: number): number {
  if (contract.montoCuota > 0) return contract.montoCuota;
  const rows = ds.indexes.carteraByContract.get(contract.id) ?? [];
  let month: number | null = null;
  for (const row of rows) if (row.monthIndex <= cutoffIndex) month = row.monthIndex;
  if (month === null) month = rows.find((row) => row.monthIndex > cutoffIndex)?.monthIndex ?? null;
  if (month === null) return 0;
  return mean(rows.filter((row) => row.monthIndex === month).map((row) => row.montoCuota));
}

/** Paid amount per payment month of a contract, for the payments `keep` accepts. */
function paidByMonth(payments: readonly Payment[], keep: (p: Payment) => boolean): Map<number, number> {
  const byMonth = new Map<number, number>();
  for (const p of payments)
    if (keep(p)) byMonth.set(p.monthIndex, (byMonth.get(p.monthIndex) ?? 0) + p.amount);
  return byMonth;
}

interface Cohort {
  contracts: number;
  vigentes: number;
  instalments: number[];
  paidUpToCutoff: number;
  transactionsUpToCutoff: number;
  monthlyPaid: number[];
  culminados: number;
  culminadosVigentes: number;
  instalmentsCulminado: number[];
  monthlyPaidCulminado: number[];
  instalmentsCulminadoVigente: number[];
  monthlyPaidCulminadoVigente: number[];
  ltvCollected: number;
  ltvExpected: number;
  ltvMonthsWeighted: number;
}

function emptyCohort(): Cohort {
  return {
    contracts: 0,
    vigentes: 0,
    instalments: [],
    paidUpToCutoff: 0,
    transactionsUpToCutoff: 0,
    monthlyPaid: [],
    culminados: 0,
    culminadosVigentes: 0,
    instalmentsCulminado: [],
    monthlyPaidCulminado: [],
    instalmentsCulminadoVigente: [],
    monthlyPaidCulminadoVigente: [],
    ltvCollected: 0,
    ltvExpected: 0,
    ltvMonthsWeighted: 0,
  };
}

export function anuales(ds: Dataset, filters: AnalyticsFilters): AnualesPayload {
  const cutoff = ds.indexes.latestMonth;
  const echo: AnualesFilterEcho = {
    un: [...filters.un],
    anio: [...filters.anio],
    contract_month: [...filters.contract_month],
  };
  const cutoffIndex = cutoff === null ? null : monthIndexOfText(cutoff);
  if (cutoff === null || cutoffIndex === null) {
    return { rows: [], cutoff: null, meta: analyticsMeta('anuales/summary', echo, null) };
  }
  const cutoffYear = Number(cutoff.slice(3));
  const cohorts = new Map<string, Cohort>();
  for (const contract of ds.contracts.values()) {
    if (contract.saleMonth === null || contract.saleMonthIndex === null) continue;
    const year = contract.saleMonth.slice(3);
    if (!allows(filters.un, contract.un) || !allows(filters.anio, year)) continue;
    if (!allows(filters.contract_month, contract.saleMonth)) continue;
    let cohort = cohorts.get(year);
    if (!cohort) {
      cohort = emptyCohort();
      cohorts.set(year, cohort);
    }
    const cuota = instalment(ds, contract, cutoffIndex);
    const payments = ds.indexes.paymentsByContract.get(contract.id) ?? [];
    cohort.contracts += 1;
    if (vigenteAt(ds, contract.id, cutoffIndex)) cohort.vigentes += 1;
    cohort.instalments.push(cuota);
    for (const p of payments) {
      if (p.monthIndex > cutoffIndex) continue;
      cohort.paidUpToCutoff += p.amount;
      cohort.transactionsUpToCutoff += 1;
    }
    cohort.monthlyPaid.push(...paidByMonth(payments, (p) => p.year <= cutoffYear).values());

    const culm = contract.culminationMonthIndex;
    if (culm === null || culm > cutoffIndex) continue;
    cohort.culminados += 1;
    cohort.instalmentsCulminado.push(cuota);
    const paidToCulmination = [...paidByMonth(payments, (p) => p.monthIndex <= culm).values()];
    cohort.monthlyPaidCulminado.push(...paidToCulmination);
    if (!vigenteAt(ds, contract.id, culm)) continue;
    cohort.culminadosVigentes += 1;
    cohort.instalmentsCulminadoVigente.push(cuota);
    cohort.monthlyPaidCulminadoVigente.push(...paidToCulmination);
    // Follows the recording, not the spec: the legacy's LTV reads the sale date strictly as
    // YYYY-MM-DD and leaves out contracts sold `DD/MM/YYYY` or with a time suffix.
    if (!LTV_DATE.test(contract.date)) continue;
    const sale = contract.saleMonthIndex;
    const months = Math.max(culm - sale, 0) || 1;
    const expected = cuota * months;
    let collected = 0;
    for (const p of payments) if (p.monthIndex >= sale && p.monthIndex <= culm) collected += p.amount;
    cohort.ltvCollected += collected;
    cohort.ltvExpected += expected;
    cohort.ltvMonthsWeighted += months * expected;
  }

  const rows: AnualesRow[] = [...cohorts.keys()].sort().map((year) => {
    const c = cohorts.get(year) ?? emptyCohort();
    const ltv =
      c.ltvExpected === 0 ? 0 : (c.ltvCollected / c.ltvExpected) * (c.ltvMonthsWeighted / c.ltvExpected);
    return {
      year,
      contracts: c.contracts,
      contractsVigentes: c.vigentes,
      tkpContrato: mean(c.instalments),
      tkpTransaccional: c.transactionsUpToCutoff === 0 ? 0 : c.paidUpToCutoff / c.transactionsUpToCutoff,
      tkpPago: mean(c.monthlyPaid),
      culminados: c.culminados,
      culminadosVigentes: c.culminadosVigentes,
      tkpContratoCulminado: mean(c.instalmentsCulminado),
      tkpPagoCulminado: mean(c.monthlyPaidCulminado),
      tkpContratoCulminadoVigente: mean(c.instalmentsCulminadoVigente),
      tkpPagoCulminadoVigente: mean(c.monthlyPaidCulminadoVigente),
      ltvCulminadoVigente: ltv,
    };
  });
  return { rows, cutoff, meta: analyticsMeta('anuales/summary', echo, cutoff) };
}
