// API v1 request and response bodies (docs/contract.md "API v1"). Answers are open objects: a
// missing or mistyped documented field fails the parse, a field beyond them is additive (the
// contract says so) and left out of the parsed value. Requests the suite sends are closed. The
// analytics payloads and brokers config rules are the legacy shapes (legacy.ts), as the contract says.
import { z } from 'zod';
import { EXPORT_ENDPOINTS, EXPORT_FORMATS, type V1RouteId } from './endpoints.ts';
import { AnalyticsFilters } from './filters.ts';
import {
  AnalyticsMeta,
  ByGestion,
  brokersSummaryV1Fields,
  CommissionRule,
  CommissionRules,
  MorosoTrendPayload,
  PerformancePayload,
  PrizeRule,
  PrizeRules,
  portfolioSummaryFields,
} from './legacy.ts';
import { PERMISSIONS, ROLES } from './permissions.ts';

export { CommissionRule, CommissionRules, PrizeRule, PrizeRules };

/** A compact JWS: three base64url segments (header.payload.signature). */
const JWT_PATTERN = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+$/;

// ---------------------------------------------------------------- health and auth

export const Health = z.object({ ok: z.literal(true), service: z.literal('cobranzas-api-v1') });
export type Health = z.output<typeof Health>;

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(128),
});
export type LoginRequest = z.output<typeof LoginRequest>;

export const RefreshRequest = z.strictObject({ refresh_token: z.string().min(10).max(1024) });
export type RefreshRequest = z.output<typeof RefreshRequest>;

/** Login and refresh answer the same pair; refresh returns a new refresh token. */
export const TokenPair = z.object({
  access_token: z.string().regex(JWT_PATTERN, 'expected a JWT'),
  refresh_token: z.string().regex(JWT_PATTERN, 'expected a JWT'),
  token_type: z.literal('bearer'),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type TokenPair = z.output<typeof TokenPair>;

/** `{ok: true}` when a session was revoked, `{ok: false}` when the token was unknown. */
export const RevokeResult = z.object({ ok: z.boolean() });
export type RevokeResult = z.output<typeof RevokeResult>;

// ---------------------------------------------------------------- brokers config and preferences

/** Stored trimmed, upper-cased, de-duplicated and sorted (tests check that; the shape is here). */
export const SupervisorsScope = z.object({ supervisors: z.array(z.string()) });
export type SupervisorsScope = z.output<typeof SupervisorsScope>;

// Commission and prize bodies are `{rules: [...]}` both ways: CommissionRules / PrizeRules (legacy.ts).

export const PreferencesFilters = z.object({
  supervisors: z.array(z.string()),
  uns: z.array(z.string()),
  vias: z.array(z.string()),
  years: z.array(z.string()),
  months: z.array(z.string()),
});
export type PreferencesFilters = z.output<typeof PreferencesFilters>;

/**
 * Request and response of /brokers/preferences. The contract says the response is "the saved
 * filters"; we read that as the same `{filters: {...}}` envelope as the request, with its five
 * lists required and any further field additive.
 */
export const BrokersPreferences = z.object({ filters: PreferencesFilters });
export type BrokersPreferences = z.output<typeof BrokersPreferences>;

// ---------------------------------------------------------------- analytics

/** The legacy portfolio summary (with its meta); a server may add the per-gestion-month breakdown. */
export const PortfolioSummary = z.object({
  ...portfolioSummaryFields,
  // Not part of the contract's v1 portfolio (the legacy summary); additive when a server adds it.
  byGestion: ByGestion.optional(),
  meta: AnalyticsMeta,
});
export type PortfolioSummary = z.output<typeof PortfolioSummary>;

export const RendimientoSummary = PerformancePayload;
export type RendimientoSummary = z.output<typeof RendimientoSummary>;

export const MoraSummary = MorosoTrendPayload;
export type MoraSummary = z.output<typeof MoraSummary>;

/**
 * `{rows: [...], ...}`: rows required, the legacy payload's other fields checked when present. A
 * `meta` is additive here: the contract's analytics meta (source, cutoff, filters) is the legacy
 * GETs' and the legacy brokers POST has none; the customer's v1 sends `{"source": "api-v1"}`, the
 * reference server's v1 the full analytics meta. Kept open and unchecked.
 */
export const BrokersSummary = z.object({
  ...brokersSummaryV1Fields,
  meta: z.looseObject({}).optional(),
});
export type BrokersSummary = z.output<typeof BrokersSummary>;

// ---------------------------------------------------------------- exports

/** Filters as sent: any subset of the nine keys. */
const FiltersBody = AnalyticsFilters.partial();

export const ExportRequest = z.strictObject({
  endpoint: z.enum(EXPORT_ENDPOINTS),
  filters: FiltersBody,
});
export type ExportRequest = z.output<typeof ExportRequest>;

export const ExportAliasRequest = z.strictObject({
  endpoint: z.enum(EXPORT_ENDPOINTS),
  format: z.enum(EXPORT_FORMATS),
  filters: FiltersBody,
});
export type ExportAliasRequest = z.output<typeof ExportAliasRequest>;

/** The success body schema of each v1 route; null for the exports (CSV / PDF bytes, not JSON). */
export const V1_RESPONSE_BY_ROUTE = {
  health: Health,
  login: TokenPair,
  refresh: TokenPair,
  revoke: RevokeResult,
  getScope: SupervisorsScope,
  setScope: SupervisorsScope,
  getCommissions: CommissionRules,
  setCommissions: CommissionRules,
  getPrizes: PrizeRules,
  setPrizes: PrizeRules,
  getPreferences: BrokersPreferences,
  setPreferences: BrokersPreferences,
  portfolioSummary: PortfolioSummary,
  rendimientoSummary: RendimientoSummary,
  moraSummary: MoraSummary,
  brokersSummary: BrokersSummary,
  exportCsv: null,
  exportPdf: null,
  exportAlias: null,
} as const satisfies Record<V1RouteId, z.ZodType | null>;
