import { describe, expect, it } from 'vitest';
import { V1_ROUTE_IDS, V1_ROUTES } from './endpoints.ts';
import {
  expectedStatus,
  MATRIX_REQUESTS,
  PERMISSION_MATRIX,
  type ProtectedV1Route,
  READ_ROUTE_FOR_WRITE,
  ROLE_PERMISSIONS,
} from './permissions.ts';

const PROTECTED_V1_ROUTES = V1_ROUTE_IDS.filter(
  (route): route is ProtectedV1Route => PERMISSION_MATRIX[route] !== null,
);

// Spot checks written from the contract's tables by hand.
describe('expectedStatus', () => {
  it.each([
    ['health', 'anonymous', 'ok'],
    ['login', 'anonymous', 'ok'],
    ['getScope', 'anonymous', 401],
    ['getScope', 'viewer', 'ok'],
    ['setScope', 'viewer', 403],
    ['setScope', 'analyst', 403],
    ['setScope', 'admin', 'ok'],
    ['setCommissions', 'analyst', 403],
    ['getPrizes', 'analyst', 'ok'],
    ['setPreferences', 'viewer', 'ok'],
    ['setPreferences', 'anonymous', 401],
    ['moraSummary', 'viewer', 'ok'],
    ['moraSummary', 'anonymous', 401],
    ['exportCsv', 'analyst', 403],
    ['exportPdf', 'viewer', 403],
    ['exportAlias', 'admin', 'ok'],
  ] as const)('%s as %s -> %s', (route, caller, expected) => {
    expect(expectedStatus(route, caller)).toBe(expected);
  });
});

describe('permission tables', () => {
  it('roles carry the contract permissions', () => {
    expect(ROLE_PERMISSIONS.viewer).toEqual(['brokers:read', 'analytics:read']);
    expect(ROLE_PERMISSIONS.analyst).toEqual(['brokers:read', 'analytics:read', 'system:read']);
    expect(ROLE_PERMISSIONS.admin).toHaveLength(5);
  });

  it('every route has a matrix entry and every protected route a request', () => {
    expect(Object.keys(PERMISSION_MATRIX).sort()).toEqual([...V1_ROUTE_IDS].sort());
    expect(Object.keys(MATRIX_REQUESTS).sort()).toEqual([...PROTECTED_V1_ROUTES].sort());
    expect(PROTECTED_V1_ROUTES).toHaveLength(15);
  });

  it('GET routes send no body, POST routes do; config writes re-post what their GET returns', () => {
    for (const route of PROTECTED_V1_ROUTES) {
      const request = MATRIX_REQUESTS[route];
      expect(request.json === undefined, route).toBe(V1_ROUTES[route].method === 'GET');
    }
    for (const [write, read] of Object.entries(READ_ROUTE_FOR_WRITE)) {
      expect(V1_ROUTES[read].path).toBe(V1_ROUTES[write as keyof typeof READ_ROUTE_FOR_WRITE].path);
      expect(MATRIX_REQUESTS[write as keyof typeof READ_ROUTE_FOR_WRITE].rePostCurrentValue).toBe(true);
    }
  });
});
