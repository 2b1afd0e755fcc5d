import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { LEGACY_PATHS, type LegacyPath } from './endpoints.ts';
import { LegacyErrorBody } from './errors.ts';
import { analyticsFilters } from './filters.ts';
import {
  BrokersSummaryPayload,
  CheckFiles,
  CommissionRules,
  LEGACY_RESPONSE_BY_PATH,
  LegacyBrokersRequest,
  LegacyPortfolioSummary,
  MorosoTrendPayload,
  OpsMetrics,
  PerformancePayload,
} from './legacy.ts';

interface GoldenCase {
  case: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string[]>;
  body?: unknown;
  status: number;
  response: unknown;
}

const golden: GoldenCase[] = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
);

function caseNamed(name: string): GoldenCase {
  const found = golden.find((item) => item.case === name);
  if (!found) throw new Error(`golden case ${name} is missing`);
  return found;
}

/** A deep copy of a recorded response, to alter. */
function copyOf(name: string): Record<string, unknown> {
  return structuredClone(caseNamed(name).response) as Record<string, unknown>;
}

function firstIssuePath(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) return '(accepted)';
  return parsed.error.issues[0]?.path.join('.') ?? '';
}

describe('legacy schemas against the 49 recorded answers', () => {
  it('holds the 49 cases the README announces', () => {
    expect(golden).toHaveLength(49);
  });

  const successes = golden.filter((item) => item.status === 200);
  const failures = golden.filter((item) => item.status !== 200);

  it.each(successes.map((item) => [item.case, item] as const))('accepts %s', (_name, item) => {
    const schema: z.ZodType | undefined = LEGACY_RESPONSE_BY_PATH[item.path as LegacyPath];
    expect(schema, `no schema for ${item.path}`).toBeDefined();
    const parsed = schema?.safeParse(item.response);
    expect(parsed?.error?.issues ?? []).toEqual([]);
  });

  it.each(failures.map((item) => [item.case, item] as const))(
    'accepts the error body of %s',
    (_name, item) => {
      expect(item.status).toBe(400);
      expect(LegacyErrorBody.safeParse(item.response).error?.issues ?? []).toEqual([]);
    },
  );

  it('covers every legacy path but the reset with at least one recorded success', () => {
    const recorded = new Set(successes.map((item) => item.path));
    const unrecorded = Object.values(LEGACY_PATHS).filter((path) => !recorded.has(path));
    expect(unrecorded).toEqual([LEGACY_PATHS.opsReset]);
  });

  it('accepts every recorded request: queries as analytics filters, bodies as brokers requests', () => {
    for (const item of golden) {
      if (item.status !== 200) continue;
      if (item.method === 'GET' && item.query && Object.keys(item.query).length > 0) {
        expect(() => analyticsFilters(item.query), item.case).not.toThrow();
      }
      if (item.path === LEGACY_PATHS.brokersSummary) {
        expect(LegacyBrokersRequest.safeParse(item.body).success, item.case).toBe(true);
      }
    }
  });
});

