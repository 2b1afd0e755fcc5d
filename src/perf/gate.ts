// The perf smoke as one call: log in, measure the generator ceiling once, load and judge each endpoint
// (endpoint-run.ts), and return the rows with the gate's verdict. Used by cli/perf-smoke.ts.
import { type GeneratorCeiling, measureCeilingContext } from './ceiling.ts';
import { runPerfEndpoint } from './endpoint-run.ts';
import { PERF_ENDPOINTS } from './endpoints.ts';
import { type PerfGateOptions, type PerfSettings, perfSettings } from './gate-options.ts';
import { combineVerdicts, type PerfVerdict } from './judge.ts';
import { loginForToken } from './login.ts';
import type { PerfRow } from './report.ts';

export interface PerfGateResult {
  gate: 'perf';
  verdict: PerfVerdict;
  reasons: string[];
  startedAt: string;
  finishedAt: string;
  target: { apiBase: string };
  settings: PerfSettings;
  generator: (GeneratorCeiling & { saturationRatio: number }) | null;
  rows: PerfRow[];
  /** Every 2xx response time per endpoint (ms); left out of the JSON evidence by perfEvidence. */
  samples: Record<string, number[]>;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { cause?: { code?: string } }).cause?.code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** Run the perf smoke against apiBase and judge it (see judge.ts for the rules). */
export async function runPerfGate(options: PerfGateOptions): Promise<PerfGateResult> {
  const log = options.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const settings = perfSettings(options);
  const finish = (
    partial: Pick<PerfGateResult, 'verdict' | 'reasons' | 'generator' | 'rows' | 'samples'>,
  ) => ({
    gate: 'perf' as const,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: { apiBase: options.apiBase },
    settings,
    ...partial,
  });

  const needsToken = options.endpoints.some((name) => PERF_ENDPOINTS[name].kind === 'analytics');
  let token = '';
  if (needsToken) {
    try {
      token = await loginForToken(
        options.apiBase,
        options.username,
        options.password,
        options.loginTimeoutMs,
      );
      log(`logged in as ${options.username}`);
    } catch (error) {
      return finish({
        verdict: 'fail',
        reasons: [`could not log in to measure the analytics endpoints: ${describeError(error)}`],
        generator: null,
        rows: [],
        samples: {},
      });
    }
  }

  let ceiling = await measureCeilingContext(options);
  const rows: PerfRow[] = [];
  const samples: Record<string, number[]> = {};
  for (const name of options.endpoints) {
    const measured = await runPerfEndpoint(name, options, token, ceiling);
    rows.push(measured.row);
    samples[name] = measured.samples;
    // A re-measured (higher) ceiling is the better figure for the endpoints that follow.
    ceiling = measured.ceiling;
  }

  const verdict = combineVerdicts(rows.map((row) => row.verdict));
  const failing = rows.filter((row) => row.verdict !== 'pass').map((row) => `${row.endpoint} ${row.verdict}`);
  const reasons = [
    ...ceiling.reasons,
    failing.length > 0 ? `not passing: ${failing.join(', ')}` : 'every endpoint passed',
  ];
  return finish({ verdict, reasons, generator: ceiling.generator, rows, samples });
}
