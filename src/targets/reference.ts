// The bundled reference server as Playwright's webServer: free loopback ports (port 0), and the
// READY line's URLs handed to the workers through the environment (named capture groups).
import path from 'node:path';
import type { SuiteConfig } from '../config.ts';
import { type ResolvedTarget, TARGET_ENV } from './target.ts';

export const READY_LINE = /READY api=(?<reference_api_base>\S+) legacy=(?<reference_legacy_base>\S+)/;

export interface ReferenceServerOptions {
  dataset: string;
  faults: string;
  latency: string;
  extraArgs?: string[];
}

/** The command line that starts the reference server on free loopback ports. */
export function referenceServerArgs(options: ReferenceServerOptions): string[] {
  const args = [
    '--import',
    'tsx',
    'reference-server/src/main.ts',
    '--host',
    '127.0.0.1',
    '--api-port',
    '0',
    '--legacy-port',
    '0',
    '--dataset',
    options.dataset,
  ];
  if (options.faults.trim() !== '') args.push('--faults', options.faults.trim());
  if (options.latency.trim() !== '') args.push('--latency', options.latency.trim());
  return [...args, ...(options.extraArgs ?? [])];
}

/** An argument as a POSIX shell reads it back (Playwright runs a webServer command through a shell). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * `userTraffic`: the server simulates its dashboard's users (--user-traffic), for runs with the
 * cutover window, which judges the target's traffic only and is inconclusive without it.
 */
export function referenceWebServer(config: SuiteConfig, { userTraffic }: { userTraffic: boolean }) {
  const args = referenceServerArgs({
    dataset: config.REFERENCE_DATASET,
    faults: config.REFERENCE_FAULTS,
    latency: config.REFERENCE_LATENCY,
    extraArgs: [
      '--login-limit',
      `${config.REFERENCE_LOGIN_LIMIT.limit}/${config.REFERENCE_LOGIN_LIMIT.windowSeconds}`,
      ...(userTraffic ? ['--user-traffic'] : []),
    ],
  });
  return {
    name: 'reference-server',
    command: ['node', ...args].map(shellQuote).join(' '),
    wait: { stdout: READY_LINE },
    // The faults are passed explicitly; the env copy would be merged twice.
    env: { REFERENCE_FAULTS: '' },
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    timeout: 60_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
  };
}

export function resolveReferenceTarget(
  config: SuiteConfig,
  environment: Record<string, string | undefined>,
): ResolvedTarget {
  const apiBase = environment[TARGET_ENV.apiBase];
  const legacyBase = environment[TARGET_ENV.legacyBase];
  if (!apiBase || !legacyBase) {
    throw new Error(
      `TARGET=reference but the reference server's URLs are unknown (${TARGET_ENV.apiBase}/${TARGET_ENV.legacyBase} unset): ` +
        'run through `npx playwright test` (which starts it) or start it with `npm run reference` and use TARGET=external.',
    );
  }
  return {
    mode: 'reference',
    apiBase,
    legacyBase,
    dataset: path.basename(path.resolve(config.REFERENCE_DATASET)),
  };
}
