// npm run perf:accuracy -- [--api URL] [--latency SPEC] [--samples N] [--connections N] [--seconds S] [--json]
// Measurement honesty against a reference server started with the same latency injection, e.g.
//   npm run reference -- --api-port 0 --legacy-port 0 --dataset fixtures/datasets/golden \
//     --latency /api/v1/analytics/mora/summary=1500,p=0.1
// Loads the delayed endpoint and prints the injected distribution's true p95 (src/perf/accuracy.ts)
// against the measured one and their relative error. Exit 0 within tolerance (5%), 1 outside,
// 2 misconfigured or unreachable.
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import { runAccuracyCheck } from '../src/perf/accuracy.ts';

export const DEFAULT_LATENCY_SPEC = '/api/v1/analytics/mora/summary=1500,p=0.1';

const USAGE =
  'usage: npm run perf:accuracy -- [--api URL] [--latency SPEC] [--samples N] [--connections N] [--seconds S] [--json]';
export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        api: { type: 'string' },
        latency: { type: 'string', default: DEFAULT_LATENCY_SPEC },
        samples: { type: 'string', default: '400' },
        connections: { type: 'string', default: '20' },
        seconds: { type: 'string', default: '60' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const config = loadConfig();
  const samples = Number(values.samples);
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  if (![samples, connections].every((value) => Number.isInteger(value) && value > 0) || !(seconds > 0)) {
    process.stderr.write('--samples and --connections must be positive integers, --seconds positive\n');
    return 2;
  }
  const result = await runAccuracyCheck({
    apiBase: values.api ?? config.API_V1_BASE,
    latencySpec: values.latency,
    username: config.E2E_ADMIN_USER,
    password: config.E2E_ADMIN_PASSWORD,
    samples,
    connections,
    durationSeconds: seconds,
  });
  const { url, injection } = result;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [
      `endpoint: POST ${url} (injected: ${injection.fraction * 100}% of requests + ${injection.delayMs} ms)`,
      `samples: ${result.samples} (${result.non2xx} non-2xx, ${result.errors} errors, stopped by ${result.stoppedBy})`,
      `delayed responses: ${result.delayedObserved} observed, ${result.delayedExpected} expected`,
      `true p95: ${result.trueP95Ms.toFixed(1)} ms (injected mixture over ${result.baseSource})`,
      `measured p95: ${result.measuredP95Ms.toFixed(1)} ms (nearest rank over every response)`,
      `relative error: ${result.relativeErrorPct.toFixed(2)}% (tolerance ${result.tolerancePct}%): ` +
        (result.withinTolerance ? 'WITHIN' : 'OUTSIDE'),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return result.withinTolerance && result.non2xx === 0 && result.errors === 0 ? 0 : 1;
}

runWhenMain(import.meta.url, main, 'accuracy');
