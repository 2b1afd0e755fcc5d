// The legacy dashboard's GET /analytics/ops/metrics, as far as the cutover monitor needs it, and
// its conversion to the window judge's snapshot. Minimal on purpose: src/contract/legacy.ts did not
// exist when this was written; once it carries the ops-metrics schema this module should re-export
// that one (one truth per fact) and keep only toSnapshot.
import { z } from 'zod';
import type { EndpointCounters, MetricsSnapshot } from './windows.ts';

const counter = z.number().int().nonnegative();

export const OpsEndpointMetrics = z.looseObject({
  requests: counter,
  errors: counter,
  error_rate_pct: z.number().nullable().optional(),
  p95_ms: z.number().nonnegative().nullable().optional(),
});

export const OpsMetricsResponse = z.looseObject({
  meta: z.looseObject({ source: z.string() }).optional(),
  metrics: z.looseObject({
    started_at: z.number().nullable().optional(),
    by_endpoint: z.record(z.string(), OpsEndpointMetrics),
  }),
});

export type OpsMetricsResponse = z.infer<typeof OpsMetricsResponse>;

/** The judge's snapshot of a validated ops-metrics payload taken at `takenAt` (epoch ms). */
export function toSnapshot(payload: OpsMetricsResponse, takenAt: number): MetricsSnapshot {
  const byEndpoint: Record<string, EndpointCounters> = {};
  for (const [path, item] of Object.entries(payload.metrics.by_endpoint)) {
    byEndpoint[path] = { requests: item.requests, errors: item.errors, p95_ms: item.p95_ms ?? undefined };
  }
  return { takenAt, startedAt: payload.metrics.started_at ?? undefined, byEndpoint };
}
