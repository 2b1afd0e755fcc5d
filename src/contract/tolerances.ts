// How closely numbers must agree, as the contract states it (docs/contract.md, "Parity"), and the
// comparison itself: parity, the export totals and the summaries' invariants all use it.

/**
 * Parity of a v1 number with the legacy's: |a - b| <= absTol + relTol * max(1, |a|, |b|), the
 * runbook's parity defaults. PARITY_ABS_TOL and PARITY_REL_TOL default to these.
 */
export const PARITY_TOLERANCE: { readonly absTol: number; readonly relTol: number } = {
  absTol: 1.0,
  relTol: 0.01,
};

/** The allowed |a - b| for a pair of numbers. */
export function toleranceFor(
  a: number,
  b: number,
  absTol = PARITY_TOLERANCE.absTol,
  relTol = PARITY_TOLERANCE.relTol,
): number {
  return absTol + relTol * Math.max(1, Math.abs(a), Math.abs(b));
}

export function withinTolerance(
  a: number,
  b: number,
  absTol = PARITY_TOLERANCE.absTol,
  relTol = PARITY_TOLERANCE.relTol,
): boolean {
  return Math.abs(a - b) <= toleranceFor(a, b, absTol, relTol);
}
