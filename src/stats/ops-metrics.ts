// The legacy dashboard's GET /analytics/ops/metrics as the window judge's snapshot. The schema is
// the contract's (src/contract/legacy.ts); this module only converts a validated payload.
import type { OpsMetrics } from '../contract/legacy.ts';
import type { EndpointCounters, MetricsSnapshot } from './windows.ts';

export { OpsMetrics } from '../contract/legacy.ts';

/** The judge's snapshot of a validated ops-metrics payload taken at `takenAt` (epoch ms). */
export function toSnapshot(payload: OpsMetrics, takenAt: number): MetricsSnapshot {
  const byEndpoint: Record<string, EndpointCounters> = {};
  for (const [path, item] of Object.entries(payload.metrics.by_endpoint)) {
    // A missing or null p95 is "no data", never 0.
    byEndpoint[path] = { requests: item.requests, errors: item.errors, p95_ms: item.p95_ms ?? undefined };
  }
  return { takenAt, startedAt: payload.metrics.started_at ?? undefined, byEndpoint };
}
