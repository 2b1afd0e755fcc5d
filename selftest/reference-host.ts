// The self-test's reference host: one `reference-server/src/main.ts --instances` process that starts
// a fresh reference server for each run that asks (reference-server/src/instances.ts), instead of a
// process per run. Each server has its own state; the process, its modules and the parsed dataset
// files are shared.
import { type ChildProcess, spawn } from 'node:child_process';
import { z } from 'zod';
import { type ReferenceServerOptions, referenceServerArgs } from '../src/targets/reference.ts';
import type { RunningReferenceServer } from '../src/targets/reference-process.ts';

const READY = /READY control=(\S+)/;
const Started = z.object({ id: z.string(), api: z.string(), legacy: z.string() });
const Refused = z.object({ error: z.string() });
const STARTUP_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface ReferenceHost {
  start(options: ReferenceServerOptions): Promise<RunningReferenceServer>;
  close(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startReferenceHost(): Promise<ReferenceHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts', '--instances'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REFERENCE_FAULTS: '' },
  });
  // Both pipes stay drained for the host's whole life, so it never blocks on a full pipe.
  let output = '';
  const controlUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reference host not ready after ${STARTUP_TIMEOUT_MS} ms: ${output}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const url = READY.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`reference host exited with ${code ?? signal} before READY: ${output.trim()}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  return {
    async start(options) {
      // The command line main.ts would get, after `--import tsx main.ts`; the host picks the ports.
      const args = referenceServerArgs(options).slice(3);
      const response = await fetch(`${controlUrl}/instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body: unknown = await response.json();
      if (response.status !== 201) {
        const refused = Refused.safeParse(body);
        throw new Error(
          `reference host refused ${args.join(' ')}: HTTP ${response.status} ${refused.success ? refused.data.error : ''}`,
        );
      }
      const started = Started.parse(body);
      return {
        apiBase: started.api,
        legacyBase: started.legacy,
        apiOrigin: new URL(started.api).origin,
        stop: async () => {
          await fetch(`${controlUrl}/instances/${started.id}`, {
            method: 'DELETE',
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        },
      };
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
