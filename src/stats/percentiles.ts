// Nearest-rank percentiles over every recorded sample. No interpolation: the reported p95 is a
// response time that was actually observed, and with n samples it is the ceil(0.95 n)-th smallest.
// Too few samples is "inconclusive", never a pass: a gate that did not measure cannot let a release through.

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function assertFinite(samples: readonly number[]): void {
  for (const [index, value] of samples.entries()) {
    if (!Number.isFinite(value)) throw new RangeError(`sample ${index} is not a finite number: ${value}`);
  }
}

function assertPercentile(p: number): void {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
}

/** Ascending copy; the caller's array is left untouched. Rejects NaN and infinities. */
function sortedSamples(samples: readonly number[]): number[] {
  assertFinite(samples);
  return [...samples].sort((a, b) => a - b);
}

/** 1-based nearest rank of percentile p among n samples: ceil(p/100 * n). */
export function nearestRank(p: number, n: number): number {
  assertPercentile(p);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`sample count must be a positive integer, got ${n}`);
  // Guard against 95/100*20 = 19.000000000000004 style float noise pushing the rank up by one.
  const exact = (p * n) / 100;
  const rounded = Math.round(exact);
  return Math.max(1, Math.abs(exact - rounded) < 1e-9 ? rounded : Math.ceil(exact));
}

/** Nearest-rank percentile of samples already sorted ascending (no copy, no check). */
function percentileOfSorted(sorted: readonly number[], p: number): number {
  const value = sorted[nearestRank(p, sorted.length) - 1];
  if (value === undefined) throw new RangeError('no samples');
  return value;
}

/** Nearest-rank percentile, p in (0, 100]. Throws on an empty or non-finite sample set. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of an empty sample set');
  return percentileOfSorted(sortedSamples(samples), p);
}

/** count, min, p50, p95, p99, max, mean (nearest rank). Throws on an empty or non-finite sample set. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of an empty sample set');
  const sorted = sortedSamples(samples);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: total / sorted.length,
  };
}
