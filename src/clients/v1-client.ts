// The typed API v1 client: one method per contract endpoint, every answer parsed by its schema, a
// unique x-trace-id per request (prefix + counter) so a failure can be found in the server's logs.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  EXPORT_CONTENT_TYPES,
  type ExportEndpoint,
  type ExportFormat,
  SUMMARY_ROUTE_BY_EXPORT_ENDPOINT,
  V1_ROUTES,
  type V1RouteId,
} from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, compactFilters } from '../contract/filters.ts';
import {
  type BrokersPreferences,
  type BrokersSummary,
  type CommissionRules,
  type Health,
  type MoraSummary,
  type PortfolioSummary,
  type PreferencesFilters,
  type PrizeRules,
  type RendimientoSummary,
  type RevokeResult,
  type SupervisorsScope,
  type TokenPair,
  V1_RESPONSE_BY_ROUTE,
} from '../contract/v1.ts';
import type { ExportSource } from '../exports/layout.ts';
import { expectFile, type FileReply, parseReply } from './expect-ok.ts';
import type { HttpReply, HttpTransport } from './transport.ts';

export interface V1ClientOptions {
  /** Trace ids are `<prefix>-<n>`; default `e2e-<random>`. */
  traceIdPrefix?: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

export interface RawRequestOptions {
  /** Bearer token; default the client's own; null sends no Authorization header. */
  token?: string | null;
  json?: unknown;
  /** Raw body (malformed-body tests); ignored when json is set. */
  body?: string | Uint8Array;
  /** Extra headers; an explicit x-trace-id replaces the generated one. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

type JsonRoute = Exclude<V1RouteId, 'exportCsv' | 'exportPdf' | 'exportAlias'>;
const RESPONSES = V1_RESPONSE_BY_ROUTE satisfies Record<JsonRoute, z.ZodType>;

/** Shared by a client and the clients derived from it, so trace ids never repeat among them. */
interface TraceCounter {
  prefix: string;
  next: number;
}

export class V1Client {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  /** Set only by withToken: the bearer token every request carries. */
  private token: string | undefined;
  private counter: TraceCounter;

  constructor(
    baseUrl: string,
    private readonly transport: HttpTransport,
    options: V1ClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.counter = { prefix: options.traceIdPrefix ?? `e2e-${randomBytes(3).toString('hex')}`, next: 1 };
  }

  /** The same client (same transport, same trace-id sequence), authenticated with `accessToken`. */
  withToken(accessToken: string): V1Client {
    const derived = new V1Client(this.baseUrl, this.transport, { timeoutMs: this.timeoutMs });
    derived.token = accessToken;
    derived.counter = this.counter;
    return derived;
  }

  /** The trace id the next request will carry. */
  nextTraceId(): string {
    return `${this.counter.prefix}-${this.counter.next++}`;
  }

  /** Any request, unparsed: for negative tests (wrong token, bad body, unknown path). */
  raw(method: string, path: string, options: RawRequestOptions = {}): Promise<HttpReply> {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = { accept: 'application/json', 'x-trace-id': this.nextTraceId() };
    if (token) headers.authorization = `Bearer ${token}`;
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return this.transport.send({
      method,
      url: `${this.baseUrl}${path}`,
      headers,
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.body === undefined ? {} : { body: options.body }),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
    });
  }

  /** A contract route, unparsed. */
  send(route: V1RouteId, json?: unknown, options: Omit<RawRequestOptions, 'json'> = {}): Promise<HttpReply> {
    const { method, path } = V1_ROUTES[route];
    return this.raw(method, path, { ...options, ...(json === undefined ? {} : { json }) });
  }

  /** Sends a JSON route and parses the answer with `schema` (the route's entry of V1_RESPONSE_BY_ROUTE). */
  private async call<S extends z.ZodType>(route: JsonRoute, schema: S, json?: unknown): Promise<z.output<S>> {
    return parseReply(await this.send(route, json), schema);
  }

  health(): Promise<Health> {
    return this.call('health', RESPONSES.health);
  }

