import { type BadInputOutcome, sendBadInputs } from '../../src/clients/bad-input-reply.ts';
import { KNOWN_BAD_FILTERS, sampleBadInputs } from '../../src/contract/bad-input.ts';
import { expect, test } from '../../src/gate-fixtures/analytics.ts';
import { recordGeneratedCases } from '../../src/reporting/annotations.ts';

// Bad analytics input (docs/contract.md "Analytics filters"). The last file of the analytics gate on
// purpose (files run by name): its export probes are writes, and where the gate's own exports or the
// gates before it filled the write window, the wait for them comes after the gate's other checks
// instead of before them.
test.describe('analytics input validation', { tag: ['@analytics', '@runbook-verificacion'] }, () => {
  test('generated invalid filters and bodies are refused with 4xx and the error contract, never 5xx', async ({
    asViewer,
    asAdmin,
    suiteConfig,
    evidence,
  }, testInfo) => {
    // Months 00 and 13+, one-digit months, two-digit years, trailing text, wrong types, very long
    // lists, bodies that are not an object: drawn from the contract's grammar with a fixed seed,
    // after the real system's own 500s. The summaries take the viewer; the exports need the admin.
    const seed = suiteConfig.E2E_BAD_INPUT_SEED;
    const routes = [
      { route: 'portfolioSummary', client: asViewer, count: suiteConfig.E2E_BAD_INPUT_RUNS, known: true },
      { route: 'rendimientoSummary', client: asViewer, count: suiteConfig.E2E_BAD_INPUT_RUNS, known: true },
      { route: 'moraSummary', client: asViewer, count: suiteConfig.E2E_BAD_INPUT_RUNS, known: true },
      { route: 'brokersSummary', client: asViewer, count: suiteConfig.E2E_BAD_INPUT_RUNS, known: true },
      { route: 'exportCsv', client: asAdmin, count: suiteConfig.badInputLimitedRuns, known: false },
      { route: 'exportPdf', client: asAdmin, count: suiteConfig.badInputLimitedRuns, known: false },
      { route: 'exportAlias', client: asAdmin, count: suiteConfig.badInputLimitedRuns, known: false },
    ] as const;
    const outcomes: BadInputOutcome[] = [];
    for (const { route, client, count, known } of routes) {
      await test.step(`${route}: ${count} generated inputs, seed ${seed}`, async () => {
        const inputs = [...(known ? KNOWN_BAD_FILTERS : []), ...sampleBadInputs(route, seed, count)];
        outcomes.push(await sendBadInputs(client, route, inputs));
      });
    }
    const problems = outcomes.flatMap((outcome) => outcome.problems);
    await recordGeneratedCases(outcomes, problems, { suiteConfig, testInfo, evidence });
    expect(
      problems,
      `bad input not refused as the contract says (seed ${seed}; E2E_BAD_INPUT_SEED=${seed} replays it)`,
    ).toEqual([]);
  });
});
