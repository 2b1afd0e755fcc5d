// The legacy dashboard client: operator endpoints, the five analytics GETs (filters as repeated
// query parameters), the brokers summary POST and the legacy JSON config. Every answer is parsed.
import { randomBytes } from 'node:crypto';
import { LEGACY_PATHS } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, compactFilters, toLegacyQuery } from '../contract/filters.ts';
import {
  AnualesSummary,
  BrokersSummaryPayload,
  CheckFiles,
  CommissionRules,
  LegacyBrokersRequest,
  LegacyConfigWriteReply,
  LegacyPortfolioSummary,
  LegacyPortfolioTrend,
  MorosoTrendPayload,
  OpsMetrics,
  OpsReset,
  PerformancePayload,
  PrizeRules,
  SupervisorsList,
} from '../contract/legacy.ts';
import { parseReply } from './expect-ok.ts';
import type { HttpReply, HttpTransport } from './transport.ts';

export interface LegacyClientOptions {
  /** Trace ids are `<prefix>-<n>` (the legacy ignores them; proxies and logs may not). */
  traceIdPrefix?: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

export interface LegacyRawOptions {
  /** Analytics filters (validated, repeated parameters) or ready-made parameters (sent as given). */
  query?: AnalyticsFiltersInput | URLSearchParams;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export class LegacyClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly traceIdPrefix: string;
  private traceCounter = 1;

  constructor(
    baseUrl: string,
    private readonly transport: HttpTransport,
    options: LegacyClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.traceIdPrefix = options.traceIdPrefix ?? `legacy-${randomBytes(3).toString('hex')}`;
  }

  /** Any request, unparsed: for the legacy's own error answers (no filter, bad month, bad body). */
  raw(method: string, path: string, options: LegacyRawOptions = {}): Promise<HttpReply> {
    const query =
      options.query === undefined
        ? ''
        : (options.query instanceof URLSearchParams
            ? options.query
            : toLegacyQuery(compactFilters(options.query))
          ).toString();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-trace-id': `${this.traceIdPrefix}-${this.traceCounter++}`,
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return this.transport.send({
      method,
      url: `${this.baseUrl}${path}${query === '' ? '' : `?${query}`}`,
      headers,
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.body === undefined ? {} : { body: options.body }),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
    });
  }

  async checkFiles(): Promise<CheckFiles> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.checkFiles), CheckFiles);
  }

  async opsMetrics(): Promise<OpsMetrics> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.opsMetrics), OpsMetrics);
  }

  /** Resets the cumulative ops metrics (a GET, as the legacy defines it). */
  async opsReset(): Promise<OpsReset> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.opsReset), OpsReset);
  }

  // The legacy refuses an analytics GET without any filter (400 FILTER_REQUIRED): use raw() for that.

  async portfolioSummary(filters: AnalyticsFiltersInput): Promise<LegacyPortfolioSummary> {
    return parseReply(
      await this.raw('GET', LEGACY_PATHS.portfolioSummary, { query: filters }),
      LegacyPortfolioSummary,
    );
  }

  async portfolioTrend(filters: AnalyticsFiltersInput): Promise<LegacyPortfolioTrend> {
    return parseReply(
      await this.raw('GET', LEGACY_PATHS.portfolioTrend, { query: filters }),
      LegacyPortfolioTrend,
    );
  }

  async performance(filters: AnalyticsFiltersInput): Promise<PerformancePayload> {
    return parseReply(
      await this.raw('GET', LEGACY_PATHS.performance, { query: filters }),
      PerformancePayload,
    );
  }

  async morosoTrend(filters: AnalyticsFiltersInput): Promise<MorosoTrendPayload> {
    return parseReply(
      await this.raw('GET', LEGACY_PATHS.morosoTrend, { query: filters }),
      MorosoTrendPayload,
    );
  }

  async anualesSummary(filters: AnalyticsFiltersInput): Promise<AnualesSummary> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.anualesSummary, { query: filters }), AnualesSummary);
  }

  /** Body keys: supervisors, uns, years, months, vias (see toLegacyBrokersBody for v1 filters). */
  async brokersSummary(body: LegacyBrokersRequest = {}): Promise<BrokersSummaryPayload> {
    const json = LegacyBrokersRequest.parse(body);
    return parseReply(await this.raw('POST', LEGACY_PATHS.brokersSummary, { json }), BrokersSummaryPayload);
  }

  async getCommissions(): Promise<CommissionRules> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.commissions), CommissionRules);
  }

  async getPrizes(): Promise<PrizeRules> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.prizes), PrizeRules);
  }

  async getSupervisors(): Promise<SupervisorsList> {
    return parseReply(await this.raw('GET', LEGACY_PATHS.brokersSupervisors), SupervisorsList);
  }

  // Writes: the contract does not define the answer, so any JSON object is accepted; read back to confirm.

  async setCommissions(body: CommissionRules): Promise<Record<string, unknown>> {
    return parseReply(
      await this.raw('POST', LEGACY_PATHS.commissions, { json: body }),
      LegacyConfigWriteReply,
    );
  }

  async setPrizes(body: PrizeRules): Promise<Record<string, unknown>> {
    return parseReply(await this.raw('POST', LEGACY_PATHS.prizes, { json: body }), LegacyConfigWriteReply);
  }

  async setSupervisors(body: SupervisorsList): Promise<Record<string, unknown>> {
    return parseReply(
      await this.raw('POST', LEGACY_PATHS.brokersSupervisors, { json: body }),
      LegacyConfigWriteReply,
    );
  }
}
