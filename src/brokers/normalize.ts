// Supervisor names as the contract stores and compares them: the supervisors scope
// (docs/contract.md) and the brokers KPI's supervisor normalization (docs/kpis.md).
import { ALL_MARKER } from '../contract/filters.ts';

/** What the brokers KPI reports for a blank supervisor. */
const NO_SUPERVISOR = 'S/D';

/**
 * The stored form of a supervisors scope: trimmed, upper-cased, de-duplicated, sorted. A blank
 * name names no supervisor and is dropped (the contract is silent; keeping "" would make a restore
 * or a migration compare differ over nothing).
 */
export function normalizeScope(supervisors: readonly string[]): string[] {
  const names = supervisors.map((name) => name.trim().toUpperCase()).filter((name) => name !== '');
  return [...new Set(names)].sort();
}

/** Brokers supervisor: upper-cased, inner whitespace collapsed, trailing `.`, `-`, `_`, `/` removed; blank -> S/D. */
export function normalizeBrokersSupervisor(name: string): string {
  const value = name
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\-_/\s]+$/, '');
  return value === '' ? NO_SUPERVISOR : value;
}

/** A supervisor named in a config rule: `__ALL__` kept, anything else brokers-normalized. */
export function ruleSupervisorName(name: string): string {
  return name.trim() === ALL_MARKER ? ALL_MARKER : normalizeBrokersSupervisor(name);
}
