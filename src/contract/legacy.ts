// The legacy dashboard's payloads (docs/contract.md "Legacy dashboard"), checked against the 49
// recorded answers in fixtures/golden/golden/legacy_expected.json. API v1 reuses the analytics
// payload shapes and the brokers config rules (v1.ts imports them from here: one truth). Answers
// are open objects: the contract makes fields beyond the documented ones additive, so only the
// documented fields are required (with their types) and others are accepted and left out of the
// parsed value. Requests the suite sends stay closed.
import { z } from 'zod';
import { LEGACY_PATHS, type LegacyPath } from './endpoints.ts';
import { ALL_MARKER, MONTH_YEAR_PATTERN, MonthYear, Year } from './filters.ts';

const count = z.number().int().nonnegative();
const amount = z.number();

// ---------------------------------------------------------------- operator endpoints

export const CheckFiles = z.object({
  cartera: z.boolean(),
  cobranzas: z.boolean(),
  gestores: z.boolean(),
  contratos: z.boolean(),
  analytics: z.boolean(),
  analytics_meta: z.boolean(),
});
export type CheckFiles = z.output<typeof CheckFiles>;

/** The four CSV datasets every analytics number needs (analytics/analytics_meta are optional caches). */
export const REQUIRED_DATASETS = ['cartera', 'cobranzas', 'gestores', 'contratos'] as const;

/**
 * One endpoint's cumulative counters. The timing fields and `started_at` are optional and nullable
 * because the recorded example lacks them (the recorder dropped them as run-dependent), so the one
 * real payload we hold cannot prove their presence; an endpoint with no timed request yet may also
 * report them as null. The cutover monitor treats a missing p95 as "no data", never as 0.
 */
const OpsEndpointMetrics = z.object({
  requests: count,
  errors: count,
  error_rate_pct: z.number().min(0).max(100),
  cache_hits: count,
  cache_hit_rate_pct: z.number().min(0).max(100),
  avg_ms: z.number().nonnegative().nullable().optional(),
  p95_ms: z.number().nonnegative().nullable().optional(),
  last_ms: z.number().nonnegative().nullable().optional(),
  last_ts: z.number().nullable().optional(),
});

export const OpsMetrics = z.object({
  meta: z.object({ source: z.string().min(1) }),
  metrics: z.object({
    /** Epoch seconds of the start or last reset (optional: see OpsEndpointMetrics). */
    started_at: z.number().nullable().optional(),
    by_endpoint: z.record(z.string().startsWith('/'), OpsEndpointMetrics),
  }),
});
export type OpsMetrics = z.output<typeof OpsMetrics>;

/** `{"ok": true, ...}`: the contract names only `ok`. */
export const OpsReset = z.looseObject({ ok: z.literal(true) });
export type OpsReset = z.output<typeof OpsReset>;

// ---------------------------------------------------------------- analytics payloads

/**
 * `meta` of every analytics payload: the contract names `source`, `signature`, `cutoff` and
 * `filters` and gives none of them a format. `signature` is volatile and absent from every recorded
 * case, so it is optional. `cutoff` must be there, any text or null: the KPIs define it as the
 * latest gestion month in the result, and an empty result has none (the reference server answers
 * null, the customer's system ""). Loose: v1 may add volatile fields such as `generated_at`
 * (parity leaves them out).
 */
export const AnalyticsMeta = z.looseObject({
  source: z.string(),
  signature: z.string().optional(),
  cutoff: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
});
export type AnalyticsMeta = z.output<typeof AnalyticsMeta>;

const monthKeyed = <T extends z.ZodType>(value: T) => z.record(MonthYear, value);

/** Portfolio KPI counts and sums (docs/kpis.md "Portfolio summary"). */
export const portfolioSummaryFields = {
  total: count,
  vigente: count,
  moroso: count,
  cobrador: count,
  debito: count,
  totalDebt: amount,
  totalPaid: amount,
};

export const LegacyPortfolioSummary = z.object({ ...portfolioSummaryFields, meta: AnalyticsMeta });
export type LegacyPortfolioSummary = z.output<typeof LegacyPortfolioSummary>;

