// The legacy dashboard's endpoints (docs/contract.md "Legacy dashboard"): check-files, ops metrics,
// the analytics GETs, brokers summary and the legacy JSON config. Errors are
// `{error_code, code, message, details}`. The legacy always computes the truth (no KPI variant).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { checkFiles, toCommissionRule, toPrizeRule } from '../data/load.ts';
import { brokersSummary } from '../kpis/brokers.ts';
import {
  type LegacyResponse,
  legacyAnalytics,
  legacyError,
  parseBrokersBody,
} from '../kpis/legacy-analytics.ts';
import { pythonJsonLoads } from '../kpis/python-json.ts';
import { logRequest, type ReferenceState } from './state.ts';
import { pathOf } from './url-path.ts';
import { isRecord } from './validation.ts';
import { workingDirectoryAnswer } from './working-directory.ts';

/** Query parameters as lists (`un=A&un=B` -> {un: ['A', 'B']}), as the legacy reads them. */
export function queryLists(url: string): Record<string, string[]> {
  const q = url.indexOf('?');
  const out: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(q < 0 ? '' : url.slice(q + 1))) {
    const list = out[key] ?? [];
    list.push(value);
    out[key] = list;
  }
  return out;
}

/** Legacy analytics paths recorded by ops metrics (the metrics endpoints themselves are not). */
function isMeteredLegacyPath(path: string): boolean {
  return path.startsWith('/analytics/') && !path.startsWith('/analytics/ops/');
}

function send(reply: FastifyReply, answer: LegacyResponse): FastifyReply {
  return reply.code(answer.status).send(answer.body);
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** A stand-in for the `.env` the real dashboard's folder holds (no real secret). */
const PLANTED_ENV =
  '# planted by the reference server fault legacy-serves-raw-files\nSECRET_KEY=reference-not-a-secret\nDATABASE_URL=postgresql://cobranzas:reference@db/cobranzas\n';

/** legacy-serves-raw-files: the dashboard as a static file server rooted at its data folder. */
function serveRawFile(
  state: ReferenceState,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | null {
  let relative: string;
  try {
    relative = decodeURIComponent(pathOf(request.url));
  } catch {
    return null;
  }
  const root = resolve(state.datasetDir);
  const target = resolve(root, `.${relative}`);
  if (target !== root && !target.startsWith(root + sep)) return null;
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(target);
  } catch {
    stats = undefined;
  }
  if (stats?.isDirectory()) {
    const entries = readdirSync(target, { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      .concat(target === root ? ['.env'] : [])
      .sort();
    const base = relative.endsWith('/') ? relative : `${relative}/`;
    const items = entries.map((name) => `<li><a href="${base}${name}">${name}</a></li>`).join('');
    return reply
      .type(CONTENT_TYPES['.html'] ?? 'text/html')
      .send(`<html><body><h1>Index of ${base}</h1><ul>${items}</ul></body></html>`);
  }
  if (stats?.isFile()) {
    return reply
      .type(CONTENT_TYPES[extname(target)] ?? 'text/plain; charset=utf-8')
      .send(readFileSync(target));
  }
  if (target === resolve(root, '.env')) return reply.type('text/plain; charset=utf-8').send(PLANTED_ENV);
  return null;
}

/** The request log, latency, ops metrics, legacy-style errors and the planted not-found faults. */
function addLegacyHooks(app: FastifyInstance, state: ReferenceState): void {
  const { faults } = state;
  app.addHook('onRequest', async (request) => {
    const path = pathOf(request.url);
    // ops/reset is a GET that changes state: a read-only run must not call it either.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path === '/analytics/ops/reset') {
      logRequest(state, { app: 'legacy', method: request.method, path, ts: state.now() });
    }
    const delay = state.latency.delayFor(path);
    if (delay > 0) await state.sleep(delay);
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request.url);
    if (request.method === 'GET' && isMeteredLegacyPath(path)) {
      state.metrics.record(path, reply.statusCode, reply.elapsedTime);
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const status =
      typeof error === 'object' &&
      error !== null &&
      'statusCode' in error &&
      typeof error.statusCode === 'number'
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return send(reply, legacyError(500, 'INTERNAL_ERROR', 'Error interno'));
    }
    return send(
      reply,
      legacyError(status, 'BAD_REQUEST', error instanceof Error ? error.message : 'Solicitud invalida'),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    if (faults.has('legacy-serves-raw-files') && (request.method === 'GET' || request.method === 'HEAD')) {
      const served = serveRawFile(state, request, reply);
      if (served) return served;
    }
    if (faults.has('legacy-serves-working-directory') && request.method === 'GET') {
      const answer = workingDirectoryAnswer(pathOf(request.url));
      if (answer) return reply.type(answer.type).send(answer.body);
    }
    return send(reply, legacyError(404, 'NOT_FOUND', 'Recurso no encontrado'));
  });
}

/** check-files and the ops metrics (with the planted metrics faults). */
function registerOpsRoutes(app: FastifyInstance, state: ReferenceState): void {
  const { faults } = state;
  app.get('/api/check-files', async () => {
    const files = checkFiles(state.datasetDir);
    if (faults.has('check-files-missing')) files.cobranzas = false;
    return files;
  });

  app.get('/analytics/ops/metrics', async () => {
    state.metricsGets += 1;
    const n = state.metricsGets;
    if (faults.has('metrics-frozen') && state.frozenMetrics !== undefined) return state.frozenMetrics;
    if (faults.has('metrics-error-burst') && n === 3)
      state.metrics.addSynthetic('/analytics/portfolio/summary', 100, 6);
    if (faults.has('metrics-reset') && n === 3) state.metrics.reset();
    const body = { meta: { source: 'api' }, metrics: state.metrics.snapshot() };
    if (faults.has('metrics-frozen')) state.frozenMetrics = body;
    return body;
  });
  app.get('/analytics/ops/reset', async () => {
    state.metrics.reset();
    state.metricsGets = 0;
    return { ok: true, started_at: state.metrics.snapshot().started_at };
  });
}

/** The legacy analytics GETs and the brokers summary POST. */
function registerAnalyticsRoutes(app: FastifyInstance, state: ReferenceState): void {
  const { faults } = state;
  const nothingComparable = faults.has('legacy-returns-nothing-comparable');
  app.get('/analytics/*', async (request, reply) => {
    if (faults.has('legacy-anuales-500') && pathOf(request.url) === '/analytics/anuales/summary') {
      return send(reply, legacyError(500, 'INTERNAL_ERROR', 'Error interno'));
    }
    const answer = legacyAnalytics(state.dataset, pathOf(request.url), queryLists(request.url));
    if (nothingComparable && answer.status === 200 && isRecord(answer.body)) {
      return reply.send({ meta: answer.body.meta });
    }
    return send(reply, answer);
  });

  app.post('/api/brokers/summary', async (request, reply) => {
    const parsed = parseBrokersBody(typeof request.body === 'string' ? request.body : '');
    if (!parsed.ok) return reply.code(parsed.status).send(parsed.body);
    if (nothingComparable) return { meta: { source: 'api', filters: parsed.request } };
    return brokersSummary(state.dataset, parsed.request, state.legacyConfig);
  });
}

/** A config POST body: JSON, either the bare list or `{"<key>": [...]}`. */
function postedList(request: FastifyRequest, key: string): unknown[] | LegacyResponse {
  const parsed = pythonJsonLoads(typeof request.body === 'string' ? request.body : '');
  if (!parsed.ok) return legacyError(400, 'INVALID_JSON', 'JSON invalido', parsed.message);
  const value = parsed.value;
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value[key])) return value[key];
  return legacyError(400, 'INVALID_CONFIG', `Se esperaba una lista o {"${key}": [...]}`);
}

