// API v1 (docs/contract.md "API v1") under /api/v1, plus the reference-only /__reference/ routes the
// suite's self-checks use. Every error, Fastify's own included, follows the error contract.

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Principal } from '../auth/tokens.ts';
import { findUser, type Permission, permissionsOf, type User } from '../auth/users.ts';
import { kpiVariantOf } from '../faults.ts';
import type { AnalyticsFilters, CommissionRule, PrizeRule } from '../kpis/types.ts';
import {
  ApiError,
  apiErrorFromUnknown,
  type FieldError,
  invalidPayload,
  traceIdOf,
  type V1ErrorBody,
} from './errors.ts';
import { CSV_CONTENT_TYPE, exportTable, PDF_CONTENT_TYPE, pdfLines, toCsv } from './export-layout.ts';
import type { RateLimitSpec } from './limits.ts';
import { renderPdf } from './pdf.ts';
import { countFor, logRequest, type ReferenceState, stateContent, stateFingerprint } from './state.ts';
import {
  ANALYTICS_ENDPOINTS,
  type AnalyticsEndpoint,
  computeSummary,
  forwardedToLegacy,
  isAnalyticsEndpoint,
  moraFallback,
  type SummaryContext,
} from './v1-analytics.ts';
import {
  emptyPreferences,
  isRecord,
  normalizeScope,
  parseFilters,
  parseJsonBody,
  raiseValueErrorFor,
  unvalidatedRules,
  validateCommissionRules,
  validateLogin,
  validatePreferences,
  validatePrizeRules,
  validateRefreshBody,
  validateSupervisors,
} from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    traceId: string;
  }
}

