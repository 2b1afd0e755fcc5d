// API v1 sessions: login (rate limit, lockout), refresh (rotating the pair) and revoke, with the
// planted faults of each.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { findUser, permissionsOf, type User } from '../auth/users.ts';
import { type ApiAccess, rateLimited, unauthorized } from './api-access.ts';
import { ApiError } from './errors.ts';
import type { ReferenceState } from './state.ts';
import { parseJsonBody, validateLogin, validateRefreshBody } from './validation.ts';

async function issuePair(state: ReferenceState, user: User, sid: string) {
  const refresh = await state.tokens.issueRefresh(user.username, sid);
  state.sessions.add(refresh.jti, {
    sub: user.username,
    sid,
    revoked: false,
    expiresAt: refresh.exp * 1000,
  });
  return {
    access_token: await state.tokens.issueAccess(user.username, user.role, sid),
    refresh_token: refresh.token,
    token_type: 'bearer',
    role: user.role,
    permissions: permissionsOf(user.role),
  };
}

export function registerAuthRoutes(v1: FastifyInstance, state: ReferenceState, access: ApiAccess): void {
  const { faults } = state;
  v1.post('/auth/login', async (request) => {
    const { username, password } = validateLogin(parseJsonBody(request.body));
    const decision = state.loginLimiter.hit(`${request.ip}|${username}`);
    if (!decision.allowed) throw rateLimited(state.loginLimiter.spec, 'login', decision.retryAfterSeconds);
    const blockedUntil = state.lockouts.blockedUntil(username);
    if (blockedUntil !== null) {
      throw new ApiError('AUTH_BLOCKED', 'Account temporarily blocked after repeated failed logins', {
        blocked_until: new Date(blockedUntil).toISOString(),
        retry_after_seconds: Math.max(1, Math.ceil((blockedUntil - state.now()) / 1000)),
      });
    }
    const user = findUser(username);
    if (!user || user.password !== password) {
      state.lockouts.recordFailure(username);
      throw unauthorized('Invalid username or password');
    }
    state.lockouts.recordSuccess(username);
    return issuePair(state, user, randomUUID());
  });

  v1.post('/auth/refresh', async (request) => {
    access.limitWrite(request, undefined);
    const token = validateRefreshBody(parseJsonBody(request.body));
    const claims = await state.tokens.verifyRefresh(token);
    const session = claims ? state.sessions.live(claims.jti) : undefined;
    const user = claims ? findUser(claims.sub) : undefined;
    if (!claims || !session || !user || session.sub !== claims.sub) {
      throw unauthorized('Refresh token is invalid, expired or revoked');
    }
    if (!faults.has('refresh-not-rotated')) state.sessions.revoke(claims.jti);
    return issuePair(state, user, session.sid);
  });

  v1.post('/auth/revoke', async (request) => {
    access.limitWrite(request, undefined);
    const token = validateRefreshBody(parseJsonBody(request.body));
    const claims = await state.tokens.verifyRefresh(token);
    const known = claims ? state.sessions.known(claims.jti) : undefined;
    if (faults.has('revoke-twice-ok') && known?.revoked) return { ok: true };
    if (!claims || !state.sessions.live(claims.jti)) return { ok: false };
    if (!faults.has('revoke-noop')) state.sessions.revoke(claims.jti);
    return { ok: true };
  });
}
