import { FILTER_KEYS } from '../../src/contract/filters.ts';
import { expect, test } from '../../src/gate-fixtures/analytics.ts';
import { PARITY_ENDPOINTS } from '../../src/parity/case-set.ts';
import { describeFailure, judgeRun, renderJsonReport, renderTextReport } from '../../src/parity/report.ts';
import { runParityExecution } from '../../src/parity/run.ts';

// Runbook "Gates de cierre tecnico" 3 and T+30/T+60: parity_check_analytics_v1.py must pass two
// consecutive executions, and the critical KPIs (brokers, mora) must match the legacy. Each endpoint
// runs its cases twice in a row; the first execution also learns the legacy's own noise (Diffy: a
// live legacy is called twice per case) and the second reuses it.
const RUNS = 2;

function source(
  header: Readonly<Record<string, string>>,
  runHeader: Readonly<Record<string, string>> = {},
): string {
  return `source ${runHeader.source ?? '?'}, dataset ${runHeader.dataset ?? '?'}, legacy ${runHeader.legacy ?? '?'}, target ${header.target ?? '?'}`;
}

test.describe('parity with the legacy dashboard', { tag: ['@analytics', '@parity', '@runbook-T30'] }, () => {
  test('the parity case set covers every endpoint and filter, against the legacy of the same dataset', async ({
    parity,
    target,
    evidence,
  }) => {
    const { source, recording } = parity;
    await evidence('parity-source', {
      ...parity.header,
      source: source.kind,
      dataset: source.dataset,
      legacy: source.location,
      cases: source.cases.map((c) => ({ name: c.name, endpoint: c.endpoint, filters: c.filters })),
      skippedRecordings: recording?.skipped ?? [],
    });
    if (recording) {
      expect(recording.dataset, 'recordings of another dataset must never judge this target').toBe(
        target.dataset,
      );
    }
    expect(source.cases.length, 'at least 12 parity cases per dataset').toBeGreaterThanOrEqual(12);
    expect(new Set(source.cases.map((c) => c.endpoint)), 'every endpoint has cases').toEqual(
      new Set(PARITY_ENDPOINTS),
    );
    const filterKeys = new Set(source.cases.flatMap((c) => Object.keys(c.filters)));
    expect(
      FILTER_KEYS.filter((key) => !filterKeys.has(key)),
      'filters no parity case exercises',
    ).toEqual([]);
  });

  for (const endpoint of PARITY_ENDPOINTS) {
    test(`${endpoint} summary matches the legacy dashboard in ${RUNS} consecutive parity runs`, async ({
      parity,
      evidence,
    }) => {
      let noise: Map<string, string[]> | undefined;
      for (let run = 1; run <= RUNS; run++) {
        await test.step(`parity run ${run} of ${RUNS}`, async () => {
          const execution = await runParityExecution({
            source: parity.source,
            fetchV1: parity.fetchV1,
            endpoints: [endpoint],
            tolerance: parity.compareBy,
            deviations: parity.deviations,
            registryErrors: parity.registryErrors,
            problems: parity.problems,
            ...(parity.liveLegacy ? { liveLegacy: parity.liveLegacy } : {}),
            learnNoise: run === 1,
            ...(noise ? { knownNoise: noise } : {}),
            header: { ...parity.header, endpoint, run: `${run} of ${RUNS}` },
          });
          noise = execution.noise;
          const verdict = judgeRun(execution.run);
          const text = renderTextReport(execution.run);
          await evidence(`parity-${endpoint}-run-${run}`, {
            verdict: verdict.verdict,
            reasons: verdict.reasons,
            cases: verdict.cases,
            compared: verdict.comparedCount,
            noData: execution.run.noData ?? [],
            numeric: verdict.numericCompared,
            retries: execution.retries,
            forwarding: execution.run.forwarding ?? [],
            noise: Object.fromEntries([...execution.noise].filter(([, paths]) => paths.length > 0)),
            unrecorded: execution.outcomes
              .filter((outcome) => outcome.unrecorded.length > 0)
              .map((outcome) => `${outcome.case}: ${outcome.unrecorded.join(', ')}`),
            text: text.split('\n'),
            report: JSON.parse(renderJsonReport(execution.run)) as unknown,
          });
          // The first failing case with its first drift (path, both values, tolerance); the whole
          // report is in the evidence.
          const firstFailure = execution.run.reports.find((report) => report.verdict !== 'pass');
          const message = [
            // An inconclusive run leads with why: the evidence summary reads the first line.
            ...(verdict.verdict === 'inconclusive' ? verdict.reasons.slice(0, 1) : []),
            `${endpoint} parity run ${run} of ${RUNS} (${source(parity.header, execution.run.header)}):`,
            ...verdict.reasons.map((reason) => `- ${reason}`),
            ...(firstFailure ? [describeFailure(firstFailure)] : []),
          ].join('\n');
          expect(verdict.verdict, message).toBe('pass');
        });
      }
    });
  }
});
