// KPI: brokers summary, sales by supervisor with commissions, Mora 3M and prizes
// (docs/kpis.md, legacy POST /api/brokers/summary).

import type { Contract, Dataset } from '../data/dataset.ts';
import { monthIndexOfText, NO_DATA, normalizeBrokersSupervisor } from '../data/normalize.ts';
import { allows, isVigente } from './filters.ts';
import type { BrokersConfig, BrokersSummaryRequest, CommissionRule, KpiVariant, PrizeRule } from './types.ts';

export const ALL = '__ALL__';
const FV_UNIFIED = 'FVBROKERS';
const FV_MEMBERS: readonly string[] = ['FVBROKEREAS', 'FVBROKEREASCDE'];

export interface BrokersRow {
  month: string;
  year: string;
  monthPart: string;
  supervisor: string;
  un: string;
  via: string;
  count: number;
  montoCuota: number;
  commission: number;
  mora3m: number;
  /** Always 0: the legacy reports prizes per (month, supervisor), not per row. */
  prize: number;
}

export interface BrokersSummaryPayload {
  rows: BrokersRow[];
  prizeByMonthSup: Record<string, number>;
  unifiedPrizeByMonthSup: Record<string, number>;
  summary: { totalContracts: number; totalSupervisors: number };
}

/** The request as the legacy reads it: supervisors brokers-normalized, vias upper-cased, all trimmed. */
export function normalizeBrokersRequest(request: Partial<BrokersSummaryRequest>): BrokersSummaryRequest {
  const clean = (values: readonly string[] | undefined, map: (v: string) => string): string[] =>
    (values ?? []).map((v) => map(v.trim())).filter((v) => v !== '');
  return {
    supervisors: clean(request.supervisors, (v) => (v === '' ? '' : normalizeBrokersSupervisor(v))),
    uns: clean(request.uns, (v) => v),
    years: clean(request.years, (v) => v),
    months: clean(request.months, (v) => v),
    vias: clean(request.vias, (v) => v.toUpperCase()),
  };
}

/** Rule supervisor names are compared brokers-normalized; `__ALL__` is kept as is. */
function ruleSupervisorName(name: string): string {
  return name.trim() === ALL ? ALL : normalizeBrokersSupervisor(name);
}

function listMatches(list: readonly string[], value: string, emptyMatchesAll: boolean): boolean {
  if (list.length === 0) return emptyMatchesAll;
  return list.includes(ALL) || list.includes(value);
}

/** FVBROKERS matches rules naming FVBROKEREAS or FVBROKEREASCDE, and the members match FVBROKERS rules. */
function supervisorMatches(ruleSupervisors: readonly string[], supervisor: string): boolean {
  const names = ruleSupervisors.map(ruleSupervisorName);
  if (names.includes(ALL) || names.includes(supervisor)) return true;
  if (supervisor === FV_UNIFIED) return names.some((n) => FV_MEMBERS.includes(n));
  if (FV_MEMBERS.includes(supervisor)) return names.includes(FV_UNIFIED);
  return false;
}

function unifiedSupervisor(supervisor: string): string {
  return FV_MEMBERS.includes(supervisor) ? FV_UNIFIED : supervisor;
}

function ruleFactor(rule: CommissionRule, variant: KpiVariant | undefined): number {
  if (!variant?.commissionReadsRate) return rule.factor;
  // Planted defect commission-factor-ignored: the rule's `rate` is read (absent in real rules).
  const rate: unknown = 'rate' in rule ? rule.rate : undefined;
  return typeof rate === 'number' ? rate : 0;
}

/** monto_cuota * factor of the first rule (stored order) matching supervisor, UN, via and sale month. */
export function commissionOf(
  rules: readonly CommissionRule[],
  contract: { supervisor: string; un: string; via: string; month: string; montoCuota: number },
  variant?: KpiVariant,
): number {
  const matches = (r: CommissionRule) =>
    supervisorMatchesExact(r.supervisors, contract.supervisor) &&
    listMatches(r.uns, contract.un, false) &&
    listMatches(r.vias, contract.via, false) &&
    listMatches(r.months, contract.month, true);
  const rule = variant?.commissionLastRuleWins ? rules.findLast(matches) : rules.find(matches);
  return rule ? contract.montoCuota * ruleFactor(rule, variant) : 0;
}

