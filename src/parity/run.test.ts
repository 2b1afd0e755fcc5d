import { describe, expect, it } from 'vitest';
import { LegacyClient } from '../clients/legacy-client.ts';
import { createReply, type HttpRequest, type HttpTransport } from '../clients/transport.ts';
import type { ParityCase } from './case-set.ts';
import { DEFAULT_TOLERANCE } from './kinds.ts';
import { mergeLegacyAnswers } from './legacy-mapping.ts';
import { loadRecording } from './load-recording.ts';
import { describeFailure, judgeRun } from './report.ts';
import { runParityExecution, type V1Fetch } from './run.ts';
import { liveSource, type ParitySource, parityRetryPolicy, recordedSource } from './sources.ts';

const GOLDEN_DIR = new URL('../../fixtures/golden/golden', import.meta.url).pathname;
const TODAY = '2026-01-15';
const FAST_RETRY = { attempts: 3, backoffMs: 1, deadlineMs: 5_000 };
const V1_META = { source: 'api-v1', cutoff: null, filters: {}, signature: 'x', generated_at: 'now' };

async function golden(): Promise<ParitySource> {
  return recordedSource(await loadRecording(GOLDEN_DIR));
}

/** A v1 that answers exactly what the legacy recorded (with its own meta), optionally tampered. */
function echoV1(
  source: ParitySource,
  tamper: (endpoint: string, payload: Record<string, unknown>) => void = () => {},
): V1Fetch {
  return async (parityCase) => {
    const { answers } = await source.legacy(parityCase, { repeat: false });
    const payload = structuredClone(mergeLegacyAnswers(parityCase.endpoint, answers).payload) as Record<
      string,
      unknown
    >;
    const legacyMeta = (payload.meta ?? {}) as Record<string, unknown>;
    payload.meta = { ...V1_META, cutoff: legacyMeta.cutoff ?? null };
    tamper(parityCase.endpoint, payload);
    return payload;
  };
}

const options = { tolerance: DEFAULT_TOLERANCE, deviations: [], today: TODAY };