/** The legacy JSON config: commissions, prizes and the brokers supervisors. */
function registerConfigRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.get('/api/commissions', async () => ({ rules: state.legacyConfig.commissions }));
  app.post('/api/commissions', async (request, reply) => {
    const list = postedList(request, 'rules');
    if (!Array.isArray(list)) return send(reply, list);
    state.legacyConfig.commissions = list.map(toCommissionRule);
    return { ok: true, rules: state.legacyConfig.commissions };
  });
  app.get('/api/prizes', async () => ({ rules: state.legacyConfig.prizes }));
  app.post('/api/prizes', async (request, reply) => {
    const list = postedList(request, 'rules');
    if (!Array.isArray(list)) return send(reply, list);
    state.legacyConfig.prizes = list.map(toPrizeRule);
    return { ok: true, rules: state.legacyConfig.prizes };
  });
  app.get('/api/brokers-supervisors', async () => ({ supervisors: state.legacyConfig.supervisors }));
  app.post('/api/brokers-supervisors', async (request, reply) => {
    const list = postedList(request, 'supervisors');
    if (!Array.isArray(list)) return send(reply, list);
    state.legacyConfig.supervisors = list.filter((v) => v !== null && v !== undefined).map((v) => String(v));
    return { ok: true, supervisors: state.legacyConfig.supervisors };
  });
}

export function buildLegacyApp(state: ReferenceState, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger === true ? { level: 'info' } : false, trustProxy: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  addLegacyHooks(app, state);
  registerOpsRoutes(app, state);
  registerAnalyticsRoutes(app, state);
  registerConfigRoutes(app, state);
  return app;
}
