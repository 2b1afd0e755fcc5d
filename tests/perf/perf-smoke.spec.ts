import { loadConfig, PERF_ENDPOINT_NAMES } from '../../src/config.ts';
import { perfEndpointExclusion } from '../../src/exclusions.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/perf.ts';
import { runPerfEndpoint } from '../../src/perf/endpoint-run.ts';
import { PERF_ENDPOINTS, type PerfEndpointName } from '../../src/perf/endpoints.ts';
import { perfSettings } from '../../src/perf/gate-options.ts';
import { describeCaps, formatPerfTable } from '../../src/perf/report.ts';
import { INCONCLUSIVE_ANNOTATION } from '../../src/reporting/annotations.ts';

// Runbook T+30: "perf_smoke_api_v1.py cumple p95 por endpoint". One test per endpoint: warm-up, then
// PERF_SAMPLES requests on PERF_CONNECTIONS connections (varied filter bodies), every response time
// kept, p95 nearest-rank against the endpoint's budget. Too few samples or a saturated generator is
// "inconclusive": a failure that says so, never a pass (docs/perf.md, "Verdict rules").

const LABELS: Record<PerfEndpointName, string> = {
  portfolio: 'portfolio summary',
  rendimiento: 'rendimiento summary',
  mora: 'mora summary',
  brokers: 'brokers summary',
  login: 'login',
};

/** Warm-up and measured phase may each run to PERF_DURATION_S, plus a request timeout and a margin. */
function perEndpointTimeoutMs(): number {
  const config = loadConfig();
  return (2 * config.PERF_DURATION_S + 10 + 30) * 1000;
}

test.describe('perf smoke: p95 per endpoint', { tag: ['@perf', '@runbook-T30'] }, () => {
  test.describe.configure({ timeout: perEndpointTimeoutMs() });

  for (const name of PERF_ENDPOINT_NAMES) {
    const endpoint = PERF_ENDPOINTS[name];
    test.describe(() => {
      excludeWhen(perfEndpointExclusion(name));
      test(`${LABELS[name]} p95 is within budget, with no failed requests`, async ({
        perfOptions,
        generatorCeiling,
        sessions,
        evidence,
      }, testInfo) => {
        const settings = perfSettings(perfOptions);
        const caps = describeCaps(settings);

        // Analytics run on the worker's admin token; login posts the configured credentials. Neither
        // the token nor the password is attached, logged or part of the row.
        const token = await test.step('take the admin token of this worker', () =>
          endpoint.kind === 'login' ? Promise.resolve('') : sessions.accessToken('admin'));
        const { row, ceiling } =
          await test.step(`load ${endpoint.method} ${endpoint.path}: ${settings.samples} requests on ${settings.connections} connections (${caps})`, () =>
            runPerfEndpoint(name, perfOptions, token, generatorCeiling));

        const table = formatPerfTable([row], {
          verdict: row.verdict,
          reasons: ceiling.reasons,
          generatorCeilingRps: ceiling.generator.rps,
          connections: settings.connections,
          caps: settings,
        });
        await evidence('p95_ms', row.p95_ms);
        await evidence('row', row);
        await evidence('generator', { ...ceiling.generator, notes: ceiling.reasons });
        await evidence('settings', { ...settings, caps });
        await evidence('table', table.split('\n'));
        await testInfo.attach(`perf table: ${name}`, { body: table, contentType: 'text/plain' });

        await test.step(`judge: p95 <= ${row.budget_ms} ms over at least ${settings.samples} samples, no failed request`, () => {
          if (row.verdict === 'inconclusive') {
            testInfo.annotations.push({
              type: INCONCLUSIVE_ANNOTATION,
              description: `${name}: ${row.reasons.join('; ')}`,
            });
          }
          const said =
            row.verdict === 'inconclusive'
              ? `${LABELS[name]} is inconclusive (not a pass)`
              : `${LABELS[name]} ${row.verdict === 'fail' ? 'fails' : 'passes'}`;
          expect(row.verdict, `${said}: ${row.reasons.join('; ')}`).toBe('pass');
        });
      });
    });
  }
});
