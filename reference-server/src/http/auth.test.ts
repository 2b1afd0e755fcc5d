// Auth flows of API v1: login shape per role, refresh rotation, revoke, token forgeries,
// lockout and the login/write rate limits.

import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64url, get, login, post, testServer } from './test-support.ts';

const SCOPE = '/api/v1/brokers/supervisors-scope';

describe('login', () => {
  it('answers the contract shape with the role permissions and HS256 tokens', async () => {
    const { api } = testServer();
    const admin = await login(api, 'admin');
    expect(admin.token_type).toBe('bearer');
    expect(admin.role).toBe('admin');
    expect(admin.permissions).toEqual([
      'brokers:read',
      'brokers:write_config',
      'analytics:read',
      'analytics:export',
      'system:read',
    ]);
    expect((await login(api, 'analyst')).permissions).toEqual([
      'brokers:read',
      'analytics:read',
      'system:read',
    ]);
    expect((await login(api, 'viewer')).permissions).toEqual(['brokers:read', 'analytics:read']);

    expect(decodeProtectedHeader(admin.access_token).alg).toBe('HS256');
    const access = decodeJwt(admin.access_token);
    expect(access).toMatchObject({ sub: 'admin', role: 'admin', typ: 'access' });
    expect((access.exp ?? 0) - (access.iat ?? 0)).toBe(15 * 60);
    const refresh = decodeJwt(admin.refresh_token);
    expect(refresh.typ).toBe('refresh');
    expect(typeof refresh.jti).toBe('string');
  });

  it('refuses wrong credentials with 401 and bad bodies with 422 field errors', async () => {
    const { api } = testServer();
    const wrong = await post(api, '/api/v1/auth/login', { username: 'admin', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error_code: 'UNAUTHORIZED' });

    const empty = await post(api, '/api/v1/auth/login', { username: '', password: 'x'.repeat(129) });
    expect(empty.statusCode).toBe(422);
    const errors = empty.json<{ details: { errors: { loc: unknown[] }[] } }>().details.errors;
    expect(errors.map((e) => e.loc)).toEqual([
      ['body', 'username'],
      ['body', 'password'],
    ]);
    expect((await post(api, '/api/v1/auth/login', '{bad')).statusCode).toBe(422);
    expect((await post(api, '/api/v1/auth/login', [1, 2])).statusCode).toBe(422);
    expect((await post(api, '/api/v1/auth/login')).statusCode).toBe(422);
  });
});

describe('refresh and revoke', () => {
  it('refresh returns a new pair and the presented refresh token is then refused', async () => {
    const { api } = testServer();
    const first = await login(api, 'viewer');
    const res = await post(api, '/api/v1/auth/refresh', { refresh_token: first.refresh_token });
    expect(res.statusCode).toBe(200);
    const second = res.json<{ access_token: string; refresh_token: string; role: string }>();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.role).toBe('viewer');
    expect((await get(api, SCOPE, second.access_token)).statusCode).toBe(200);

    const again = await post(api, '/api/v1/auth/refresh', { refresh_token: first.refresh_token });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error_code: 'UNAUTHORIZED' });
    expect(
      (await post(api, '/api/v1/auth/refresh', { refresh_token: second.refresh_token })).statusCode,
    ).toBe(200);
  });

  it('revoke answers ok:true once, ok:false after, and the revoked token cannot refresh', async () => {
    const { api } = testServer();
    const tokens = await login(api, 'analyst');
    const body = { refresh_token: tokens.refresh_token };
    expect((await post(api, '/api/v1/auth/revoke', body)).json()).toEqual({ ok: true });
    expect((await post(api, '/api/v1/auth/revoke', body)).json()).toEqual({ ok: false });
    expect((await post(api, '/api/v1/auth/refresh', body)).statusCode).toBe(401);
    expect((await post(api, '/api/v1/auth/revoke', { refresh_token: 'not-a-jwt-at-all' })).json()).toEqual({
      ok: false,
    });
    expect((await post(api, '/api/v1/auth/revoke', { refresh_token: 'short' })).statusCode).toBe(422);
  });

  it('refresh tokens expire after 7 days', async () => {
    const server = testServer();
    const tokens = await login(server.api, 'viewer');
    server.clock.now += 7 * 24 * 3600 * 1000 + 1000;
    expect(
      (await post(server.api, '/api/v1/auth/refresh', { refresh_token: tokens.refresh_token })).statusCode,
    ).toBe(401);
  });
});

