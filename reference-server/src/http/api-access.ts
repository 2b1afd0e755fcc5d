// Who may call an API v1 route: a valid bearer token, the role's permission (one role slips through
// one check under the planted RBAC faults), and the write rate limit.

import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/tokens.ts';
import type { Permission } from '../auth/users.ts';
import { ApiError } from './errors.ts';
import type { RateLimitSpec } from './limits.ts';
import type { ReferenceState } from './state.ts';
import { pathOf } from './url-path.ts';

export function rateLimited(
  spec: RateLimitSpec,
  scope: 'login' | 'write',
  retryAfterSeconds: number,
): ApiError {
  return new ApiError(
    'RATE_LIMITED',
    'Too many requests, try again later',
    { limit: spec.limit, window_seconds: spec.windowSeconds, scope },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function unauthorized(message: string): ApiError {
  return new ApiError('UNAUTHORIZED', message, null, { 'www-authenticate': 'Bearer' });
}

export interface ApiAccess {
  /** Write endpoints: per (client ip, route, token subject or ip); per client ip alone under the fault. */
  limitWrite(request: FastifyRequest, subject: string | undefined): void;
  /** 401 without a valid access token, 403 without the permission, then the write limit. */
  guard(request: FastifyRequest, permission: Permission, write?: boolean): Promise<Principal>;
}

export function apiAccess(state: ReferenceState): ApiAccess {
  const { faults } = state;

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const token = match?.[1];
    if (!token) throw unauthorized('Missing bearer token');
    const principal = await state.tokens.authenticate(token);
    if (!principal) throw unauthorized('Invalid or expired token');
    return principal;
  }

  function allowed(principal: Principal, permission: Permission): boolean {
    if (principal.permissions.includes(permission)) return true;
    // Planted RBAC defects: one role slips through one check.
    if (
      faults.has('viewer-can-write-config') &&
      permission === 'brokers:write_config' &&
      principal.role === 'viewer'
    ) {
      return true;
    }
    return (
      faults.has('analyst-can-export') && permission === 'analytics:export' && principal.role === 'analyst'
    );
  }

  // writes-limited-per-client: one budget per client IP for every write route, spent before
  // authentication (60e174c's limiter is a dependency declared before the permission check).
  const writesPerClient = faults.has('writes-limited-per-client');

  function limitWrite(request: FastifyRequest, subject: string | undefined): void {
    const route = request.routeOptions.url ?? pathOf(request.url);
    const key = writesPerClient ? request.ip : `${request.ip}|${route}|${subject ?? request.ip}`;
    const decision = state.writeLimiter.hit(key);
    if (!decision.allowed) throw rateLimited(state.writeLimiter.spec, 'write', decision.retryAfterSeconds);
  }

  async function guard(request: FastifyRequest, permission: Permission, write = false): Promise<Principal> {
    if (write && writesPerClient) limitWrite(request, undefined);
    const principal = await authenticate(request);
    if (!allowed(principal, permission)) {
      throw new ApiError('FORBIDDEN', `Missing permission ${permission}`, { required: permission });
    }
    if (write && !writesPerClient) limitWrite(request, principal.sub);
    return principal;
  }

  return { limitWrite, guard };
}