describe('runParityExecution with the golden recording', () => {
  it('passes when v1 answers what the legacy recorded, compares every case and states source and dataset', async () => {
    const source = await golden();
    const execution = await runParityExecution({ ...options, source, fetchV1: echoV1(source) });
    const verdict = judgeRun(execution.run);
    // Two recorded brokers cases have no rows on either side (a supervisor not enabled for brokers;
    // the runbook's set): reported, not counted as compared.
    expect(verdict).toMatchObject({ verdict: 'pass', cases: 31, failedCases: 0, noDataCases: 2 });
    expect(execution.run.header).toMatchObject({ source: 'recorded', dataset: 'golden' });
    expect(execution.outcomes.find((o) => o.case === 'summary_un_odontologia')?.unrecorded).toEqual([
      'byGestion',
    ]);
    expect(execution.outcomes.find((o) => o.case === 'runbook_portfolio_summary')?.unrecorded).toEqual([]);
  });

  it('compares byGestion only when v1 has it: the contract v1 portfolio is the legacy summary', async () => {
    const source = await golden();
    const run = (tamper: (payload: Record<string, unknown>) => void) =>
      runParityExecution({
        ...options,
        source,
        endpoints: ['portfolio'],
        fetchV1: echoV1(source, (_endpoint, payload) => tamper(payload)),
      });
    const verdictOf = (execution: Awaited<ReturnType<typeof run>>) =>
      execution.run.reports.find((report) => report.caseName === 'runbook_portfolio_summary')?.verdict;
    const without = await run((payload) => delete payload.byGestion);
    expect(verdictOf(without)).toBe('pass');
    // A case that recorded only the trend has nothing v1 must carry: listed with why, not compared.
    const trendOnly = without.run.noData?.filter((entry) => entry.why?.includes('only the trend')) ?? [];
    expect(trendOnly.map((entry) => entry.case)).toContain('trend_vigente_debito');
    expect(judgeRun(without.run).verdict).toBe('pass');
    expect(without.outcomes.find((o) => o.case === 'runbook_portfolio_summary')?.unrecorded).toEqual([
      'byGestion',
    ]);
    const wrong = await run((payload) => {
      const byGestion = payload.byGestion as Record<string, { total: number }> | undefined;
      for (const month of Object.values(byGestion ?? {})) month.total += 1;
    });
    expect(verdictOf(wrong)).toBe('fail');
  });

  it('fails a 2% totalDebt drift naming the path, both values and the tolerance; 0.5% passes', async () => {
    const source = await golden();
    const drift = (factor: number) =>
      runParityExecution({
        ...options,
        source,
        endpoints: ['portfolio'],
        fetchV1: echoV1(source, (endpoint, payload) => {
          if (endpoint === 'portfolio' && typeof payload.totalDebt === 'number') payload.totalDebt *= factor;
        }),
      });
    const twoPercent = await drift(1.02);
    const failing = twoPercent.run.reports.find((report) => report.caseName === 'summary_un_odontologia');
    expect(failing?.verdict).toBe('fail');
    // 702610000 * 1.02 = 716662200; money: tolerance 0.01 * 716662200 = 7166622
    expect(failing && describeFailure(failing)).toContain('first drift: totalDebt');
    expect(failing && describeFailure(failing)).toContain('v1     = 716662200');
    expect(failing && describeFailure(failing)).toContain('legacy = 702610000');
    expect(failing && describeFailure(failing)).toContain('tolerance = 7166622');
    expect(judgeRun((await drift(1.005)).run).verdict).toBe('pass');
  });

  it('only the requested endpoints are run', async () => {
    const source = await golden();
    const execution = await runParityExecution({
      ...options,
      source,
      endpoints: ['mora'],
      fetchV1: echoV1(source),
    });
    expect(new Set(execution.outcomes.map((o) => o.endpoint))).toEqual(new Set(['mora']));
    expect(execution.outcomes).toHaveLength(6);
  });

  it('a v1 error fails its case with the reason instead of aborting the run', async () => {
    const source = await golden();
    const execution = await runParityExecution({
      ...options,
      source,
      endpoints: ['brokers'],
      fetchV1: async () => {
        throw new Error('POST /analytics/brokers/summary -> HTTP 403');
      },
    });
    expect(execution.run.reports).toHaveLength(8);
    expect(execution.run.reports[0]?.reasons).toEqual(['v1: POST /analytics/brokers/summary -> HTTP 403']);
  });

  it('v1 is never retried: a 500 that a second call would have passed fails its case', async () => {
    const source = await golden();
    let calls = 0;
    const answer = echoV1(source);
    const execution = await runParityExecution({
      ...options,
      source,
      endpoints: ['mora'],
      fetchV1: async (parityCase) => {
        calls += 1;
        if (calls === 1) throw new Error('POST /analytics/mora/summary -> HTTP 500 (trace_id t1)');
        return answer(parityCase);
      },
    });
    expect(calls).toBe(execution.run.reports.length);
    expect(execution.run.reports[0]?.reasons).toEqual([
      'v1: POST /analytics/mora/summary -> HTTP 500 (trace_id t1)',
    ]);
    expect(execution.retries.filter((retry) => retry.side !== 'legacy')).toEqual([]);
    expect(judgeRun(execution.run).verdict).toBe('fail');
  });

  it('an expired registry entry fails the run even when every case passes', async () => {
    const source = await golden();
    const expired = {
      deviation: { path: 'totalDebt', reason: 'old', until: '2025-12-31' },
      until: '2025-12-31',
      today: TODAY,
      message: 'deviation for "totalDebt" expired on 2025-12-31',
    };
    const execution = await runParityExecution({
      ...options,
      source,
      endpoints: ['mora'],
      registryErrors: [expired],
      fetchV1: echoV1(source),
    });
    expect(judgeRun(execution.run)).toMatchObject({ verdict: 'fail', failedCases: 0 });
  });
});