const ByGestionEntry = z.object({
  total: count,
  vigente: count,
  moroso: count,
  cobrador: count,
  debito: count,
  debt: amount,
  paid: amount,
  paidContracts: count,
});
export const ByGestion = monthKeyed(ByGestionEntry);

export const LegacyPortfolioTrend = z.object({ byGestion: ByGestion, meta: AnalyticsMeta });
export type LegacyPortfolioTrend = z.output<typeof LegacyPortfolioTrend>;

const debtPaid = z.object({ d: amount, p: amount });

/** The rendimiento payload (GET /analytics/performance/by-management-month; v1 rendimiento). */
export const PerformancePayload = z.object({
  totalDebt: amount,
  totalPaid: amount,
  totalContracts: count,
  totalContractsPaid: count,
  /** Keyed by tramo as the CSV text ("5" and "5.0" are different keys). */
  tramoStats: z.record(z.string(), debtPaid),
  unStats: z.record(z.string(), debtPaid),
  viaCStats: z.record(z.string(), debtPaid),
  gestorStats: z.record(z.string(), debtPaid),
  /** matrixStats[via_cobro][via_pago] = paid amount. */
  matrixStats: z.record(z.string(), z.record(z.string(), amount)),
  trendStats: monthKeyed(z.object({ d: amount, p: amount, c: count, cp: count })),
  meta: AnalyticsMeta,
});
export type PerformancePayload = z.output<typeof PerformancePayload>;

const MORA_SERIES = [
  'moroso_transition_count',
  'vigente_base_count',
  'moroso_transition_pct',
  'avg_cuota',
] as const;

/** The mora payload (GET /analytics/movement/moroso-trend; v1 mora): arrays aligned on `labels`. */
export const MorosoTrendPayload = z
  .object({
    labels: z.array(MonthYear),
    moroso_transition_count: z.array(count),
    vigente_base_count: z.array(count),
    moroso_transition_pct: z.array(z.number().nonnegative()),
    avg_cuota: z.array(z.number().nonnegative()),
    meta: AnalyticsMeta,
  })
  .superRefine((payload, ctx) => {
    for (const series of MORA_SERIES) {
      if (payload[series].length !== payload.labels.length) {
        ctx.addIssue({
          code: 'custom',
          path: [series],
          message: `has ${payload[series].length} values for ${payload.labels.length} labels`,
        });
      }
    }
  });
export type MorosoTrendPayload = z.output<typeof MorosoTrendPayload>;

const AnualesRow = z.object({
  year: Year,
  contracts: count,
  contractsVigentes: count,
  tkpContrato: amount,
  tkpTransaccional: amount,
  tkpPago: amount,
  culminados: count,
  culminadosVigentes: count,
  tkpContratoCulminado: amount,
  tkpPagoCulminado: amount,
  tkpContratoCulminadoVigente: amount,
  tkpPagoCulminadoVigente: amount,
  ltvCulminadoVigente: amount,
});
export const AnualesSummary = z.object({
  rows: z.array(AnualesRow),
  cutoff: MonthYear.nullable(),
  meta: AnalyticsMeta,
});
export type AnualesSummary = z.output<typeof AnualesSummary>;

// ---------------------------------------------------------------- brokers

const names = z.array(z.string());

/** `MM/YYYY__SUPERVISOR`. */
const MONTH_SUPERVISOR_KEY_PATTERN = new RegExp(`${MONTH_YEAR_PATTERN.source.slice(0, -1)}__.+$`);

export const BrokersRow = z
  .object({
    month: MonthYear,
    year: Year,
    monthPart: z.string().regex(/^(0[1-9]|1[0-2])$/),
    supervisor: z.string().min(1),
    un: z.string().min(1),
    via: z.enum(['COBRADOR', 'DEBITO', 'S/D']),
    /** Rows exist only for (month, supervisor, UN, via) groups with sales. */
    count: z.number().int().positive(),
    montoCuota: amount,
    commission: amount,
    mora3m: count,
    prize: amount,
  })
  .refine((row) => row.month === `${row.monthPart}/${row.year}`, {
    message: 'month is not monthPart/year',
    path: ['month'],
  });
export type BrokersRow = z.output<typeof BrokersRow>;

