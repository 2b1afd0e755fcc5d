// What the perf smoke loads: the four v1 analytics summaries (the runbook's "Analytics v1" list)
// and login. Paths come from the contract (src/contract/endpoints.ts), relative to API_V1_BASE.
//
// Order (PERF_ENDPOINT_NAMES in src/config.ts, the accepted values of PERF_ENDPOINTS): login last.
// Loading login spends the target's login rate limit (10 per 60 s per client in the contract); the
// analytics runs use the token taken before them, and a gate that logs in right after the perf
// smoke may be refused for up to a minute.
import type { PERF_ENDPOINT_NAMES } from '../config.ts';
import { V1_PATHS } from '../contract/endpoints.ts';

export type PerfEndpointName = (typeof PERF_ENDPOINT_NAMES)[number];

export interface PerfEndpoint {
  name: PerfEndpointName;
  method: 'POST';
  path: string;
  kind: 'analytics' | 'login';
}

export const PERF_ENDPOINTS: Record<PerfEndpointName, PerfEndpoint> = {
  portfolio: { name: 'portfolio', method: 'POST', path: V1_PATHS.portfolioSummary, kind: 'analytics' },
  rendimiento: {
    name: 'rendimiento',
    method: 'POST',
    path: V1_PATHS.rendimientoSummary,
    kind: 'analytics',
  },
  mora: { name: 'mora', method: 'POST', path: V1_PATHS.moraSummary, kind: 'analytics' },
  brokers: { name: 'brokers', method: 'POST', path: V1_PATHS.brokersSummary, kind: 'analytics' },
  login: { name: 'login', method: 'POST', path: V1_PATHS.login, kind: 'login' },
};

/** The trivial endpoint the generator ceiling is measured against. */
export const HEALTH_PATH = V1_PATHS.health;

/** An endpoint's URL under the API v1 base (a trailing slash of the base ignored). */
export function endpointUrl(apiBase: string, path: string): string {
  return `${apiBase.replace(/\/+$/, '')}${path}`;
}