  login(username: string, password: string): Promise<TokenPair> {
    return this.call('login', RESPONSES.login, { username, password });
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.call('refresh', RESPONSES.refresh, { refresh_token: refreshToken });
  }

  revoke(refreshToken: string): Promise<RevokeResult> {
    return this.call('revoke', RESPONSES.revoke, { refresh_token: refreshToken });
  }

  getScope(): Promise<SupervisorsScope> {
    return this.call('getScope', RESPONSES.getScope);
  }

  setScope(body: SupervisorsScope): Promise<SupervisorsScope> {
    return this.call('setScope', RESPONSES.setScope, body);
  }

  getCommissions(): Promise<CommissionRules> {
    return this.call('getCommissions', RESPONSES.getCommissions);
  }

  setCommissions(body: CommissionRules): Promise<CommissionRules> {
    return this.call('setCommissions', RESPONSES.setCommissions, body);
  }

  getPrizes(): Promise<PrizeRules> {
    return this.call('getPrizes', RESPONSES.getPrizes);
  }

  setPrizes(body: PrizeRules): Promise<PrizeRules> {
    return this.call('setPrizes', RESPONSES.setPrizes, body);
  }

  getPreferences(): Promise<BrokersPreferences> {
    return this.call('getPreferences', RESPONSES.getPreferences);
  }

  setPreferences(filters: PreferencesFilters): Promise<BrokersPreferences> {
    return this.call('setPreferences', RESPONSES.setPreferences, { filters });
  }

  /** Filters are validated (a bad month throws here; send those with raw()) and empty lists dropped. */
  async portfolioSummary(filters: AnalyticsFiltersInput = {}): Promise<PortfolioSummary> {
    return this.call('portfolioSummary', RESPONSES.portfolioSummary, compactFilters(filters));
  }

  async rendimientoSummary(filters: AnalyticsFiltersInput = {}): Promise<RendimientoSummary> {
    return this.call('rendimientoSummary', RESPONSES.rendimientoSummary, compactFilters(filters));
  }

  async moraSummary(filters: AnalyticsFiltersInput = {}): Promise<MoraSummary> {
    return this.call('moraSummary', RESPONSES.moraSummary, compactFilters(filters));
  }

  async brokersSummary(filters: AnalyticsFiltersInput = {}): Promise<BrokersSummary> {
    return this.call('brokersSummary', RESPONSES.brokersSummary, compactFilters(filters));
  }

  /** An analytics summary tagged with its endpoint, with the reply it came from (status, trace id). */
  async summaryWithReply(
    endpoint: ExportEndpoint,
    filters: AnalyticsFiltersInput = {},
  ): Promise<{ summary: ExportSource; reply: HttpReply }> {
    const route = SUMMARY_ROUTE_BY_EXPORT_ENDPOINT[endpoint];
    const reply = await this.send(route, compactFilters(filters));
    const payload = parseReply(reply, RESPONSES[route]);
    // The route is the endpoint's own, so the payload is that endpoint's summary.
    return { summary: { endpoint, payload } as ExportSource, reply };
  }

  async exportCsv(endpoint: ExportEndpoint, filters: AnalyticsFiltersInput = {}): Promise<FileReply> {
    return this.download('exportCsv', { endpoint, filters: compactFilters(filters) }, 'csv');
  }

  async exportPdf(endpoint: ExportEndpoint, filters: AnalyticsFiltersInput = {}): Promise<FileReply> {
    return this.download('exportPdf', { endpoint, filters: compactFilters(filters) }, 'pdf');
  }

  /** The legacy alias POST /analytics/export with `format`. */
  async exportAlias(
    endpoint: ExportEndpoint,
    format: ExportFormat,
    filters: AnalyticsFiltersInput = {},
  ): Promise<FileReply> {
    return this.download('exportAlias', { endpoint, format, filters: compactFilters(filters) }, format);
  }

  private async download(route: V1RouteId, json: unknown, format: ExportFormat): Promise<FileReply> {
    const contentType = EXPORT_CONTENT_TYPES[format];
    const reply = await this.send(route, json, { headers: { accept: `${contentType}, application/json` } });
    return expectFile(reply, contentType);
  }
}