const prizeMap = z.record(z.string().regex(MONTH_SUPERVISOR_KEY_PATTERN), amount);

const brokersSummaryFields = {
  rows: z.array(BrokersRow),
  prizeByMonthSup: prizeMap,
  unifiedPrizeByMonthSup: prizeMap,
  summary: z.object({ totalContracts: count, totalSupervisors: count }),
};

/** The legacy POST /api/brokers/summary answer: `{rows, prizeByMonthSup, unifiedPrizeByMonthSup, summary}`. */
export const BrokersSummaryPayload = z.object(brokersSummaryFields);
export type BrokersSummaryPayload = z.output<typeof BrokersSummaryPayload>;

/**
 * The v1 brokers summary: the contract says `{rows: [...], ...}`, so only `rows` is required; the
 * legacy's other fields are checked when present (parity still compares them with the legacy's).
 */
export const brokersSummaryV1Fields = {
  rows: brokersSummaryFields.rows,
  prizeByMonthSup: brokersSummaryFields.prizeByMonthSup.optional(),
  unifiedPrizeByMonthSup: brokersSummaryFields.unifiedPrizeByMonthSup.optional(),
  summary: brokersSummaryFields.summary.optional(),
};

/** Legacy POST /api/brokers/summary body; every key optional (the recorded cases omit empty ones). */
export const LegacyBrokersRequest = z.strictObject({
  supervisors: names.optional(),
  uns: names.optional(),
  years: z.array(Year).optional(),
  months: z.array(MonthYear).optional(),
  vias: names.optional(),
});
export type LegacyBrokersRequest = z.output<typeof LegacyBrokersRequest>;

// ---------------------------------------------------------------- brokers config (legacy JSON shapes)

/** A month in a rule: `MM/YYYY` or `__ALL__`. */
const ruleMonth = z.union([MonthYear, z.literal(ALL_MARKER)]);

export const CommissionRule = z.object({
  supervisors: names,
  uns: names,
  vias: names,
  months: z.array(ruleMonth),
  factor: z.number(),
});
export type CommissionRule = z.output<typeof CommissionRule>;

const PrizeScale = z.object({ minPct: z.number(), prize: z.number() });
export const PrizeRule = z.object({
  supervisors: names,
  uns: names,
  months: z.array(ruleMonth),
  meta: z.number(),
  scales: z.array(PrizeScale),
});
export type PrizeRule = z.output<typeof PrizeRule>;

export const CommissionRules = z.object({ rules: z.array(CommissionRule) });
export type CommissionRules = z.output<typeof CommissionRules>;
export const PrizeRules = z.object({ rules: z.array(PrizeRule) });
export type PrizeRules = z.output<typeof PrizeRules>;
export const SupervisorsList = z.object({ supervisors: names });
export type SupervisorsList = z.output<typeof SupervisorsList>;

/**
 * The legacy config POST answer is not specified by the contract and was not recorded: any JSON
 * object is accepted, and callers confirm a write by reading the config back.
 */
export const LegacyConfigWriteReply = z.looseObject({});

/** The success schema of each legacy path (config paths: the GET answer). */
export const LEGACY_RESPONSE_BY_PATH = {
  [LEGACY_PATHS.checkFiles]: CheckFiles,
  [LEGACY_PATHS.opsMetrics]: OpsMetrics,
  [LEGACY_PATHS.opsReset]: OpsReset,
  [LEGACY_PATHS.portfolioSummary]: LegacyPortfolioSummary,
  [LEGACY_PATHS.portfolioTrend]: LegacyPortfolioTrend,
  [LEGACY_PATHS.performance]: PerformancePayload,
  [LEGACY_PATHS.morosoTrend]: MorosoTrendPayload,
  [LEGACY_PATHS.anualesSummary]: AnualesSummary,
  [LEGACY_PATHS.brokersSummary]: BrokersSummaryPayload,
  [LEGACY_PATHS.commissions]: CommissionRules,
  [LEGACY_PATHS.prizes]: PrizeRules,
  [LEGACY_PATHS.brokersSupervisors]: SupervisorsList,
} as const satisfies Record<LegacyPath, z.ZodType>;
