// What the brokers summary must report for a configuration, computed by the suite from the
// summary's own rows and the rules (docs/kpis.md "Brokers summary", Commission and Prizes).
// A row is one (sale month, supervisor, UN, via) group, so every contract in it matches the same
// commission rule and the row's commission is its montoCuota times that rule's factor.
import { ALL_MARKER } from '../contract/filters.ts';
import type { BrokersRow, CommissionRule, PrizeRule } from '../contract/legacy.ts';
import { ruleSupervisorName } from './normalize.ts';

/** The merged name FVBROKEREAS and FVBROKEREASCDE are counted under in unifiedPrizeByMonthSup. */
const FV_UNIFIED = 'FVBROKERS';
export const FV_MEMBERS: readonly string[] = ['FVBROKEREAS', 'FVBROKEREASCDE'];

/** The facts a rule is matched on; a summary row carries them all. */
/**
 * How far a money figure of the brokers summary may be from the suite's own expectation: the
 * expectation is computed in floating point (montoCuota * factor, summed), and PYG has no decimals,
 * so any difference over a hundredth of a guarani is a real one.
 */
export const MONEY_TOLERANCE = 0.01;

export interface SaleKey {
  supervisor: string;
  un: string;
  via: string;
  /** Sale month, MM/YYYY. */
  month: string;
}

/** A rule list matches a value when it holds the value or `__ALL__` (months: an empty list also matches). */
export function listMatches(list: readonly string[], value: string, emptyMatchesAll = false): boolean {
  if (list.length === 0) return emptyMatchesAll;
  return list.includes(ALL_MARKER) || list.includes(value);
}

function namesSupervisor(ruleSupervisors: readonly string[], supervisor: string): boolean {
  const names = ruleSupervisors.map(ruleSupervisorName);
  return names.includes(ALL_MARKER) || names.includes(supervisor);
}

/** The first commission rule, in stored order, matching the supervisor, UN, via and sale month. */
export function firstCommissionRule(
  rules: readonly CommissionRule[],
  sale: SaleKey,
): CommissionRule | undefined {
  return rules.find(
    (rule) =>
      namesSupervisor(rule.supervisors, sale.supervisor) &&
      listMatches(rule.uns, sale.un) &&
      listMatches(rule.vias, sale.via) &&
      listMatches(rule.months, sale.month, true),
  );
}

/** montoCuota * factor of the first matching rule; 0 when no rule matches. */
export function expectedRowCommission(
  rules: readonly CommissionRule[],
  row: SaleKey & { montoCuota: number },
): number {
  const rule = firstCommissionRule(rules, row);
  return rule ? row.montoCuota * rule.factor : 0;
}

/**
 * Prize rules match a supervisor by name, and FVBROKERS matches rules naming FVBROKEREAS or
 * FVBROKEREASCDE and vice versa (docs/kpis.md).
 */
export function prizeRuleMatchesSupervisor(ruleSupervisors: readonly string[], supervisor: string): boolean {
  if (namesSupervisor(ruleSupervisors, supervisor)) return true;
  const names = ruleSupervisors.map(ruleSupervisorName);
  if (supervisor === FV_UNIFIED) return names.some((name) => FV_MEMBERS.includes(name));
  if (FV_MEMBERS.includes(supervisor)) return names.includes(FV_UNIFIED);
  return false;
}

/**
 * The scale paid at `pct`: the one with the highest minPct <= pct (null when none reaches it).
 * Of two scales with the same minPct the later one is taken (the order the rule lists them).
 */
export function scaleFor(scales: PrizeRule['scales'], pct: number): number | null {
  let prize: number | null = null;
  let reached = Number.NEGATIVE_INFINITY;
  for (const scale of scales) {
    if (scale.minPct <= pct && scale.minPct >= reached) {
      reached = scale.minPct;
      prize = scale.prize;
    }
  }
  return prize;
}

/** The best prize over every rule for one (month, supervisor), given its sales counted per UN. */
export function expectedPrize(
  rules: readonly PrizeRule[],
  supervisor: string,
  month: string,
  salesByUn: ReadonlyMap<string, number>,
): number {
  let best = 0;
  for (const rule of rules) {
    if (!prizeRuleMatchesSupervisor(rule.supervisors, supervisor)) continue;
    if (!listMatches(rule.months, month, true)) continue;
    if (rule.meta <= 0) continue;
    let contracts = 0;
    for (const [un, count] of salesByUn) if (listMatches(rule.uns, un, true)) contracts += count;
    const prize = scaleFor(rule.scales, (contracts / rule.meta) * 100);
    if (prize !== null && prize > best) best = prize;
  }
  return best;
}

/** `MM/YYYY__SUPERVISOR`, the key of the prize maps. */
export function monthSupervisorKey(month: string, supervisor: string): string {
  return `${month}__${supervisor}`;
}

/** Sales per (month, supervisor) and UN, from the summary rows (their counts summed over vias). */
function salesByMonthSupervisor(
  rows: readonly Pick<BrokersRow, 'month' | 'supervisor' | 'un' | 'count'>[],
  unified: boolean,
): Map<string, { month: string; supervisor: string; byUn: Map<string, number> }> {
  const pairs = new Map<string, { month: string; supervisor: string; byUn: Map<string, number> }>();
  for (const row of rows) {
    const supervisor = unified && FV_MEMBERS.includes(row.supervisor) ? FV_UNIFIED : row.supervisor;
    const key = monthSupervisorKey(row.month, supervisor);
    const pair = pairs.get(key) ?? { month: row.month, supervisor, byUn: new Map<string, number>() };
    pair.byUn.set(row.un, (pair.byUn.get(row.un) ?? 0) + row.count);
    pairs.set(key, pair);
  }
  return pairs;
}

export interface ExpectedPrizeMaps {
  prizeByMonthSup: Record<string, number>;
  unifiedPrizeByMonthSup: Record<string, number>;
}

/** Both prize maps as the summary must report them: one entry per (month, supervisor) with sales. */
export function expectedPrizeMaps(
  rows: readonly Pick<BrokersRow, 'month' | 'supervisor' | 'un' | 'count'>[],
  rules: readonly PrizeRule[],
): ExpectedPrizeMaps {
  const build = (unified: boolean): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [key, pair] of salesByMonthSupervisor(rows, unified)) {
      out[key] = expectedPrize(rules, pair.supervisor, pair.month, pair.byUn);
    }
    return out;
  };
  return { prizeByMonthSup: build(false), unifiedPrizeByMonthSup: build(true) };
}
