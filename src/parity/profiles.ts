/**
 * How each parity endpoint's payloads are flattened and matched: the one place that says which
 * arrays are matched by identity rather than position, per sut-contract.md "Parity mapping".
 * The endpoint URLs themselves belong to the contract module; these are keyed by the export
 * endpoint names the contract uses (`portfolio | rendimiento | mora | brokers`).
 */
import type { CompareOptions } from './compare.ts';

export type ParityEndpoint = 'portfolio' | 'rendimiento' | 'mora' | 'brokers';

export type ParityProfile = Pick<CompareOptions, 'arrayKeys' | 'labelArrays' | 'exclude' | 'pathMap'>;

export const PARITY_PROFILES: Readonly<Record<ParityEndpoint, ParityProfile>> = {
  // Flat totals plus meta; nothing positional.
  portfolio: {},
  // Breakdowns are objects keyed by tramo/UN/via/gestor names, already identity-keyed.
  rendimiento: {},
  // Parallel arrays aligned with `labels` (one entry per month): key them by month so a
  // missing month is reported as one-sided instead of shifting every later value.
  mora: { labelArrays: ['labels'] },
  // One row per (sale month, supervisor, UN, via) (data-and-kpis.md, brokers summary).
  brokers: { arrayKeys: [{ array: 'rows', fields: ['month', 'supervisor', 'un', 'via'] }] },
};

/** Compare options for an endpoint: its profile, plus the caller's options (which win). */
export function parityOptions(endpoint: ParityEndpoint, options: CompareOptions = {}): CompareOptions {
  const profile = PARITY_PROFILES[endpoint];
  return {
    ...profile,
    ...options,
    endpoint,
    exclude: [...(profile.exclude ?? []), ...(options.exclude ?? [])],
  };
}
