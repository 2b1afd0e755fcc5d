import { missingBaselines } from '../../src/analytics/baselines.ts';
import { EXPORT_ENDPOINTS, type ExportEndpoint } from '../../src/contract/endpoints.ts';
import {
  BASELINES_TEST,
  expect,
  fetchSummary,
  invariantFilterSets,
  test,
  unfilteredSummary,
} from '../../src/gate-fixtures/analytics.ts';
import {
  type AnySummary,
  isEmptySummary,
  summarySize,
  summaryViolations,
} from '../../src/parity/invariants.ts';

// Runbook "Verificacion funcional minima" 4: each analytics summary parses (the typed client checks
// the contract schema) and is internally consistent, on the runbook's filter set and on broader
// sets built from the data, none of them empty (an invariant on an empty payload proves nothing).
const TITLES: Record<ExportEndpoint, string> = {
  portfolio:
    'portfolio summary: vigente + moroso and cobrador + debito equal total, byGestion adds up to the totals',
  rendimiento:
    'rendimiento summary: every breakdown adds up to totalDebt and totalPaid, cp <= c, the paid matrix adds up to totalPaid',
  mora: 'mora summary: series aligned with labels, months in order, pct = transitions / vigente base * 100',
  brokers: 'brokers summary: rows sorted by month, supervisor, UN and via, totalContracts = sum of counts',
};

test.describe('analytics baselines', { tag: ['@analytics', '@runbook-verificacion'] }, () => {
  // Every check below builds on these answers; when one is missing they are skipped and the cause is
  // said here, once.
  test(BASELINES_TEST, async ({ baselineOutcome, evidence }) => {
    await evidence('baselines', baselineOutcome.asked);
    expect(
      Object.entries(baselineOutcome.problems).map(([endpoint, problem]) => `${endpoint}: ${problem}`),
      'whole-dataset summaries the analytics checks build on (each one missing skips only the checks that need it)',
    ).toEqual([]);
  });
});

test.describe('analytics summaries are internally consistent', {
  tag: ['@analytics', '@runbook-verificacion'],
}, () => {
  for (const endpoint of EXPORT_ENDPOINTS) {
    test(TITLES[endpoint], async ({ asViewer, baselines, baselineOutcome, tolerance, evidence }) => {
      const baseline = baselines.need(endpoint);
      const unfiltered = unfilteredSummary(baseline, endpoint);
      if (!unfiltered) throw new Error(`no ${endpoint} baseline after need()`);
      const checked: Record<string, unknown>[] = [];
      for (const set of invariantFilterSets(baseline)) {
        await test.step(set.name, async () => {
          // The unfiltered answer is already at hand: reuse it.
          const summary: AnySummary =
            Object.keys(set.filters).length === 0
              ? unfiltered
              : await fetchSummary(asViewer, endpoint, set.filters);
          const empty = isEmptySummary(summary);
          checked.push({ set: set.name, filters: set.filters, ...summarySize(summary), empty });
          if (!set.mayBeEmpty) {
            expect(
              empty,
              `${set.name} gave an empty ${endpoint} summary: its invariants would prove nothing`,
            ).toBe(false);
          }
          const violations = summaryViolations(summary, tolerance, set.filters.gestion_month ?? []);
          expect(violations, `${endpoint} summary with ${set.name} is inconsistent`).toEqual([]);
        });
      }
      if (baseline.topSupervisor === undefined) {
        // Supervisors come from the brokers baseline; without it that set is left out, and said so.
        checked.push({ set: 'supervisor', notChecked: missingBaselines(baselineOutcome, ['brokers']) });
      }
      await evidence(`${endpoint}-invariants`, checked);
    });
  }
});
