// The reference server as a command:
//   node --import tsx reference-server/src/main.ts --api-port 8000 --legacy-port 5000 \
//     --dataset fixtures/datasets/golden [--faults a,b] [--latency endpoint=ms[,p=fraction]] \
//     [--host 127.0.0.1] [--login-limit 10/60] [--write-limit 30/60] [--lockout 5/900] [--access-ttl 900]
//     [--production-like] [--user-traffic] [--log]
// --user-traffic: simulated dashboard users (http/simulated-users.ts). REFERENCE_FAULTS
// (comma-separated) is merged with --faults. Prints exactly one line
// `READY api=<url>/api/v1 legacy=<url>` once both apps listen. Exit 2 on a bad argument, an
// unknown fault or an unusable dataset.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReferenceServer } from './app.ts';
import type { LockoutSpec } from './http/limits.ts';

// Signals are handled before anything slow (loading the server's modules and the dataset takes
// seconds): as a container's PID 1 an unhandled SIGTERM is ignored, and `docker stop` would wait
// out its timeout before killing the server.
let server: ReferenceServer | undefined;
let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  if (!server) process.exit(0);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`reference-server: error while closing on ${signal}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

const USAGE =
  'usage: main.ts --dataset DIR [--api-port 8000] [--legacy-port 5000] [--host 127.0.0.1] [--faults a,b] ' +
  '[--latency endpoint=ms[,p=fraction]]... [--login-limit N/S] [--write-limit N/S] [--lockout FAILURES/SECONDS] ' +
  '[--access-ttl SECONDS] [--production-like] [--user-traffic] [--log]';

class UsageError extends Error {}

function parseAccessTtl(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new UsageError(`--access-ttl "${value}" is not a whole number of seconds (at least 1)`);
  }
  return seconds;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--${name} "${value}" is not a port (0-65535; 0 = any free port)`);
  return n;
}

function parseLockout(text: string): LockoutSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const maxFailures = Number(m?.[1]);
  const lockSeconds = Number(m?.[2]);
  if (!m || maxFailures < 1 || lockSeconds < 1)
    throw new UsageError(`--lockout "${text}" is not FAILURES/SECONDS (e.g. 5/900)`);
  return { maxFailures, lockSeconds };
}

function urlHost(host: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return shown.includes(':') ? `[${shown}]` : shown;
}

async function main(argv: string[]): Promise<number> {
  const { buildReferenceServer } = await import('./app.ts');
  const { FAULT_NAMES, parseFaults, UnknownFaultError } = await import('./faults.ts');
  const { API_PREFIX } = await import('./http/api-app.ts');
  const { parseLatencyRules } = await import('./http/latency.ts');
  const { parseRateLimit } = await import('./http/limits.ts');
  let started: ReferenceServer;
  let host: string;
  let apiPort: number;
  let legacyPort: number;
  let userTraffic: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'api-port': { type: 'string' },
        'legacy-port': { type: 'string' },
        dataset: { type: 'string' },
        faults: { type: 'string', multiple: true },
        latency: { type: 'string', multiple: true },
        host: { type: 'string' },
        'login-limit': { type: 'string' },
        'write-limit': { type: 'string' },
        lockout: { type: 'string' },
        'access-ttl': { type: 'string' },
        'production-like': { type: 'boolean' },
        'user-traffic': { type: 'boolean' },
        log: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\nfaults: ${FAULT_NAMES.join(', ')}\n`);
      return 0;
    }
    host = values.host ?? '127.0.0.1';
    userTraffic = values['user-traffic'] === true;
    apiPort = port(values['api-port'], 8000, 'api-port');
    legacyPort = port(values['legacy-port'], 5000, 'legacy-port');
    if (!values.dataset)
      throw new UsageError(
        '--dataset DIR is required (a folder with cartera.csv, cobranzas_prepagas.csv, contratos.csv, gestores.csv, data/*.json)',
      );
    const datasetDir = resolve(values.dataset);
    if (!existsSync(datasetDir) || !statSync(datasetDir).isDirectory()) {
      throw new UsageError(`--dataset ${values.dataset}: not a folder`);
    }
    const faults = parseFaults([...(values.faults ?? []), process.env.REFERENCE_FAULTS ?? '']);
    started = buildReferenceServer({
      datasetDir,
      faults,
      latency: parseLatencyRules(values.latency ?? []),
      loginLimit: values['login-limit'] ? parseRateLimit(values['login-limit']) : undefined,
      writeLimit: values['write-limit'] ? parseRateLimit(values['write-limit']) : undefined,
      lockout: values.lockout ? parseLockout(values.lockout) : undefined,
      accessTtlSeconds: values['access-ttl'] ? parseAccessTtl(values['access-ttl']) : undefined,
      productionLike: values['production-like'] === true,
      logger: values.log === true,
    });
  } catch (error) {
    if (error instanceof UnknownFaultError) {
      process.stderr.write(`reference-server: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`reference-server: ${message}\n${USAGE}\n`);
    }
    return 2;
  }

  server = started;

  try {
    await started.api.listen({ host, port: apiPort });
    await started.legacy.listen({ host, port: legacyPort });
  } catch (error) {
    process.stderr.write(
      `reference-server: cannot listen: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await started.close().catch(() => undefined);
    return 1;
  }
  const portOf = (address: ReturnType<typeof started.api.server.address>): number =>
    typeof address === 'object' && address !== null ? address.port : 0;
  const shown = urlHost(host);
  if (userTraffic) {
    const { startUserTraffic } = await import('./http/simulated-users.ts');
    startUserTraffic(`http://${shown}:${portOf(started.legacy.server.address())}`);
  }
  process.stdout.write(
    `READY api=http://${shown}:${portOf(started.api.server.address())}${API_PREFIX} legacy=http://${shown}:${portOf(started.legacy.server.address())}\n`,
  );
  return -1;
}

main(process.argv.slice(2)).then((code) => {
  // -1: serving until a signal arrives.
  if (code >= 0) process.exit(code);
});