describe('legacy schemas reject altered payloads', () => {
  it('portfolio summary: a missing KPI and a string count fail; a further field is additive', () => {
    const missing = copyOf('summary_un_odontologia');
    delete missing.moroso;
    expect(firstIssuePath(LegacyPortfolioSummary, missing)).toBe('moroso');

    const wrongType = copyOf('summary_un_odontologia');
    wrongType.total = '2204';
    expect(firstIssuePath(LegacyPortfolioSummary, wrongType)).toBe('total');

    const extra = copyOf('summary_un_odontologia');
    extra.byGestion = {};
    expect(LegacyPortfolioSummary.parse(extra)).toEqual(copyOf('summary_un_odontologia'));
  });

  it('portfolio summary: meta must carry cutoff, in any format (the contract gives it none)', () => {
    const noCutoff = copyOf('summary_un_odontologia');
    delete (noCutoff.meta as Record<string, unknown>).cutoff;
    expect(firstIssuePath(LegacyPortfolioSummary, noCutoff)).toBe('meta.cutoff');

    // The customer's system answers "" when nothing matched; the reference server null.
    for (const cutoff of ['', null, '3/2026']) {
      const other = copyOf('summary_un_odontologia');
      (other.meta as Record<string, unknown>).cutoff = cutoff;
      expect(LegacyPortfolioSummary.safeParse(other).success).toBe(true);
    }
    const numeric = copyOf('summary_un_odontologia');
    (numeric.meta as Record<string, unknown>).cutoff = 202603;
    expect(firstIssuePath(LegacyPortfolioSummary, numeric)).toBe('meta.cutoff');
  });

  it('an empty result has no cutoff month: null, or "" as the customer\'s legacy answers it', () => {
    for (const cutoff of [null, '']) {
      const empty = copyOf('summary_un_odontologia');
      (empty.meta as Record<string, unknown>).cutoff = cutoff;
      expect(LegacyPortfolioSummary.safeParse(empty).success).toBe(true);
    }
  });

  it('performance: a breakdown entry without p', () => {
    const altered = copyOf('performance_gestion_month_12_2025');
    const unStats = altered.unStats as Record<string, Record<string, unknown>>;
    delete unStats.ODONTOLOGIA?.p;
    expect(firstIssuePath(PerformancePayload, altered)).toBe('unStats.ODONTOLOGIA.p');
  });

  it('mora: a series shorter than labels, a string label', () => {
    const short = copyOf('moroso_trend_anio_2025');
    (short.avg_cuota as number[]).pop();
    expect(firstIssuePath(MorosoTrendPayload, short)).toBe('avg_cuota');

    const badLabel = copyOf('moroso_trend_anio_2025');
    (badLabel.labels as unknown[])[0] = 202504;
    expect(firstIssuePath(MorosoTrendPayload, badLabel)).toBe('labels.0');
  });

  it('brokers: a row without prize, a month that disagrees with monthPart, a bad prize key', () => {
    const noPrize = copyOf('brokers_q4_2025');
    delete (noPrize.rows as Record<string, unknown>[])[0]?.prize;
    expect(firstIssuePath(BrokersSummaryPayload, noPrize)).toBe('rows.0.prize');

    const mismatch = copyOf('brokers_q4_2025');
    const row = (mismatch.rows as Record<string, unknown>[])[0] ?? {};
    row.monthPart = '11';
    expect(firstIssuePath(BrokersSummaryPayload, mismatch)).toBe('rows.0.month');

    const badKey = copyOf('brokers_all_enabled');
    (badKey.prizeByMonthSup as Record<string, number>)['2025-01 FVBROKEREAS'] = 0;
    expect(firstIssuePath(BrokersSummaryPayload, badKey)).toBe('prizeByMonthSup.2025-01 FVBROKEREAS');
  });

  it('check-files: a string flag, a missing dataset', () => {
    const stringFlag = copyOf('check_files');
    stringFlag.cartera = 'true';
    expect(firstIssuePath(CheckFiles, stringFlag)).toBe('cartera');

    const missing = copyOf('check_files');
    delete missing.contratos;
    expect(firstIssuePath(CheckFiles, missing)).toBe('contratos');
  });

  it('ops metrics: missing request count, a string p95; null timings are accepted', () => {
    const noRequests = copyOf('ops_metrics');
    const byEndpoint = (noRequests.metrics as { by_endpoint: Record<string, Record<string, unknown>> })
      .by_endpoint;
    delete byEndpoint['/analytics/portfolio/summary']?.requests;
    expect(firstIssuePath(OpsMetrics, noRequests)).toBe(
      'metrics.by_endpoint./analytics/portfolio/summary.requests',
    );

    const withTimings = copyOf('ops_metrics');
    const timed = (withTimings.metrics as { by_endpoint: Record<string, Record<string, unknown>> })
      .by_endpoint;
    Object.assign(timed['/analytics/portfolio/trend'] ?? {}, {
      avg_ms: 12.5,
      p95_ms: null,
      last_ms: 3,
      last_ts: 1,
    });
    expect(OpsMetrics.safeParse(withTimings).success).toBe(true);
    Object.assign(timed['/analytics/portfolio/trend'] ?? {}, { p95_ms: '40' });
    expect(firstIssuePath(OpsMetrics, withTimings)).toBe(
      'metrics.by_endpoint./analytics/portfolio/trend.p95_ms',
    );
  });

  it('commission rules: factor as text, a month not MM/YYYY', () => {
    const textFactor = copyOf('legacy_commissions');
    ((textFactor.rules as Record<string, unknown>[])[0] ?? {}).factor = '2.4';
    expect(firstIssuePath(CommissionRules, textFactor)).toBe('rules.0.factor');

    const badMonth = copyOf('legacy_commissions');
    ((badMonth.rules as Record<string, unknown>[])[2] ?? {}).months = ['2026-01'];
    expect(firstIssuePath(CommissionRules, badMonth)).toBe('rules.2.months.0');
  });

  it('legacy error body: details must be present, code must repeat error_code', () => {
    const noDetails = copyOf('error_summary_no_filter');
    delete noDetails.details;
    expect(firstIssuePath(LegacyErrorBody, noDetails)).toBe('details');

    const differing = copyOf('error_summary_no_filter');
    differing.code = 'OTHER';
    expect(firstIssuePath(LegacyErrorBody, differing)).toBe('code');
  });
});