function supervisorMatchesExact(ruleSupervisors: readonly string[], supervisor: string): boolean {
  const names = ruleSupervisors.map(ruleSupervisorName);
  return names.includes(ALL) || names.includes(supervisor);
}

/** The best prize a (month, supervisor) earns given its sales counted per UN. */
export function prizeOf(
  rules: readonly PrizeRule[],
  supervisor: string,
  month: string,
  salesByUn: ReadonlyMap<string, number>,
  variant?: KpiVariant,
): number {
  let best = 0;
  for (const rule of rules) {
    if (!supervisorMatches(rule.supervisors, supervisor)) continue;
    if (!listMatches(rule.months, month, true)) continue;
    if (rule.meta <= 0) continue;
    let contracts = 0;
    for (const [un, count] of salesByUn) if (listMatches(rule.uns, un, true)) contracts += count;
    const pct = (contracts / rule.meta) * 100;
    let scalePrize: number | null = null;
    let scaleMin = Number.NEGATIVE_INFINITY;
    for (const scale of rule.scales) {
      if ((variant?.prizeScalesIgnored || scale.minPct <= pct) && scale.minPct >= scaleMin) {
        scaleMin = scale.minPct;
        scalePrize = scale.prize;
      }
    }
    if (scalePrize !== null && scalePrize > best) best = scalePrize;
  }
  return best;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface SelectedContract {
  contract: Contract;
  supervisor: string;
  via: string;
  month: string;
}

type BrokersRequest = ReturnType<typeof normalizeBrokersRequest>;
type InScope = (supervisor: string) => boolean;

function unOf(contract: Contract | undefined, fallback: string): string {
  return contract && contract.un !== NO_DATA ? contract.un : fallback;
}

/** Contracts sold in the request's filters and the configured supervisor scope. */
function selectContracts(ds: Dataset, request: BrokersRequest, inScope: InScope): SelectedContract[] {
  const selected: SelectedContract[] = [];
  for (const contract of ds.contracts.values()) {
    const month = contract.saleMonth;
    if (month === null) continue;
    const supervisor = contract.brokersSupervisor;
    const via = ds.indexes.contractVia.get(contract.id) ?? NO_DATA;
    if (!inScope(supervisor) || !allows(request.uns, contract.un) || !allows(request.vias, via)) continue;
    if (!allows(request.years, month.slice(3)) || !allows(request.months, month)) continue;
    selected.push({ contract, supervisor, via, month });
  }
  return selected;
}

/** Mora 3M: distinct contracts per (closing month, supervisor, UN, via of the snapshot). */
function moraThreeMonths(
  ds: Dataset,
  request: BrokersRequest,
  inScope: InScope,
  variant: KpiVariant | undefined,
): Map<string, Set<string>> {
  const mora = new Map<string, Set<string>>();
  for (const row of ds.cartera) {
    if (isVigente(row.tramo, variant)) continue;
    const antiquity = ds.indexes.rowAntiquity[row.index];
    const contract = ds.contracts.get(row.contractId);
    if (!antiquity || !contract || antiquity.months <= 3 || antiquity.months > 6) continue;
    const { closingMonth, closingYear } = antiquity;
    const un = unOf(contract, row.un);
    if (
      !inScope(contract.brokersSupervisor) ||
      !allows(request.uns, un) ||
      !allows(request.vias, row.viaCobro)
    ) {
      continue;
    }
    if (!allows(request.years, closingYear) || !allows(request.months, closingMonth)) continue;
    const key = [closingMonth, contract.brokersSupervisor, un, row.viaCobro].join('\u0000');
    const set = mora.get(key) ?? new Set<string>();
    set.add(contract.id);
    mora.set(key, set);
  }
  return mora;
}

type SortableRow = BrokersRow & { monthIndex: number };

/** Sales per UN by `<month>__<supervisor>`, the input of the prize rules. */
type SalesByPair = Map<string, Map<string, number>>;

interface RowTally {
  readonly rows: Map<string, SortableRow>;
  readonly pairs: SalesByPair;
  readonly unifiedPairs: SalesByPair;
  readonly supervisors: Set<string>;
}

function countSale(map: SalesByPair, key: string, un: string): void {
  const byUn = map.get(key) ?? new Map<string, number>();
  byUn.set(un, (byUn.get(un) ?? 0) + 1);
  map.set(key, byUn);
}

/** The rows (month, supervisor, UN, via) of the selected sales, with their commission and mora 3M. */
function tallyRows(
  ds: Dataset,
  config: BrokersConfig,
  selected: readonly SelectedContract[],
  mora: ReadonlyMap<string, Set<string>>,
  variant: KpiVariant | undefined,
): RowTally {
  const tally: RowTally = {
    rows: new Map(),
    pairs: new Map(),
    unifiedPairs: new Map(),
    supervisors: new Set(),
  };
  const { rows } = tally;
  for (const { contract, supervisor, via, month } of selected) {
    const key = [month, supervisor, contract.un, via].join('\u0000');
    let row = rows.get(key);
    if (!row) {
      row = {
        monthIndex: monthIndexOfText(month) ?? 0,
        month,
        year: month.slice(3),
        monthPart: month.slice(0, 2),
        supervisor,
        un: contract.un,
        via,
        count: 0,
        montoCuota: 0,
        commission: 0,
        // Planted defect mora3m-off-by-one: one more on every third row.
        mora3m: (mora.get(key)?.size ?? 0) + (variant?.mora3mOffByOne && rows.size % 3 === 0 ? 1 : 0),
        prize: 0,
      };
      rows.set(key, row);
    }
    row.count += 1;
    // Planted defect brokers-montocuota-from-debt: the contract's cartera debt replaces the instalment.
    row.montoCuota += variant?.brokersMontoCuotaFromDebt
      ? (ds.indexes.carteraDebtByContract.get(contract.id) ?? 0)
      : contract.montoCuota;
    row.commission += commissionOf(
      config.commissions,
      { supervisor, un: contract.un, via, month, montoCuota: contract.montoCuota },
      variant,
    );
    tally.supervisors.add(supervisor);
    countSale(tally.pairs, `${month}__${supervisor}`, contract.un);
    countSale(tally.unifiedPairs, `${month}__${unifiedSupervisor(supervisor)}`, contract.un);
  }
  return tally;
}

function prizesByPair(
  pairs: SalesByPair,
  config: BrokersConfig,
  variant: KpiVariant | undefined,
): Record<string, number> {
  const prizes: Record<string, number> = {};
  for (const [key, byUn] of pairs) {
    const [month = '', supervisor = ''] = key.split('__');
    prizes[key] = prizeOf(config.prizes, supervisor, month, byUn, variant);
  }
  return prizes;
}

export function brokersSummary(
  ds: Dataset,
  rawRequest: BrokersSummaryRequest,
  config: BrokersConfig,
  variant?: KpiVariant,
): BrokersSummaryPayload {
  const request = normalizeBrokersRequest(rawRequest);
  const scope = new Set(
    variant?.brokersScopeIgnored ? [] : config.supervisors.map((s) => normalizeBrokersSupervisor(s)),
  );
  const inScope: InScope = (supervisor) =>
    (scope.size === 0 || scope.has(supervisor)) && allows(request.supervisors, supervisor);
  const selected = selectContracts(ds, request, inScope);
  const mora = moraThreeMonths(ds, request, inScope, variant);
  const tally = tallyRows(ds, config, selected, mora, variant);
  const sorted = [...tally.rows.values()].sort(
    (a, b) =>
      a.monthIndex - b.monthIndex ||
      compareText(a.supervisor, b.supervisor) ||
      compareText(a.un, b.un) ||
      compareText(a.via, b.via),
  );
  return {
    rows: sorted.map(({ monthIndex: _monthIndex, ...row }) => row),
    prizeByMonthSup: prizesByPair(tally.pairs, config, variant),
    unifiedPrizeByMonthSup: prizesByPair(tally.unifiedPairs, config, variant),
    summary: { totalContracts: selected.length, totalSupervisors: tally.supervisors.size },
  };
}
