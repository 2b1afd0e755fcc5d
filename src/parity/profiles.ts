/**
 * How each parity endpoint's payloads are flattened and matched: the one place that says which
 * arrays are matched by identity rather than position, per docs/contract.md "Parity".
 * The endpoint URLs themselves belong to the contract module; these are keyed by the export
 * endpoint names the contract uses (`portfolio | rendimiento | mora | brokers`).
 */
import type { CompareOptions } from './compare.ts';

export type ParityEndpoint = 'portfolio' | 'rendimiento' | 'mora' | 'brokers';

type ParityProfile = Pick<CompareOptions, 'arrayKeys' | 'labelArrays' | 'exclude' | 'pathMap'>;

/**
 * `meta.source` names the answering service (`api-v1` vs the legacy's `api`) and `meta.filters`
 * echoes the request in each service's own normalization (v1 echoes all nine keys, the legacy the
 * ones it received): descriptive, not KPIs. `meta.cutoff` is a result and stays compared.
 */
const DESCRIPTIVE_META: readonly string[] = ['meta.source', 'meta.filters'];

const PARITY_PROFILES: Readonly<Record<ParityEndpoint, ParityProfile>> = {
  // Flat totals, byGestion keyed by month, and meta; nothing positional.
  portfolio: { exclude: DESCRIPTIVE_META },
  // Breakdowns are objects keyed by tramo/UN/via/gestor names, already identity-keyed.
  rendimiento: { exclude: DESCRIPTIVE_META },
  // Parallel arrays aligned with `labels` (one entry per month): key them by month so a
  // missing month is reported as one-sided instead of shifting every later value.
  mora: { labelArrays: ['labels'], exclude: DESCRIPTIVE_META },
  // One row per (sale month, supervisor, UN, via) (docs/kpis.md, brokers summary). The legacy
  // POST answers no meta at all (docs/contract.md), so v1's optional meta has nothing to match.
  brokers: {
    arrayKeys: [{ array: 'rows', fields: ['month', 'supervisor', 'un', 'via'] }],
    exclude: ['meta'],
  },
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