export const API_PREFIX = '/api/v1';

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function rateLimited(spec: RateLimitSpec, scope: 'login' | 'write', retryAfterSeconds: number): ApiError {
  return new ApiError(
    'RATE_LIMITED',
    'Too many requests, try again later',
    { limit: spec.limit, window_seconds: spec.windowSeconds, scope },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

function unauthorized(message: string): ApiError {
  return new ApiError('UNAUTHORIZED', message, null, { 'www-authenticate': 'Bearer' });
}

export function buildApiApp(state: ReferenceState, options: { logger?: boolean } = {}): FastifyInstance {
  const { faults } = state;
  const app = Fastify({ logger: options.logger === true ? { level: 'info' } : false, trustProxy: false });
  app.decorateRequest('traceId', '');
  // Bodies are read as text and parsed by the handlers, so bad JSON and odd media types get the
  // contract's 422 instead of Fastify's 400/415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const errorsWithoutTrace = faults.has('error-without-trace-id');

  function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    const apiError = apiErrorFromUnknown(error);
    if (apiError.status >= 500 && !(error instanceof ApiError))
      request.log.error({ err: error }, 'unhandled error');
    const body: V1ErrorBody = {
      error_code: apiError.code,
      message: apiError.message,
      details: apiError.details,
    };
    if (!errorsWithoutTrace) body.trace_id = request.traceId;
    for (const [name, value] of Object.entries(apiError.headers)) reply.header(name, value);
    return reply.code(apiError.status).type('application/json; charset=utf-8').send(body);
  }

  app.addHook('onRequest', async (request) => {
    request.traceId = traceIdOf(request.headers['x-trace-id'], () => randomUUID().replaceAll('-', ''));
    const path = pathOf(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD' && !path.startsWith('/__reference/')) {
      logRequest(state, { app: 'api', method: request.method, path, ts: state.now() });
    }
    const delay = state.latency.delayFor(path);
    if (delay > 0) await state.sleep(delay);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (errorsWithoutTrace && reply.statusCode >= 400) reply.removeHeader('x-trace-id');
    else reply.header('x-trace-id', request.traceId);
    return payload;
  });
  // The legacy ops metrics also report the v1 analytics endpoints this process serves.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route?.startsWith(`${API_PREFIX}/analytics/`))
      state.metrics.record(route, reply.statusCode, reply.elapsedTime);
  });
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new ApiError('NOT_FOUND', `No route ${request.method} ${pathOf(request.url)}`)),
  );

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

  /** Write endpoints: per (client ip, route, token subject or ip); per client ip alone under the fault. */
  function limitWrite(request: FastifyRequest, subject: string | undefined): void {
    const route = request.routeOptions.url ?? pathOf(request.url);
    const key = writesPerClient ? request.ip : `${request.ip}|${route}|${subject ?? request.ip}`;
    const decision = state.writeLimiter.hit(key);
    if (!decision.allowed) throw rateLimited(state.writeLimiter.spec, 'write', decision.retryAfterSeconds);
  }

  /** 401 without a valid access token, 403 without the permission, then the write limit. */
  async function guard(request: FastifyRequest, permission: Permission, write = false): Promise<Principal> {
    if (write && writesPerClient) limitWrite(request, undefined);
    const principal = await authenticate(request);
    if (!allowed(principal, permission)) {
      throw new ApiError('FORBIDDEN', `Missing permission ${permission}`, { required: permission });
    }
    if (write && !writesPerClient) limitWrite(request, principal.sub);
    return principal;
  }

  async function issuePair(user: User, sid: string) {
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

  /** Whose preferences a request reads and writes (the prefs-* faults key them wrongly). */
  function preferencesOwner(principal: Principal): string {
    if (faults.has('prefs-shared-between-users')) return 'shared';
    if (faults.has('prefs-lost-between-sessions')) return `session:${principal.sid}`;
    return `user:${principal.sub}`;
  }

  const variant = kpiVariantOf(faults);
  const monthValueError = faults.has('bad-month-500');
  const strictMonths = !faults.has('invalid-month-accepted') && !monthValueError;
  /** The filters of a body; bad-month-500 first fails as the customer's validator does. */
  const readFilters = (body: unknown, loc?: (string | number)[]): AnalyticsFilters => {
    if (monthValueError) raiseValueErrorFor(body);
    return parseFilters(body, strictMonths, loc);
  };
  const configNotValidated = faults.has('config-not-validated');
  const portfolioDebtFactor = faults.has('parity-drift-2pct')
    ? 1.02
    : faults.has('parity-drift-half-pct')
      ? 1.005
      : 1;
  const summaryContext = (): SummaryContext => ({
    dataset: state.dataset,
    config: state.v1Config,
    variant,
    portfolioDebtFactor,
    now: state.now,
  });

  async function sendExport(
    request: FastifyRequest,
    reply: FastifyReply,
    fixedFormat: 'csv' | 'pdf' | null,
  ): Promise<FastifyReply> {
    await guard(request, 'analytics:export', true);
    const body = parseJsonBody(request.body);
    if (body !== undefined && !isRecord(body)) {
      throw invalidPayload([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
    }
    const record = body ?? {};
    const errors: FieldError[] = [];
    if (typeof record.endpoint !== 'string') {
      errors.push({
        loc: ['body', 'endpoint'],
        msg: record.endpoint === undefined ? 'Field required' : 'Input should be a valid string',
        type: record.endpoint === undefined ? 'missing' : 'string_type',
      });
    }
    let format = fixedFormat;
    if (format === null) {
      if (record.format === 'csv' || record.format === 'pdf') format = record.format;
      else
        errors.push({
          loc: ['body', 'format'],
          msg: "Input should be 'csv' or 'pdf'",
          type: 'literal_error',
        });
    }
    if (errors.length > 0 || format === null) throw invalidPayload(errors);
    const endpoint = record.endpoint;
    if (!isAnalyticsEndpoint(endpoint)) {
      throw new ApiError('INVALID_EXPORT_ENDPOINT', `Unknown export endpoint ${JSON.stringify(endpoint)}`, {
        allowed: [...ANALYTICS_ENDPOINTS],
      });
    }
    const filters = readFilters(record.filters, ['body', 'filters']);
    const summary = computeSummary(summaryContext(), endpoint, filters);
    const table = exportTable(summary);
    if (format === 'csv') {
      const rows = faults.has('csv-drops-last-row') ? table.rows.slice(0, -1) : table.rows;
      return reply
        .type(CSV_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${endpoint}.csv"`)
        .send(toCsv(table.columns, rows));
    }
    if (faults.has('pdf-wrong-totals')) {
      const target = table.totals.find((t) => t.key === 'totalDebt') ?? table.totals[0];
      if (target) target.value *= 1.1;
    }
    const lines = pdfLines(table, filters, summary.payload.meta.generated_at);
    reply.type(PDF_CONTENT_TYPE).header('content-disposition', `attachment; filename="${endpoint}.pdf"`);
    // fake-pdf: the real system's defect, plain text labelled as a PDF.
    return reply.send(faults.has('fake-pdf') ? `${lines.join('\n')}\n` : await renderPdf(lines));
  }

  app.register(
    async (v1) => {
      v1.get('/health', async (_request, reply) => {
        if (faults.has('health-down')) {
          throw new ApiError('SERVICE_UNAVAILABLE', 'Service unavailable', {
            ok: false,
            service: 'cobranzas-api-v1',
          });
        }
        return reply.send({ ok: true, service: 'cobranzas-api-v1' });
      });

      v1.post('/auth/login', async (request) => {
        const { username, password } = validateLogin(parseJsonBody(request.body));
        const decision = state.loginLimiter.hit(`${request.ip}|${username}`);
        if (!decision.allowed)
          throw rateLimited(state.loginLimiter.spec, 'login', decision.retryAfterSeconds);
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
        return issuePair(user, randomUUID());
      });

      v1.post('/auth/refresh', async (request) => {
        limitWrite(request, undefined);
        const token = validateRefreshBody(parseJsonBody(request.body));
        const claims = await state.tokens.verifyRefresh(token);
        const session = claims ? state.sessions.live(claims.jti) : undefined;
        const user = claims ? findUser(claims.sub) : undefined;
        if (!claims || !session || !user || session.sub !== claims.sub) {
          throw unauthorized('Refresh token is invalid, expired or revoked');
        }
        if (!faults.has('refresh-not-rotated')) state.sessions.revoke(claims.jti);
        return issuePair(user, session.sid);
      });

      v1.post('/auth/revoke', async (request) => {
        limitWrite(request, undefined);
        const token = validateRefreshBody(parseJsonBody(request.body));
        const claims = await state.tokens.verifyRefresh(token);
        const known = claims ? state.sessions.known(claims.jti) : undefined;
        if (faults.has('revoke-twice-ok') && known?.revoked) return { ok: true };
        if (!claims || !state.sessions.live(claims.jti)) return { ok: false };
        if (!faults.has('revoke-noop')) state.sessions.revoke(claims.jti);
        return { ok: true };
      });

      v1.get('/brokers/supervisors-scope', async (request) => {
        await guard(request, 'brokers:read');
        return { supervisors: state.v1Config.supervisors };
      });
      v1.post('/brokers/supervisors-scope', async (request) => {
        await guard(request, 'brokers:write_config', true);
        const body = parseJsonBody(request.body);
        // config-not-validated: a body without the list stores an empty scope.
        const posted =
          configNotValidated && isRecord(body) && body.supervisors === undefined
            ? []
            : validateSupervisors(body);
        state.v1Config.supervisors = faults.has('scope-not-normalized') ? posted : normalizeScope(posted);
        return { supervisors: state.v1Config.supervisors };
      });

      const ordered = <T>(rules: T[]): T[] => (faults.has('rules-reordered') ? [...rules].reverse() : rules);
      v1.get('/brokers/commissions', async (request) => {
        await guard(request, 'brokers:read');
        return { rules: state.v1Config.commissions };
      });
      v1.post('/brokers/commissions', async (request) => {
        await guard(request, 'brokers:write_config', true);
        const body = parseJsonBody(request.body);
        state.v1Config.commissions = ordered(
          configNotValidated ? (unvalidatedRules(body) as CommissionRule[]) : validateCommissionRules(body),
        );
        return { rules: state.v1Config.commissions };
      });
      v1.get('/brokers/prizes', async (request) => {
        await guard(request, 'brokers:read');
        return { rules: state.v1Config.prizes };
      });
      v1.post('/brokers/prizes', async (request) => {
        await guard(request, 'brokers:write_config', true);
        const body = parseJsonBody(request.body);
        state.v1Config.prizes = ordered(
          configNotValidated ? (unvalidatedRules(body) as PrizeRule[]) : validatePrizeRules(body),
        );
        return { rules: state.v1Config.prizes };
      });

      v1.get('/brokers/preferences', async (request) => {
        const principal = await guard(request, 'brokers:read');
        return { filters: state.preferences.get(preferencesOwner(principal)) ?? emptyPreferences() };
      });
      v1.post('/brokers/preferences', async (request) => {
        const principal = await guard(request, 'brokers:read', true);
        const filters = validatePreferences(parseJsonBody(request.body));
        state.preferences.set(preferencesOwner(principal), filters);
        return { filters };
      });

      const summaryPaths: Record<AnalyticsEndpoint, string> = {
        portfolio: '/analytics/portfolio/summary',
        rendimiento: '/analytics/rendimiento/summary',
        mora: '/analytics/mora/summary',
        brokers: '/analytics/brokers/summary',
      };
      for (const endpoint of ANALYTICS_ENDPOINTS) {
        v1.post(summaryPaths[endpoint], async (request) => {
          await guard(request, 'analytics:read');
          const filters = readFilters(parseJsonBody(request.body));
          // analytics-5xx-3pct: every 33rd valid request fails, deterministically.
          if (
            endpoint === 'rendimiento' &&
            faults.has('analytics-5xx-3pct') &&
            countFor(state, endpoint) % 33 === 0
          ) {
            throw new ApiError('INTERNAL_ERROR', 'Internal server error');
          }
          // v1-intermittent-5xx: every 5th valid request of each summary fails; a retry would pass.
          if (faults.has('v1-intermittent-5xx') && countFor(state, `intermittent-${endpoint}`) % 5 === 0) {
            throw new ApiError('INTERNAL_ERROR', 'Internal server error');
          }
          if (
            endpoint === 'mora' &&
            faults.has('mora-fallback-200') &&
            countFor(state, 'mora-fallback') % 5 === 1
          ) {
            return moraFallback(filters, state.now());
          }
          if (endpoint === 'brokers' && faults.has('v1-brokers-empty')) {
            // Read from a table nothing fills: the right shape, no rows, whatever the filters.
            const none = { ...filters, supervisor: ['\u0000 no supervisor'] };
            return computeSummary(summaryContext(), endpoint, none).payload;
          }
          if (faults.has('v1-forwards-to-legacy')) {
            const forwarded = forwardedToLegacy(state.dataset, endpoint, filters);
            if (forwarded && forwarded.status !== 200) {
              throw new ApiError('ANALYTICS_BACKEND_ERROR', 'No se pudo obtener analytics legacy', {
                legacy_status: forwarded.status,
                legacy_body: forwarded.body,
              });
            }
            if (forwarded) return forwarded.body;
          }
          const summary = computeSummary(summaryContext(), endpoint, filters);
          if (summary.endpoint === 'portfolio' && faults.has('portfolio-without-bygestion')) {
            const { byGestion: _byGestion, ...legacyFields } = summary.payload;
            return legacyFields;
          }
          return summary.payload;
        });
      }

      v1.post('/analytics/export/csv', (request, reply) => sendExport(request, reply, 'csv'));
      v1.post('/analytics/export/pdf', (request, reply) => sendExport(request, reply, 'pdf'));
      v1.post('/analytics/export', (request, reply) => sendExport(request, reply, null));
    },
    { prefix: API_PREFIX },
  );

  // Reference-only: the suite's self-checks (state fingerprint, unlocking the lockout probe, and
  // the log that proves a read-only run sent no write).
  app.get('/__reference/state', async () => {
    const content = stateContent(state);
    return {
      fingerprint: stateFingerprint(content),
      production_like: state.productionLike,
      faults: [...state.faults].sort(),
      content,
    };
  });
  app.post('/__reference/unlock', async (request) => {
    const body = parseJsonBody(request.body);
    const username = isRecord(body) ? body.username : undefined;
    if (typeof username !== 'string' || username === '') {
      throw invalidPayload([{ loc: ['body', 'username'], msg: 'Field required', type: 'missing' }]);
    }
    const wasBlocked = state.lockouts.unlock(username);
    // The login rate limit is keyed by (ip, username): forget that user's attempts too.
    state.loginLimiter.clear((key) => key.endsWith(`|${username}`));
    return { ok: true, username, was_blocked: wasBlocked };
  });
  app.get('/__reference/requests', async () => ({
    production_like: state.productionLike,
    requests: state.requestLog,
  }));

  return app;
}
