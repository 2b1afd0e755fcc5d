/**
 * What kind of number each compared parity path holds, declared in this one place, and how each
 * kind is compared (docs/contract.md, "Parity"):
 *
 * - `count` (contracts, rows, transitions, mora3m, total, vigente, ...): exactly equal. A count
 *   off by one is a defect, however small next to a runbook tolerance of 1.0 + 1 %.
 * - `money` (debt, paid, instalments, commissions, prizes, averages of amounts): relative
 *   tolerance, |a - b| <= rel * max(1, |a|, |b|) (float sums in another order differ in the last digits).
 * - `percent` (percentages): absolute tolerance in percentage points.
 *
 * A numeric path no rule declares is never passed: the comparison names it and fails.
 * `runbook` mode reproduces the runbook script's single tolerance (abs + rel * max(1, |a|, |b|) on
 * every number, counts included) for comparison with its reports.
 */

import { compilePattern, type PathPattern, type PathSegment } from './path.ts';
import type { ParityEndpoint } from './profiles.ts';

export type NumberKind = 'count' | 'money' | 'percent';

export type ToleranceSpec =
  | { readonly mode: 'kinds'; readonly moneyRelTol: number; readonly percentAbsTol: number }
  | { readonly mode: 'runbook'; readonly absTol: number; readonly relTol: number };

const DEFAULT_MONEY_REL_TOL = 0.01;
/** Percentage points; the contract rounds percentages to 3 decimals. */
const DEFAULT_PERCENT_ABS_TOL = 0.05;

export const DEFAULT_TOLERANCE: ToleranceSpec = {
  mode: 'kinds',
  moneyRelTol: DEFAULT_MONEY_REL_TOL,
  percentAbsTol: DEFAULT_PERCENT_ABS_TOL,
};

/** Path patterns (legacy-side spelling, see ./path.ts) and their kind, per parity endpoint. */
const NUMBER_KINDS: Readonly<Record<ParityEndpoint, readonly (readonly [string, NumberKind])[]>> = {
  portfolio: [
    ['/^(total|vigente|moroso|cobrador|debito)$/', 'count'],
    ['byGestion.*.total', 'count'],
    ['byGestion.*.vigente', 'count'],
    ['byGestion.*.moroso', 'count'],
    ['byGestion.*.cobrador', 'count'],
    ['byGestion.*.debito', 'count'],
    ['byGestion.*.paidContracts', 'count'],
    ['totalDebt', 'money'],
    ['totalPaid', 'money'],
    ['byGestion.*.debt', 'money'],
    ['byGestion.*.paid', 'money'],
  ],
  rendimiento: [
    ['totalContracts', 'count'],
    ['totalContractsPaid', 'count'],
    ['trendStats.*.c', 'count'],
    ['trendStats.*.cp', 'count'],
    ['totalDebt', 'money'],
    ['totalPaid', 'money'],
    ['*.*.d', 'money'],
    ['*.*.p', 'money'],
    ['matrixStats.*.*', 'money'],
  ],
  mora: [
    ['moroso_transition_count.*', 'count'],
    ['vigente_base_count.*', 'count'],
    ['avg_cuota.*', 'money'],
    ['moroso_transition_pct.*', 'percent'],
  ],
  brokers: [
    ['rows[*].count', 'count'],
    ['rows[*].mora3m', 'count'],
    ['rows[*].year', 'count'],
    ['rows[*].monthPart', 'count'],
    ['summary.totalContracts', 'count'],
    ['summary.totalSupervisors', 'count'],
    ['rows[*].montoCuota', 'money'],
    ['rows[*].commission', 'money'],
    ['rows[*].prize', 'money'],
    ['prizeByMonthSup.*', 'money'],
    ['unifiedPrizeByMonthSup.*', 'money'],
  ],
};

const compiled = new Map<string, readonly (readonly [PathPattern, NumberKind])[]>();

function rulesFor(endpoint: string): readonly (readonly [PathPattern, NumberKind])[] {
  let rules = compiled.get(endpoint);
  if (!rules) {
    const declared = NUMBER_KINDS[endpoint as ParityEndpoint] ?? [];
    rules = declared.map(([pattern, kind]) => [compilePattern(pattern), kind] as const);
    compiled.set(endpoint, rules);
  }
  return rules;
}

/** The declared kind of a numeric path, or undefined when no rule names it. */
export function kindOf(
  endpoint: string,
  segments: readonly PathSegment[],
  rendered: string,
): NumberKind | undefined {
  return rulesFor(endpoint).find(([pattern]) => pattern.matches(segments, rendered))?.[1];
}

/** The allowed |a - b| for two numbers of a kind under a tolerance spec. */
export function allowedDifference(kind: NumberKind, a: number, b: number, spec: ToleranceSpec): number {
  const scale = Math.max(1, Math.abs(a), Math.abs(b));
  if (spec.mode === 'runbook') return spec.absTol + spec.relTol * scale;
  if (kind === 'count') return 0;
  if (kind === 'money') return spec.moneyRelTol * scale;
  return spec.percentAbsTol;
}

/** The rule each kind is compared by, as the reports print it. */
export function describeTolerance(spec: ToleranceSpec): Record<string, string> {
  if (spec.mode === 'runbook') {
    return { 'every number (runbook)': `|a-b| <= ${spec.absTol} + ${spec.relTol} * max(1, |a|, |b|)` };
  }
  return {
    count: 'exactly equal',
    money: `|a-b| <= ${spec.moneyRelTol} * max(1, |a|, |b|)`,
    percent: `|a-b| <= ${spec.percentAbsTol} percentage points`,
  };
}

/** The tolerance a run compares with, from the PARITY_* settings (src/config.ts). */
export function toleranceSpec(
  mode: 'kinds' | 'runbook',
  settings: { PARITY_ABS_TOL: number; PARITY_REL_TOL: number; PARITY_PCT_TOL: number },
): ToleranceSpec {
  return mode === 'runbook'
    ? { mode, absTol: settings.PARITY_ABS_TOL, relTol: settings.PARITY_REL_TOL }
    : { mode, moneyRelTol: settings.PARITY_REL_TOL, percentAbsTol: settings.PARITY_PCT_TOL };
}
