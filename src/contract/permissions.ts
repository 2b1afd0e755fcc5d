// Roles, permissions and the permission matrix of API v1 (docs/contract.md "Roles and permissions"
// and the endpoint table), plus a request per route that a matrix test can send safely.
import type { V1RouteId } from './endpoints.ts';
import { RUNBOOK_FILTERS } from './filters.ts';

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export type Caller = Role | 'anonymous';

export const PERMISSIONS = [
  'brokers:read',
  'brokers:write_config',
  'analytics:read',
  'analytics:export',
  'system:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS = {
  admin: ['brokers:read', 'brokers:write_config', 'analytics:read', 'analytics:export', 'system:read'],
  analyst: ['brokers:read', 'analytics:read', 'system:read'],
  viewer: ['brokers:read', 'analytics:read'],
} as const satisfies Record<Role, readonly Permission[]>;

/** The permission each v1 route needs; null = public (no token needed). */
export const PERMISSION_MATRIX = {
  health: null,
  login: null,
  refresh: null,
  revoke: null,
  getScope: 'brokers:read',
  setScope: 'brokers:write_config',
  getCommissions: 'brokers:read',
  setCommissions: 'brokers:write_config',
  getPrizes: 'brokers:read',
  setPrizes: 'brokers:write_config',
  getPreferences: 'brokers:read',
  setPreferences: 'brokers:read',
  portfolioSummary: 'analytics:read',
  rendimientoSummary: 'analytics:read',
  moraSummary: 'analytics:read',
  brokersSummary: 'analytics:read',
  exportCsv: 'analytics:export',
  exportPdf: 'analytics:export',
  exportAlias: 'analytics:export',
} as const satisfies Record<V1RouteId, Permission | null>;

function hasPermission(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}

/**
 * What the authorization layer answers `caller` on `route`: 401 without a token on a protected
 * route, 403 FORBIDDEN (details.required = the permission) when the role lacks it, otherwise the
 * request goes through ('ok': whatever the endpoint itself answers for that body).
 */
export function expectedStatus(route: V1RouteId, caller: Caller): 401 | 403 | 'ok' {
  const permission: Permission | null = PERMISSION_MATRIX[route];
  if (permission === null) return 'ok';
  if (caller === 'anonymous') return 401;
  return hasPermission(caller, permission) ? 'ok' : 403;
}

/** A route behind a permission: the ones a role matrix test exercises. */
export type ProtectedV1Route = {
  [K in V1RouteId]: (typeof PERMISSION_MATRIX)[K] extends null ? never : K;
}[V1RouteId];

export interface MatrixRequest {
  /** A minimal valid body (POST), or undefined (GET). */
  json?: unknown;
  /**
   * True for config writes. The body here is only a placeholder: callers must GET the current value
   * first and re-post exactly that, so the matrix never changes state, not even when a broken
   * permission check lets a role through that should have been refused.
   */
  rePostCurrentValue: boolean;
}

const analyticsBody = { ...RUNBOOK_FILTERS };
const exportBody = { endpoint: 'portfolio', filters: analyticsBody };

/**
 * One request per protected route. Public routes are left out on purpose: login/refresh with a
 * dummy body answer 401 for bad credentials (and count against the login limit and lockout), so
 * they are no evidence about authorization. Every POST here is rate-limited per client (30/60 s by
 * default): a full matrix of 3 roles + anonymous sends about 50 writes, so spread it over clients or
 * windows where the limit is live.
 */
export const MATRIX_REQUESTS: Readonly<Record<ProtectedV1Route, MatrixRequest>> = {
  getScope: { rePostCurrentValue: false },
  setScope: { json: { supervisors: [] }, rePostCurrentValue: true },
  getCommissions: { rePostCurrentValue: false },
  setCommissions: { json: { rules: [] }, rePostCurrentValue: true },
  getPrizes: { rePostCurrentValue: false },
  setPrizes: { json: { rules: [] }, rePostCurrentValue: true },
  getPreferences: { rePostCurrentValue: false },
  setPreferences: {
    json: { filters: { supervisors: [], uns: [], vias: [], years: [], months: [] } },
    rePostCurrentValue: true,
  },
  portfolioSummary: { json: analyticsBody, rePostCurrentValue: false },
  rendimientoSummary: { json: analyticsBody, rePostCurrentValue: false },
  moraSummary: { json: analyticsBody, rePostCurrentValue: false },
  brokersSummary: { json: analyticsBody, rePostCurrentValue: false },
  exportCsv: { json: exportBody, rePostCurrentValue: false },
  exportPdf: { json: exportBody, rePostCurrentValue: false },
  exportAlias: { json: { ...exportBody, format: 'csv' }, rePostCurrentValue: false },
};

/** The GET route whose answer is the current value to re-post for a config write route. */
export const READ_ROUTE_FOR_WRITE = {
  setScope: 'getScope',
  setCommissions: 'getCommissions',
  setPrizes: 'getPrizes',
  setPreferences: 'getPreferences',
} as const satisfies Partial<Record<V1RouteId, V1RouteId>>;

/**
 * The admin's writes and the analyst's preferences save, each made by the named test with the same
 * caller and route and a 2xx required (under the same condition: config and preference writes only
 * when writes are allowed, exports always); that test fails naming the route, status and trace id
 * where this cell would. Sending them here too would spend eight of the client's writes on nothing new.
 * Titles of tests of the suite: selftest/catalogue.test.ts checks each names one.
 */
export const MATRIX_CELLS_SENT_ELSEWHERE: Partial<Record<Caller, Partial<Record<V1RouteId, string>>>> = {
  admin: {
    setScope:
      'supervisors scope round trip stores the contract normalization (trimmed, upper-cased, de-duplicated, sorted)',
    setCommissions: 'commission rules round trip keeps every rule, field and the rule order',
    setPrizes: 'prize rules round trip keeps every rule, field, scale and the rule order',
    setPreferences:
      "preferences round trip: each user reads back exactly what they saved, never another user's, also in a new session",
    exportCsv: 'CSV export of each summary parses and its rows and totals equal the JSON summary',
    exportPdf: 'PDF export of each summary is a real PDF showing the applied filters and the totals in PYG',
    exportAlias: 'the legacy alias /analytics/export serves the same CSV and a real PDF',
  },
  analyst: {
    setPreferences:
      "preferences round trip: each user reads back exactly what they saved, never another user's, also in a new session",
  },
};
