// The legacy dashboard's GET /analytics/ops/metrics: cumulative per-endpoint counters since start
// or reset. p95 is nearest-rank over the endpoint's recorded durations (the last 10000 kept).

const MAX_SAMPLES = 10_000;
/** Distinct endpoints tracked; unknown paths beyond this are not recorded (bounded memory). */
const MAX_ENDPOINTS = 500;

interface EndpointMetrics {
  requests: number;
  errors: number;
  error_rate_pct: number;
  cache_hits: number;
  cache_hit_rate_pct: number;
  avg_ms: number;
  p95_ms: number;
  last_ms: number;
  last_ts: number;
}

export interface OpsMetricsSnapshot {
  started_at: number;
  by_endpoint: Record<string, EndpointMetrics>;
}

interface Counters {
  requests: number;
  errors: number;
  cacheHits: number;
  totalMs: number;
  /** Durations with a recorded time (synthetic additions have none). */
  timed: number;
  samples: number[];
  next: number;
  lastMs: number;
  lastTs: number;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** 1-based nearest rank ceil(p/100 * n), as the suite's stats module computes it. */
export function nearestRankPercentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(round3((p / 100) * sorted.length)));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export class OpsMetrics {
  private endpoints = new Map<string, Counters>();
  startedAt: number;

  constructor(private readonly now: () => number) {
    this.startedAt = now() / 1000;
  }

  private counters(path: string): Counters | undefined {
    let c = this.endpoints.get(path);
    if (!c) {
      if (this.endpoints.size >= MAX_ENDPOINTS) return undefined;
      c = {
        requests: 0,
        errors: 0,
        cacheHits: 0,
        totalMs: 0,
        timed: 0,
        samples: [],
        next: 0,
        lastMs: 0,
        lastTs: 0,
      };
      this.endpoints.set(path, c);
    }
    return c;
  }

  record(path: string, status: number, ms: number): void {
    const c = this.counters(path);
    if (!c) return;
    c.requests += 1;
    if (status >= 400) c.errors += 1;
    c.totalMs += ms;
    c.timed += 1;
    if (c.samples.length < MAX_SAMPLES) c.samples.push(ms);
    else {
      c.samples[c.next] = ms;
      c.next = (c.next + 1) % MAX_SAMPLES;
    }
    c.lastMs = ms;
    c.lastTs = this.now() / 1000;
  }

  /** Counts without durations (the metrics-error-burst fault). */
  addSynthetic(path: string, requests: number, errors: number): void {
    const c = this.counters(path);
    if (!c) return;
    c.requests += requests;
    c.errors += errors;
  }

  reset(): void {
    this.endpoints = new Map();
    this.startedAt = this.now() / 1000;
  }

  snapshot(): OpsMetricsSnapshot {
    const byEndpoint: Record<string, EndpointMetrics> = {};
    for (const [path, c] of this.endpoints) {
      byEndpoint[path] = {
        requests: c.requests,
        errors: c.errors,
        error_rate_pct: c.requests === 0 ? 0 : round3((c.errors / c.requests) * 100),
        cache_hits: c.cacheHits,
        cache_hit_rate_pct: c.requests === 0 ? 0 : round3((c.cacheHits / c.requests) * 100),
        avg_ms: c.timed === 0 ? 0 : round3(c.totalMs / c.timed),
        p95_ms: round3(nearestRankPercentile(c.samples, 95)),
        last_ms: round3(c.lastMs),
        last_ts: round3(c.lastTs),
      };
    }
    return { started_at: round3(this.startedAt), by_endpoint: byEndpoint };
  }
}
