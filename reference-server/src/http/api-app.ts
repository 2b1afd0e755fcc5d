// API v1 (docs/contract.md "API v1") under /api/v1, plus the reference-only /__reference/ routes the
// suite's self-checks use. Every error, Fastify's own included, follows the error contract. The
// routes live per concern: api-auth-routes.ts, api-brokers-routes.ts, api-analytics-routes.ts,
// api-export-routes.ts, reference-routes.ts; who may call them in api-access.ts.

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { apiAccess } from './api-access.ts';
import { analyticsInputs, registerAnalyticsRoutes } from './api-analytics-routes.ts';
import { registerAuthRoutes } from './api-auth-routes.ts';
import { registerBrokersRoutes } from './api-brokers-routes.ts';
import { registerExportRoutes } from './api-export-routes.ts';
import { ApiError, apiErrorFromUnknown, traceIdOf, type V1ErrorBody } from './errors.ts';
import { registerReferenceRoutes } from './reference-routes.ts';
import { logRequest, type ReferenceState } from './state.ts';
import { pathOf } from './url-path.ts';

declare module 'fastify' {
  interface FastifyRequest {
    traceId: string;
  }
}

export const API_PREFIX = '/api/v1';

/** Trace ids, the request log, latency, ops metrics and the error contract for every answer. */
function addErrorContractAndHooks(app: FastifyInstance, state: ReferenceState): void {
  const errorsWithoutTrace = state.faults.has('error-without-trace-id');

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
}

function registerHealthRoute(v1: FastifyInstance, state: ReferenceState): void {
  v1.get('/health', async (_request, reply) => {
    if (state.faults.has('health-down')) {
      throw new ApiError('SERVICE_UNAVAILABLE', 'Service unavailable', {
        ok: false,
        service: 'cobranzas-api-v1',
      });
    }
    return reply.send({ ok: true, service: 'cobranzas-api-v1' });
  });
}

export function buildApiApp(state: ReferenceState, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger === true ? { level: 'info' } : false, trustProxy: false });
  app.decorateRequest('traceId', '');
  // Bodies are read as text and parsed by the handlers, so bad JSON and odd media types get the
  // contract's 422 instead of Fastify's 400/415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  addErrorContractAndHooks(app, state);

  const access = apiAccess(state);
  const inputs = analyticsInputs(state);
  app.register(
    async (v1) => {
      registerHealthRoute(v1, state);
      registerAuthRoutes(v1, state, access);
      registerBrokersRoutes(v1, state, access);
      registerAnalyticsRoutes(v1, state, access, inputs);
      registerExportRoutes(v1, state, access, inputs);
    },
    { prefix: API_PREFIX },
  );
  registerReferenceRoutes(app, state);
  return app;
}
