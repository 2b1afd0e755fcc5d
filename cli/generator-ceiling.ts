// npm run perf:ceiling -- [--url URL | --self] [--connections N] [--seconds S] [--json]
// The load generator's own ceiling on this machine: req/s that autocannon (recording every response
// as the perf gate does) reaches against a trivial endpoint. Default target: the v1 /health of
// API_V1_BASE; --self starts a trivial HTTP server in a child process instead, so the figure can be
// taken with no system running. The perf gate measures this once per run and refuses to report a
// p95 for an endpoint that reaches 80% of it (src/perf/judge.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import { measureGeneratorCeiling } from '../src/perf/ceiling.ts';
import { HEALTH_PATH } from '../src/perf/endpoints.ts';

const TRIVIAL_SERVER = `
const server = require('node:http').createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"ok":true}');
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
`;

/** A trivial server in a child process (its own event loop, like a real target). */
async function startTrivialServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', TRIVIAL_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('trivial server did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(chunk.toString('utf8'));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trivial server exited with ${code}`));
    });
  });
  return { url: `http://127.0.0.1:${port}/`, child };
}

const USAGE = 'usage: npm run perf:ceiling -- [--url URL | --self] [--connections N] [--seconds S] [--json]';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        url: { type: 'string' },
        self: { type: 'boolean', default: false },
        connections: { type: 'string' },
        seconds: { type: 'string', default: '5' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const config = loadConfig();
  const connections = Number(values.connections ?? config.PERF_CONNECTIONS);
  const seconds = Number(values.seconds);
  if (!(Number.isInteger(connections) && connections > 0) || !(seconds > 0)) {
    process.stderr.write('--connections must be a positive integer and --seconds a positive number\n');
    return 2;
  }
  const trivial = values.self ? await startTrivialServer() : null;
  try {
    const url = trivial?.url ?? values.url ?? `${config.API_V1_BASE.replace(/\/+$/, '')}${HEALTH_PATH}`;
    const ceiling = await measureGeneratorCeiling({ url, connections, durationSeconds: seconds });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...ceiling, seconds }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `generator ceiling: ${ceiling.rps === null ? 'unknown (no answer)' : `${ceiling.rps.toFixed(0)} req/s`} ` +
          `(${ceiling.connections} connections, ${seconds} s against ${url}; ${ceiling.responses} responses, ` +
          `${ceiling.non2xx} non-2xx, ${ceiling.errors} errors)\n`,
      );
    }
    return ceiling.rps === null ? 2 : 0;
  } finally {
    if (trivial) {
      trivial.child.kill('SIGTERM');
      if (trivial.child.exitCode === null) await once(trivial.child, 'exit');
    }
  }
}

runWhenMain(import.meta.url, main, 'ceiling');