/** A fake legacy: answers by path, counting calls. */
function fakeLegacy(answer: (request: HttpRequest, call: number) => { status: number; body: unknown }) {
  let calls = 0;
  const requests: HttpRequest[] = [];
  const transport: HttpTransport = {
    async send(request) {
      calls += 1;
      requests.push(request);
      const { status, body } = answer(request, calls);
      return createReply({
        status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        url: request.url,
        method: request.method,
      });
    },
  };
  return { client: new LegacyClient('http://legacy.test', transport), requests };
}

const MORA_CASE: ParityCase = {
  name: 'mora_2025',
  endpoint: 'mora',
  filters: { anio: ['2025'], un: ['A', 'B'] },
};
const MORA = {
  labels: ['01/2025'],
  moroso_transition_count: [1],
  vigente_base_count: [10],
  moroso_transition_pct: [10],
  avg_cuota: [100],
  meta: { source: 'api', cutoff: '01/2025', filters: {} },
};

/** A mora answer with no month: no data for the filters. */
const EMPTY_MORA = {
  ...MORA,
  labels: [],
  moroso_transition_count: [],
  vigente_base_count: [],
  moroso_transition_pct: [],
  avg_cuota: [],
};

describe('live source', () => {
  it('sends repeated query parameters, retries a 503 and records the retry', async () => {
    const legacy = fakeLegacy((_request, call) =>
      call === 1 ? { status: 503, body: {} } : { status: 200, body: MORA },
    );
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE], retry: FAST_RETRY });
    const execution = await runParityExecution({
      ...options,
      source,
      fetchV1: async () => ({ ...MORA, meta: { ...V1_META, cutoff: '01/2025' } }),
    });
    expect(judgeRun(execution.run).verdict).toBe('pass');
    expect(legacy.requests[0]?.url).toBe(
      'http://legacy.test/analytics/movement/moroso-trend?un=A&un=B&anio=2025',
    );
    expect(execution.retries).toEqual([
      expect.objectContaining({ case: 'mora_2025', side: 'legacy', status: 503, attempt: 1 }),
    ]);
  });

  it('does not retry a 4xx: the case fails naming the legacy answer', async () => {
    const legacy = fakeLegacy(() => ({ status: 400, body: { error_code: 'FILTER_REQUIRED' } }));
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE], retry: FAST_RETRY });
    const execution = await runParityExecution({ ...options, source, fetchV1: async () => MORA });
    expect(legacy.requests).toHaveLength(1);
    expect(execution.run.reports[0]?.reasons[0]).toMatch(/answered HTTP 400 FILTER_REQUIRED/);
  });

  it('an empty {meta} legacy answer is nothing comparable and a contract break, never a pass', async () => {
    const legacy = fakeLegacy(() => ({ status: 200, body: { meta: MORA.meta } }));
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE], retry: FAST_RETRY });
    const execution = await runParityExecution({ ...options, source, fetchV1: async () => MORA });
    const reasons = execution.run.reports[0]?.reasons ?? [];
    expect(execution.run.reports[0]?.verdict).toBe('fail');
    expect(reasons[0]).toMatch(
      /^legacy GET \/analytics\/movement\/moroso-trend answer breaks the contract 5 issues: at labels: /,
    );
    // Every missing series is named, not counted.
    for (const series of [
      'moroso_transition_count',
      'vigente_base_count',
      'moroso_transition_pct',
      'avg_cuota',
    ])
      expect(reasons[0]).toContain(`at ${series}: expected array, received nothing (missing)`);
    expect(reasons.some((reason) => reason.startsWith('nothing comparable'))).toBe(true);
  });

  it('a case with no data on either side is reported as such, not compared; one side empty is compared', async () => {
    const empty = EMPTY_MORA;
    const legacy = fakeLegacy(() => ({ status: 200, body: empty }));
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE], retry: FAST_RETRY });
    const both = await runParityExecution({
      ...options,
      source,
      fetchV1: async () => ({ ...empty, meta: V1_META }),
    });
    expect(both.run.reports).toEqual([]);
    expect(both.run.noData).toEqual([{ case: 'mora_2025', endpoint: 'mora', filters: MORA_CASE.filters }]);
    expect(both.outcomes[0]?.verdict).toBe('no-data');
    const verdict = judgeRun(both.run);
    expect(verdict).toMatchObject({ verdict: 'fail', cases: 0, noDataCases: 1, comparedCount: 0 });
    expect(verdict.reasons).toEqual([
      'mora: no comparable case: all 1 case(s) had no data on either side, so nothing was compared',
    ]);
    const oneSide = await runParityExecution({
      ...options,
      source,
      fetchV1: async () => ({ ...MORA, meta: V1_META }),
    });
    expect(oneSide.run.noData).toBeUndefined();
    expect(oneSide.run.reports[0]?.verdict).toBe('fail');
  });

  it('an endpoint with one comparable case passes beside its no-data cases; problems fail the run', async () => {
    const emptyCase = { ...MORA_CASE, name: 'mora_empty', filters: { anio: ['1999'] } };
    const legacy = fakeLegacy((request) =>
      request.url.includes('1999') ? { status: 200, body: EMPTY_MORA } : { status: 200, body: MORA },
    );
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE, emptyCase], retry: FAST_RETRY });
    const fetchV1: V1Fetch = async (parityCase) => {
      const { answers } = await source.legacy(parityCase, { repeat: false });
      return { ...(answers[0]?.body as object), meta: { ...V1_META, cutoff: '01/2025' } };
    };
    const execution = await runParityExecution({ ...options, source, fetchV1 });
    expect(judgeRun(execution.run)).toMatchObject({ verdict: 'pass', cases: 1, noDataCases: 1 });
    const withProblem = await runParityExecution({ ...options, source, fetchV1, problems: ['no values'] });
    expect(judgeRun(withProblem.run)).toMatchObject({ verdict: 'fail', reasons: ['no values'] });
  });

  it('learns Diffy noise from two legacy calls and skips it (and reuses it in the next execution)', async () => {
    const legacy = fakeLegacy((_request, call) => ({
      status: 200,
      body: { ...MORA, avg_cuota: [100 + call * 50] },
    }));
    const source = liveSource({ legacy: legacy.client, cases: [MORA_CASE], retry: FAST_RETRY });
    const v1 = async () => ({ ...MORA, avg_cuota: [999] });
    const first = await runParityExecution({ ...options, source, fetchV1: v1, learnNoise: true });
    expect(legacy.requests).toHaveLength(2);
    expect(first.noise.get('mora_2025')).toEqual(['avg_cuota[labels="01/2025"]']);
    expect(judgeRun(first.run).verdict).toBe('pass');
    const second = await runParityExecution({ ...options, source, fetchV1: v1, knownNoise: first.noise });
    expect(legacy.requests).toHaveLength(3);
    expect(judgeRun(second.run).verdict).toBe('pass');
    const withoutNoise = await runParityExecution({ ...options, source, fetchV1: v1 });
    expect(judgeRun(withoutNoise.run).verdict).toBe('fail');
  });
});

describe('parityRetryPolicy', () => {
  it('PARITY_RETRIES retries after the first try, 250 ms doubling to at most 2 s, within 10 s', () => {
    expect(parityRetryPolicy(2)).toEqual({
      attempts: 3,
      backoffMs: 250,
      backoffFactor: 2,
      maxBackoffMs: 2000,
      deadlineMs: 10_000,
    });
    expect(parityRetryPolicy(0).attempts).toBe(1);
  });
});