describe('bearer tokens', () => {
  async function status(token: string | undefined): Promise<number> {
    const { api } = server;
    return (await get(api, SCOPE, token)).statusCode;
  }
  const server = testServer();

  it('accepts a fresh access token and refuses a missing or malformed one', async () => {
    const admin = await login(server.api, 'admin');
    expect(await status(admin.access_token)).toBe(200);
    expect(await status(undefined)).toBe(401);
    expect(await status('garbage')).toBe(401);
    expect(
      (
        await server.api.inject({
          method: 'GET',
          url: SCOPE,
          headers: { authorization: `Basic ${admin.access_token}` },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('refuses a tampered signature, alg none, a wrong-key token and a refresh token', async () => {
    const admin = await login(server.api, 'admin');
    const [h, p, s = ''] = admin.access_token.split('.');
    const flipped = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    expect(await status(`${h}.${p}.${flipped}`)).toBe(401);
    const claims = decodeJwt(admin.access_token);
    expect(await status(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`)).toBe(401);
    const wrongKey = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(randomBytes(32)));
    expect(await status(wrongKey)).toBe(401);
    expect(await status(admin.refresh_token)).toBe(401);
  });

  it('refuses its own access token once expired (15 minutes)', async () => {
    const s = testServer();
    const viewer = await login(s.api, 'viewer');
    s.clock.now += 15 * 60 * 1000 - 5000;
    expect((await get(s.api, SCOPE, viewer.access_token)).statusCode).toBe(200);
    s.clock.now += 10_000;
    expect((await get(s.api, SCOPE, viewer.access_token)).statusCode).toBe(401);
  });
});

describe('lockout', () => {
  it('blocks the account after 5 failures for 15 minutes, even with the right password', async () => {
    const s = testServer();
    for (let i = 0; i < 5; i++) {
      const res = await post(s.api, '/api/v1/auth/login', { username: 'lockout-probe', password: 'wrong' });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await post(s.api, '/api/v1/auth/login', {
      username: 'lockout-probe',
      password: 'lockout123',
    });
    expect(blocked.statusCode).toBe(403);
    const body = blocked.json<{ error_code: string; details: { blocked_until: string } }>();
    expect(body.error_code).toBe('AUTH_BLOCKED');
    expect(Date.parse(body.details.blocked_until)).toBe(s.clock.now + 15 * 60 * 1000);
    // Other accounts are unaffected.
    await login(s.api, 'viewer');
    s.clock.now += 15 * 60 * 1000 + 1;
    expect(
      (await post(s.api, '/api/v1/auth/login', { username: 'lockout-probe', password: 'lockout123' }))
        .statusCode,
    ).toBe(200);
  });

  it('a success resets the failure count; /__reference/unlock clears a block', async () => {
    const s = testServer({ loginLimit: { limit: 100, windowSeconds: 60 } });
    const fail = () => post(s.api, '/api/v1/auth/login', { username: 'lockout-probe', password: 'wrong' });
    for (let i = 0; i < 4; i++) await fail();
    await login(s.api, 'lockout-probe');
    for (let i = 0; i < 4; i++) expect((await fail()).statusCode).toBe(401);
    expect((await fail()).statusCode).toBe(401);
    expect((await fail()).statusCode).toBe(403);
    expect(
      (await get(s.api, '/__reference/state')).json<{ content: { lockouts: number } }>().content.lockouts,
    ).toBe(1);
    const unlock = await post(s.api, '/__reference/unlock', { username: 'lockout-probe' });
    expect(unlock.json()).toEqual({ ok: true, username: 'lockout-probe', was_blocked: true });
    await login(s.api, 'lockout-probe');
  });
});

describe('rate limits', () => {
  it('login: the 11th attempt within 60 s from one ip for one username is 429', async () => {
    const s = testServer({ lockout: { maxFailures: 100 } });
    for (let i = 0; i < 10; i++) {
      expect(
        (await post(s.api, '/api/v1/auth/login', { username: 'analyst', password: 'bad' })).statusCode,
      ).toBe(401);
    }
    const limited = await post(s.api, '/api/v1/auth/login', { username: 'analyst', password: 'analyst123' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      error_code: 'RATE_LIMITED',
      details: { limit: 10, window_seconds: 60, scope: 'login' },
    });
    expect(limited.headers['retry-after']).toBe('60');
    // Another username, or another client ip, has its own budget.
    await login(s.api, 'viewer');
    const other = await s.api.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.0.0.9',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'analyst', password: 'analyst123' }),
    });
    expect(other.statusCode).toBe(200);
    s.clock.now += 60_001;
    await login(s.api, 'analyst');
  });

  it('writes: configurable per (ip, route, subject)', async () => {
    const s = testServer({ writeLimit: { limit: 3, windowSeconds: 10 } });
    const admin = await login(s.api, 'admin');
    const viewer = await login(s.api, 'viewer');
    const prefs = { filters: { supervisors: [] } };
    for (let i = 0; i < 3; i++) {
      expect((await post(s.api, '/api/v1/brokers/preferences', prefs, admin.access_token)).statusCode).toBe(
        200,
      );
    }
    const limited = await post(s.api, '/api/v1/brokers/preferences', prefs, admin.access_token);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ details: { limit: 3, window_seconds: 10, scope: 'write' } });
    expect((await post(s.api, '/api/v1/brokers/preferences', prefs, viewer.access_token)).statusCode).toBe(
      200,
    );
    expect((await post(s.api, SCOPE, { supervisors: ['X'] }, admin.access_token)).statusCode).toBe(200);
    // Reads are not limited.
    expect((await get(s.api, '/api/v1/brokers/preferences', admin.access_token)).statusCode).toBe(200);
  });
});
