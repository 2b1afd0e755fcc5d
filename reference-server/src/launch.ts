// One reference server as its command line describes it (main.ts, instances.ts): the options parsed
// and checked, the server built and listening, its simulated users started.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReferenceServer, ReferenceServerOptions } from './app.ts';
import type { LockoutSpec } from './http/limits.ts';

export const USAGE =
  'usage: main.ts --dataset DIR [--api-port 8000] [--legacy-port 5000] [--host 127.0.0.1] [--faults a,b] ' +
  '[--latency endpoint=ms[,p=fraction]]... [--login-limit N/S] [--write-limit N/S] [--lockout FAILURES/SECONDS] ' +
  '[--access-ttl SECONDS] [--production-like] [--user-traffic] [--log] | --instances [--host 127.0.0.1]';

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

export function urlHost(host: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return shown.includes(':') ? `[${shown}]` : shown;
}

/** One server as the command line describes it. */
export interface Launch {
  host: string;
  apiPort: number;
  legacyPort: number;
  userTraffic: boolean;
  options: ReferenceServerOptions;
}

/**
 * The command line of one server; `extraFaults` is merged with --faults (REFERENCE_FAULTS for the
 * command). Throws UsageError, or UnknownFaultError for a fault name the server does not know.
 */
export async function parseLaunch(argv: string[], extraFaults: string): Promise<Launch | 'help'> {
  const { FAULT_NAMES, parseFaults } = await import('./faults.ts');
  const { parseLatencyRules } = await import('./http/latency.ts');
  const { parseRateLimit } = await import('./http/limits.ts');
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
    return 'help';
  }
  if (!values.dataset)
    throw new UsageError(
      '--dataset DIR is required (a folder with cartera.csv, cobranzas_prepagas.csv, contratos.csv, gestores.csv, data/*.json)',
    );
  const datasetDir = resolve(values.dataset);
  if (!existsSync(datasetDir) || !statSync(datasetDir).isDirectory()) {
    throw new UsageError(`--dataset ${values.dataset}: not a folder`);
  }
  return {
    host: values.host ?? '127.0.0.1',
    userTraffic: values['user-traffic'] === true,
    apiPort: port(values['api-port'], 8000, 'api-port'),
    legacyPort: port(values['legacy-port'], 5000, 'legacy-port'),
    options: {
      datasetDir,
      faults: parseFaults([...(values.faults ?? []), extraFaults]),
      latency: parseLatencyRules(values.latency ?? []),
      loginLimit: values['login-limit'] ? parseRateLimit(values['login-limit']) : undefined,
      writeLimit: values['write-limit'] ? parseRateLimit(values['write-limit']) : undefined,
      lockout: values.lockout ? parseLockout(values.lockout) : undefined,
      accessTtlSeconds: values['access-ttl'] ? parseAccessTtl(values['access-ttl']) : undefined,
      productionLike: values['production-like'] === true,
      logger: values.log === true,
    },
  };
}

export interface Listening {
  apiBase: string;
  legacyBase: string;
  close(): Promise<void>;
}

/**
 * Builds the server (with `dataset` when already loaded). Throws, naming the file and column, when
 * the dataset folder is unusable.
 */
export async function build(
  launch: Launch,
  dataset?: ReferenceServerOptions['dataset'],
): Promise<ReferenceServer> {
  const { buildReferenceServer } = await import('./app.ts');
  return buildReferenceServer({ ...launch.options, ...(dataset ? { dataset } : {}) });
}

/** Listens on both ports and starts the simulated users; closes the server when it cannot listen. */
export async function listen(launch: Launch, started: ReferenceServer): Promise<Listening> {
  const { API_PREFIX } = await import('./http/api-app.ts');
  try {
    await started.api.listen({ host: launch.host, port: launch.apiPort });
    await started.legacy.listen({ host: launch.host, port: launch.legacyPort });
  } catch (error) {
    await started.close().catch(() => undefined);
    throw error;
  }
  const portOf = (address: ReturnType<typeof started.api.server.address>): number =>
    typeof address === 'object' && address !== null ? address.port : 0;
  const shown = urlHost(launch.host);
  const legacyBase = `http://${shown}:${portOf(started.legacy.server.address())}`;
  let stopUsers = () => {};
  if (launch.userTraffic) {
    const { startUserTraffic } = await import('./http/simulated-users.ts');
    stopUsers = startUserTraffic(legacyBase);
  }
  return {
    apiBase: `http://${shown}:${portOf(started.api.server.address())}${API_PREFIX}`,
    legacyBase,
    close: async () => {
      stopUsers();
      await started.close();
    },
  };
}
