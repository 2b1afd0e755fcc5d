// How closely numbers must agree, as the contract states it (docs/contract.md, "Parity").

/**
 * Parity of a v1 number with the legacy's: |a - b| <= absTol + relTol * max(1, |a|, |b|), the
 * runbook's parity defaults. PARITY_ABS_TOL and PARITY_REL_TOL default to these.
 */
export const PARITY_TOLERANCE: { readonly absTol: number; readonly relTol: number } = {
  absTol: 1.0,
  relTol: 0.01,
};
