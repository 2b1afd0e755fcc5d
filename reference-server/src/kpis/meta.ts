// The `meta` block every legacy analytics payload carries.

import { createHash } from 'node:crypto';

export interface AnalyticsMeta<F> {
  source: 'api';
  /** Deterministic stand-in for the legacy's (volatile) cache signature. */
  signature: string;
  cutoff: string | null;
  filters: F;
}

export function analyticsMeta<F>(endpoint: string, filters: F, cutoff: string | null): AnalyticsMeta<F> {
  const signature = createHash('sha256')
    .update(`${endpoint}\n${JSON.stringify(filters)}`)
    .digest('hex')
    .slice(0, 32);
  return { source: 'api', signature, cutoff, filters };
}

/** The echo of the portfolio and performance endpoints: only the filters that were sent. */
export function echoSentFilters<K extends string>(
  filters: Readonly<Record<K, readonly string[]>>,
  keys: readonly K[],
): Partial<Record<K, string[]>> {
  const echo: Partial<Record<K, string[]>> = {};
  for (const key of keys) {
    const values = filters[key];
    if (values.length > 0) echo[key] = [...values];
  }
  return echo;
}
